"""The product grids' search document: SKU and name (indexed by migrations/0004_grid_fulltext_search.py; the
source item and low stock grids find their rows through it); searched by backoffice.grid_search."""

from __future__ import annotations

from backoffice.grid_search import SearchDocument

from .models import Product

PRODUCT = SearchDocument(Product, ("sku", "name"))
