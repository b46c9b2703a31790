"""E-invoices generated at the till ("hoá đơn điện tử có mã của cơ quan thuế khởi tạo từ máy tính tiền").

The code is made here, without a round-trip (the tax authority's prefix for this seller + our own sequence); the
invoice is written with its sale in the checkout transaction (``issue``), covered by the journal's hash chain, and
sent to the tax authority afterwards through a provider (``queue``, ``providers/``). See ``docs/einvoice.md``.
"""
