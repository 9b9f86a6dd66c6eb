"""searchCriteria allowlist (Magento attribute codes) for GET /V1/products."""

import re

import django_filters
from django.db.models import Q

from backoffice.exceptions import InputError
from backoffice.rest.search_criteria import INVALID_FIELD_VALUE, Filter

from ..models import CategoryProduct, Product

_CATEGORY_ID = re.compile(r"\s*[0-9]{1,18}\s*")


class CategoryIdFilter(django_filters.NumberFilter):
    """``category_id``: Magento's ProductCategoryFilter (module-catalog Model/Api/SearchCriteria/
    CollectionProcessor/FilterProcessor/ProductCategoryFilter.php), a custom filter, not a column.

    ``in`` and ``nin`` take a comma-separated list, ``eq`` and ``neq`` one id; Product\\Collection::
    addCategoriesFilter maps eq to in and neq to nin: the products linked (catalog_category_product) to any of
    the categories, or to none of them. A value that is no id matches no category. Other condition types, which
    Magento turns into a comparison of the product id with the subquery (an SQL error past one row), are refused
    as every list refuses a value its field cannot hold. A sort order on it is ignored, as Magento's
    addAttributeToSort ignores a name that is no attribute (search_criteria.SearchCriteriaFilterBackend)."""

    def magento_q(self, item: Filter) -> Q:
        condition = item.condition_type
        if condition not in ("eq", "neq", "in", "nin"):
            raise InputError(INVALID_FIELD_VALUE, parameters={"value": item.value, "fieldName": item.field})
        values = item.value.split(",") if condition in ("in", "nin") else [item.value]
        ids = [int(value) for value in values if _CATEGORY_ID.fullmatch(value)]
        linked = Q(pk__in=CategoryProduct.objects.filter(category_id__in=ids).values("product_id"))
        return ~linked if condition in ("neq", "nin") else linked


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
    category_id = CategoryIdFilter()

    class Meta:
        model = Product
        fields: list[str] = []
