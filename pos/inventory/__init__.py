"""The shop's goods: stock as a ledger of moves, receiving, adjustments, stock counts, alerts and valuation;
and the product master a manager edits (products, barcodes, dated prices, producers, consignment terms, labels).

Stock of a product is always ``SUM(stock_moves.qty_milli)``; nothing here ever overwrites a quantity.
"""
