"""Catalog routes, paths as in Magento_Catalog's etc/webapi.xml (without the /V1 prefix). The /V1/products routes
live in inventory.api.urls: with MSI every product endpoint has an inventory side (the stock_item it renders, the
default-source assignment on save, the reservation guard on delete), and inventory may import catalog but not the
reverse. Their wire formats stay here (serializers.py, filters.py). The media gallery has no inventory side: its
routes are here (media.py)."""

from django.urls import path

from . import categories, media

urlpatterns = [
    path("categories", categories.CategoryTreeView.as_view()),
    path("categories/list", categories.CategoryListView.as_view()),
    path("categories/<id:category_id>", categories.CategoryDetailView.as_view()),
    path("categories/<id:category_id>/move", categories.CategoryMoveView.as_view()),
    path("categories/<id:category_id>/products", categories.CategoryProductsView.as_view()),
    path("categories/<id:category_id>/products/<str:sku>", categories.CategoryProductView.as_view()),
    path("products/media/types/<str:attribute_set_name>", media.MediaTypesView.as_view()),
    path("products/<str:sku>/media", media.MediaListView.as_view()),
    path("products/<str:sku>/media/<id:entry_id>", media.MediaDetailView.as_view()),
]
