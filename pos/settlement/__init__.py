"""Consignment settlement: what the shop owes each consigning producer for a period."""
