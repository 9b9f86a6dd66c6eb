"""The customer grid's search document: the customer's own searchable fields of Magento's customer_grid_flat
(Magento/Customer/etc/indexer.xml: name, email, taxvat), indexed by migrations/0004_grid_fulltext_search.py."""

from __future__ import annotations

from backoffice.grid_search import GridSearch, SearchDocument

from .models import Customer

CUSTOMER_SEARCH = GridSearch(("pk", SearchDocument(Customer, ("firstname", "lastname", "email", "taxvat"))))
