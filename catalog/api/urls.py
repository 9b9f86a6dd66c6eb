"""Catalog routes. The /V1/products routes live in inventory.api.urls: with MSI every product endpoint has an
inventory side (the stock_item it renders, the default-source assignment on save, the reservation guard on
delete), and inventory may import catalog but not the reverse. Their wire formats stay here (serializers.py,
filters.py)."""

urlpatterns: list = []
