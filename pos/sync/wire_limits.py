"""The limits of the wire format, as plain numbers: the till's cart enforces them without loading the wire's
pydantic models (start-up imports no pydantic; ``pos.sync.wire`` applies the same numbers to what it validates).
"""

from __future__ import annotations

#: Most lines in one sale: the cart refuses the next one, the server refuses a longer sale.
MAX_LINES = 500
#: Largest number of outbox entries in one upload.
MAX_BATCH = 1000
#: Bounds on amounts (đồng) and quantities (thousandths) that keep every sum inside a 64-bit integer.
MAX_MONEY = 10**13
MAX_QTY = 10**10
#: Longest e-invoice document (characters of XML): a sale of ``MAX_LINES`` lines with the longest names fits.
MAX_EINVOICE_XML = 1_000_000
#: Most e-invoice states told or asked about in one exchange.
MAX_EINVOICE_STATUSES = 1000
