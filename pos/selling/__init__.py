"""Selling: the cart (pure), tenders, the durable checkout, returns."""
