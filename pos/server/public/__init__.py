"""The public side of head office: GS1 Digital Link pages behind every label (``/01/{GTIN}…``) and the product
feed for e-commerce platforms (``/feed/products.{csv,json,xml}``). No sign-in; only published fields
(``docs/public.md``)."""
