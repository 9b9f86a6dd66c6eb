"""searchCriteria allowlist (Magento attribute codes) for GET /V1/products."""

import django_filters

from ..models import Product


class ProductFilter(django_filters.FilterSet):
    entity_id = django_filters.NumberFilter(field_name="pk")
    sku = django_filters.CharFilter()
    name = django_filters.CharFilter()
    attribute_set_id = django_filters.NumberFilter()
    price = django_filters.NumberFilter()
    status = django_filters.NumberFilter()
    visibility = django_filters.NumberFilter()
    type_id = django_filters.CharFilter()
    weight = django_filters.NumberFilter()
    created_at = django_filters.DateTimeFilter()
    updated_at = django_filters.DateTimeFilter()

    class Meta:
        model = Product
        fields: list[str] = []
