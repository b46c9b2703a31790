"""The shop manager's screens: shift close, stock count, reports with charts, producer settlement.

Thin views over the core (``pos.shifts``, ``pos.inventory``, ``pos.reports``, ``pos.settlement``): every rule and
permission check is in the core; these screens only collect input, call it and show the result.
"""
