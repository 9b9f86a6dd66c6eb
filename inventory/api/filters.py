"""searchCriteria allowlists (Magento field names) for the inventory list endpoints.

Each Magento field names a real column: a foreign key is filtered through its target (``source__source_code``,
which Django reads from the link's own column without a join), since a relation takes no like/nlike lookup.
"""

import django_filters

from ..models import Source, SourceItem, Stock, StockSourceLink


class SourceFilter(django_filters.FilterSet):
    source_code = django_filters.CharFilter()
    name = django_filters.CharFilter()
    enabled = django_filters.BooleanFilter()
    description = django_filters.CharFilter()
    latitude = django_filters.NumberFilter()
    longitude = django_filters.NumberFilter()
    country_id = django_filters.CharFilter()
    region_id = django_filters.NumberFilter()
    region = django_filters.CharFilter()
    city = django_filters.CharFilter()
    street = django_filters.CharFilter()
    postcode = django_filters.CharFilter()
    contact_name = django_filters.CharFilter()
    email = django_filters.CharFilter()
    phone = django_filters.CharFilter()
    fax = django_filters.CharFilter()
    use_default_carrier_config = django_filters.BooleanFilter()
    is_pickup_location_active = django_filters.BooleanFilter()
    frontend_name = django_filters.CharFilter()

    class Meta:
        model = Source
        fields: list[str] = []


class PickupLocationFilter(SourceFilter):
    """The source fields a pickup-location search filters and sorts on (InventoryInStorePickup ResolveFilters,
    ResolveMeta: frontend_description stands for the location's description)."""

    frontend_description = django_filters.CharFilter()


class StockFilter(django_filters.FilterSet):
    stock_id = django_filters.NumberFilter()
    name = django_filters.CharFilter()

    class Meta:
        model = Stock
        fields: list[str] = []


class StockSourceLinkFilter(django_filters.FilterSet):
    stock_id = django_filters.NumberFilter(field_name="stock__stock_id")
    source_code = django_filters.CharFilter(field_name="source__source_code")
    priority = django_filters.NumberFilter()

    class Meta:
        model = StockSourceLink
        fields: list[str] = []


class SourceItemFilter(django_filters.FilterSet):
    sku = django_filters.CharFilter(field_name="product__sku")
    source_code = django_filters.CharFilter(field_name="source__source_code")
    quantity = django_filters.NumberFilter()
    status = django_filters.NumberFilter()

    class Meta:
        model = SourceItem
        fields: list[str] = []
