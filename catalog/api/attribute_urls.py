"""Magento_Catalog's product attribute and attribute set routes (etc/webapi.xml, without the /V1 prefix) of two or
more segments. The one-segment ones (/V1/products/attributes, /types, /attribute-sets) share their path with
/V1/products/:sku and are mounted in inventory.api.urls, before it (see inventory.api.products.literal_or_sku)."""

from django.urls import path

from . import attributes as views

urlpatterns: list = [
    # Magento's router puts a literal segment before a parameter (see inventory.api.urls)
    path("products/attributes/types", views.AttributeTypesView.as_view()),
    path("products/attributes/<str:attribute_code>", views.AttributeDetailView.as_view()),
    path("products/attributes/<str:attribute_code>/options", views.AttributeOptionsView.as_view()),
    path("products/attributes/<str:attribute_code>/options/<str:option_id>", views.AttributeOptionDetailView.as_view()),
    path("products/attribute-sets/sets/list", views.AttributeSetListView.as_view()),
    path("products/attribute-sets/attributes", views.AttributeAssignView.as_view()),
    path("products/attribute-sets/groups/list", views.AttributeGroupListView.as_view()),
    path("products/attribute-sets/groups", views.AttributeGroupCreateView.as_view()),
    path("products/attribute-sets/groups/<id:group_id>", views.AttributeGroupDeleteView.as_view()),
    path("products/attribute-sets/<id:attribute_set_id>", views.AttributeSetDetailView.as_view()),
    path("products/attribute-sets/<id:attribute_set_id>/attributes", views.AttributeSetAttributesView.as_view()),
    path(
        "products/attribute-sets/<id:attribute_set_id>/attributes/<str:attribute_code>",
        views.AttributeUnassignView.as_view(),
    ),
    path("products/attribute-sets/<id:attribute_set_id>/groups", views.AttributeGroupSaveView.as_view()),
]
