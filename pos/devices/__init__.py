"""Devices the till talks to (scanners, printers, cameras), kept free of Qt so the logic is testable."""
