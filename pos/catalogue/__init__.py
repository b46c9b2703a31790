"""The product catalogue: lookup by any code and diacritic-insensitive search (demo catalogues: ``pos.demo``)."""

from pos.catalogue.lookup import Catalogue, ProductInfo, ScanResult

__all__ = ["Catalogue", "ProductInfo", "ScanResult"]
