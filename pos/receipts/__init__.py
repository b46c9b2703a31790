"""Receipts: documents, layout and ESC/POS bytes for 58/80 mm thermal printers.

Entry points: :class:`pos.receipts.document.ReceiptDoc` (what to print), :func:`pos.receipts.layout.render`
(document → bytes, pure), :func:`pos.receipts.preview.preview_png` (document → picture of the paper) and
:func:`pos.receipts.testpage.test_page` (the Vietnamese test page in every mode). See docs/printing.md.
"""
