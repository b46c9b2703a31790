"""The product catalogue: lookup by any code, diacritic-insensitive search, demo and synthetic catalogues."""

from pos.catalogue.lookup import Catalogue, ProductInfo, ScanResult

__all__ = ["Catalogue", "ProductInfo", "ScanResult"]
