"""searchCriteria allowlists (Magento field names) for the sales list endpoints."""

import django_filters

from ..models import Invoice, Order, Shipment


class OrderFilter(django_filters.FilterSet):
    entity_id = django_filters.NumberFilter(field_name="pk")
    increment_id = django_filters.CharFilter()
    state = django_filters.CharFilter()
    status = django_filters.CharFilter()
    customer_email = django_filters.CharFilter()
    customer_id = django_filters.NumberFilter(field_name="customer__pk")  # the column, not the relation
    customer_lastname = django_filters.CharFilter()
    grand_total = django_filters.NumberFilter()
    base_grand_total = django_filters.NumberFilter()
    store_id = django_filters.NumberFilter()
    created_at = django_filters.DateTimeFilter()
    updated_at = django_filters.DateTimeFilter()

    class Meta:
        model = Order
        fields: list[str] = []


class InvoiceFilter(django_filters.FilterSet):
    entity_id = django_filters.NumberFilter(field_name="pk")
    increment_id = django_filters.CharFilter()
    order_id = django_filters.NumberFilter(field_name="order__entity_id")
    state = django_filters.NumberFilter()
    grand_total = django_filters.NumberFilter()
    base_grand_total = django_filters.NumberFilter()
    store_id = django_filters.NumberFilter()
    created_at = django_filters.DateTimeFilter()
    updated_at = django_filters.DateTimeFilter()

    class Meta:
        model = Invoice
        fields: list[str] = []


class ShipmentFilter(django_filters.FilterSet):
    entity_id = django_filters.NumberFilter(field_name="pk")
    increment_id = django_filters.CharFilter()
    order_id = django_filters.NumberFilter(field_name="order__entity_id")
    store_id = django_filters.NumberFilter()
    total_qty = django_filters.NumberFilter()
    created_at = django_filters.DateTimeFilter()
    updated_at = django_filters.DateTimeFilter()

    class Meta:
        model = Shipment
        fields: list[str] = []
