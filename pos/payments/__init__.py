"""Payments: VietQR bank-transfer codes, their QR images and the list of Vietnamese banks."""
