"""Catalog routes. The /V1/products routes live in inventory.api.urls: with MSI every product endpoint has an
inventory side (the stock_item it renders, the default-source assignment on save, the reservation guard on
delete), and inventory may import catalog but not the reverse. Their wire formats stay here (serializers.py,
filters.py). The media gallery has no inventory side: its routes are here (media.py)."""

from django.urls import path

from . import media

urlpatterns = [
    path("products/media/types/<str:attribute_set_name>", media.MediaTypesView.as_view()),
    path("products/<str:sku>/media", media.MediaListView.as_view()),
    path("products/<str:sku>/media/<id:entry_id>", media.MediaDetailView.as_view()),
]
