"""Shifts and cash: opening float, paid-in/out, X report, blind close and the numbered Z report."""
