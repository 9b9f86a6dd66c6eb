"""GET /V1/orders and /V1/orders/{id} render with plain functions (sales/api/rendering.py): the bytes the nested
DRF serializers print, in constant queries (Magento: module-sales/etc/webapi.xml, OrderRepositoryInterface getList
and get; the keys and their order are Magento's OrderInterface getters, as DataObjectProcessor prints them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from backoffice.rest.routes import ListView
from backoffice.rest.serializers import MagentoModelSerializer
from sales.api import rendering
from sales.api import serializers as sales_serializers
from sales.api import views as sales_views
from sales.invoicing import invoice_order
from sales.models import Order, OrderAddress, OrderItem, OrderPayment, OrderStatusHistory
from sales.orders import hold_order
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def forget_printed_numbers() -> None:
    """rendering remembers each decimal's JSON number: a test that patches json_decimal must not leave its
    numbers for the next test (nor find the ones printed before the patch)."""
    for remembered in rendering._JSON_DECIMALS.values():
        remembered.clear()
ORDER_SERIALIZERS = (
    "OrderSerializer",
    "OrderItemSerializer",
    "OrderAddressSerializer",
    "OrderPaymentSerializer",
    "OrderStatusHistorySerializer",
)


def drf_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every order serializer back to DRF's own to_representation (the code before the plain functions)."""
    for name in ORDER_SERIALIZERS:
        monkeypatch.setattr(
            getattr(sales_serializers, name), "to_representation", MagentoModelSerializer.to_representation
        )
    for name, serializer in (
        ("render_address", "OrderAddressSerializer"),
        ("render_order_item", "OrderItemSerializer"),
    ):
        cls = getattr(sales_serializers, serializer)
        monkeypatch.setattr(sales_serializers, name, lambda row, cls=cls: cls(row).data)
    # ... and the list's orders built by the ORM (with_details), not rendered from rows (sales/api/order_page.py)
    monkeypatch.setattr(sales_views.OrderListView, "list", ListView.list)
    monkeypatch.setattr(
        sales_views.OrderListView, "paginate_queryset",
        lambda view, queryset: ListView.paginate_queryset(view, queryset.with_details()),
    )


def varied_orders() -> list[Order]:
    """Orders in several states: discounts (negative amounts, fractions), invoiced, on hold, a null comment."""
    orders = [
        make_order(item_qtys=[Decimal("1")]),
        make_order(item_qtys=[Decimal("3"), Decimal("1.5"), Decimal("2")], discount_percent=Decimal("17.5")),
        make_order(item_qtys=[Decimal("2")] * 4, payment_method="checkmo"),
    ]
    invoice_order(orders[1])
    hold_order(orders[2])
    OrderStatusHistory.objects.create(
        parent=orders[0], comment=None, status="pending", entity_name="order", created_at=timezone.now()
    )
    OrderStatusHistory.objects.create(
        parent=orders[0], comment='Ünïcode / "quoted"', status="pending", is_customer_notified=1
    )
    return orders


def test_the_list_and_each_order_are_the_bytes_drf_printed(rest_client, monkeypatch):
    orders = varied_orders()
    paths = [
        "/rest/V1/orders?searchCriteria[pageSize]=20",
        "/rest/V1/orders?searchCriteria[pageSize]=20&fields=items[entity_id,items[sku,price],payment]",
        *(f"/rest/V1/orders/{order.pk}" for order in orders),
    ]

    fast = [rest_client.get(path) for path in paths]
    drf_rendering(monkeypatch)
    drf = [rest_client.get(path) for path in paths]

    assert [response.status_code for response in fast] == [200] * len(paths)
    assert fast[0].json()["total_count"] == 3
    for fast_response, drf_response in zip(fast, drf, strict=True):
        assert fast_response.content == drf_response.content


def test_a_sorted_later_page_and_orders_missing_rows_are_the_bytes_the_orm_and_drf_printed(rest_client, monkeypatch):
    """The rows path keeps the criteria's order across pages, and an order without payment, addresses or items
    renders as the ORM's instances do (no payment key, no billing address, empty extension attributes)."""
    orders = [*varied_orders(), make_order(item_qtys=[Decimal("1"), Decimal("4")]), make_order()]
    OrderPayment.objects.filter(parent=orders[3]).delete()
    OrderAddress.objects.filter(parent=orders[4]).delete()
    orders[4].items.all().delete()
    paths = [
        f"/rest/V1/orders?searchCriteria[pageSize]=2&searchCriteria[currentPage]={page}"
        "&searchCriteria[sortOrders][0][field]=grand_total&searchCriteria[sortOrders][0][direction]=DESC"
        for page in (1, 2, 3)
    ]

    fast = [rest_client.get(path) for path in paths]
    drf_rendering(monkeypatch)
    drf = [rest_client.get(path) for path in paths]

    assert [len(response.json()["items"]) for response in fast] == [2, 2, 1]
    assert len({item["entity_id"] for response in fast for item in response.json()["items"]}) == 5
    assert "payment" not in next(
        item for response in fast for item in response.json()["items"] if item["entity_id"] == orders[3].pk
    )
    for fast_response, drf_response in zip(fast, drf, strict=True):
        assert fast_response.content == drf_response.content


def test_the_drf_reference_differs_when_a_field_does(rest_client, monkeypatch):
    """The comparison above can fail: a number printed 15.0 instead of 15 shows."""
    order = make_order()
    drf_rendering(monkeypatch)
    drf = rest_client.get(f"/rest/V1/orders/{order.pk}").content
    monkeypatch.undo()
    monkeypatch.setattr(rendering, "json_decimal", float)
    forget_printed_numbers()  # printed before the patch; and after it (below), before other tests print

    try:
        assert rest_client.get(f"/rest/V1/orders/{order.pk}").content != drf
    finally:
        forget_printed_numbers()


def edge_orders() -> list[Order]:
    """Orders at the edges of what a column holds: every nullable column null (a guest, nothing paid, no
    coupon), decimals negative, tiny, long and whole, dates with microseconds and far ahead, a JSON payment
    detail with a "/", a multi-line non-ASCII street, an order with a billing address only and one with a
    shipping address only (no shipping method)."""
    orders = [make_order(item_qtys=[Decimal("1"), Decimal("2.5")]) for _ in range(4)]
    amounts = [Decimal("-0.0001"), Decimal("12345678.9999"), Decimal("0.1"), Decimal("1.5000"), Decimal("100"),
               Decimal("-7.25"), Decimal("0.0004"), Decimal("0")]
    for model, rows in ((Order, Order.objects.filter(pk=orders[0].pk)),
                        (OrderItem, OrderItem.objects.filter(order=orders[0])),
                        (OrderPayment, OrderPayment.objects.filter(parent=orders[0]))):
        nullable = {field.attname: None for field in model._meta.concrete_fields
                    if field.null and not field.primary_key and not field.is_relation}
        rows.update(**nullable)
        decimals = [field.attname for field in model._meta.concrete_fields
                    if field.get_internal_type() == "DecimalField" and field.attname not in nullable
                    and not field.attname.startswith("qty_")]  # quantities keep their checks' order
        rows.update(**{attname: amounts[n % len(amounts)] for n, attname in enumerate(decimals)})
    Order.objects.filter(pk=orders[1].pk).update(
        created_at=datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC), updated_at=datetime(2099, 12, 31, 23, 59, 59,
                                                                                        tzinfo=UTC),
        customer_firstname="Zoë", shipping_method=None,
    )
    OrderPayment.objects.filter(parent=orders[1]).update(
        additional_information={"method_title": "Check / Money order", "amounts": [1.5, None, "Ü"]}
    )
    OrderAddress.objects.filter(parent=orders[1]).update(street="Große Straße 1\nApt. 2/3", company=None,
                                                         region=None, region_id=None, region_code=None)
    OrderAddress.objects.filter(parent=orders[2], address_type=OrderAddress.Type.SHIPPING).delete()
    OrderAddress.objects.filter(parent=orders[3], address_type=OrderAddress.Type.BILLING).delete()
    OrderItem.objects.filter(order=orders[3]).update(created_at=datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC))
    return orders


def test_edge_values_are_the_bytes_drf_printed(rest_client, monkeypatch):
    orders = edge_orders()
    paths = ["/rest/V1/orders?searchCriteria[pageSize]=20",
             "/rest/V1/orders?searchCriteria[pageSize]=20&fields=items[entity_id,payment,extension_attributes]"]

    fast = [rest_client.get(path) for path in paths]
    drf_rendering(monkeypatch)
    drf = [rest_client.get(path) for path in paths]

    assert [response.status_code for response in fast] == [200, 200]
    listed = {item["entity_id"]: item for item in fast[0].json()["items"]}
    assert "customer_id" not in listed[orders[0].pk]
    assert len(listed[orders[0].pk]["items"]) == 2
    assert listed[orders[1].pk]["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"] is None
    assert listed[orders[2].pk]["extension_attributes"] == {}
    assert "billing_address" in listed[orders[2].pk]
    assert "billing_address" not in listed[orders[3].pk]
    assert "billing_address_id" not in listed[orders[3].pk]
    for fast_response, drf_response in zip(fast, drf, strict=True):
        assert fast_response.content == drf_response.content


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite stores dates as text")
def test_a_date_stored_in_another_text_form_on_sqlite_is_the_bytes_drf_printed(rest_client, monkeypatch):
    """order_page prints SQLite's "YYYY-MM-DD HH:MM:SS[.ffffff]" by slicing it; a text written otherwise (by
    another program: ISO 8601's "T", an offset) is converted as the ORM converts it."""
    orders = [make_order(), make_order()]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sales_order SET created_at = %s WHERE entity_id = %s",
                       ["2025-01-02T03:04:05.5+00:00", orders[0].pk])
        cursor.execute("UPDATE sales_orderitem SET updated_at = %s WHERE order_id = %s",
                       ["2025-01-02 03:04:05", orders[1].pk])
    path = "/rest/V1/orders?searchCriteria[pageSize]=20"

    fast = rest_client.get(path)
    drf_rendering(monkeypatch)

    listed = {item["entity_id"]: item for item in fast.json()["items"]}
    assert listed[orders[0].pk]["created_at"] == "2025-01-02 03:04:05"
    assert listed[orders[1].pk]["items"][0]["updated_at"] == "2025-01-02 03:04:05"
    assert fast.content == rest_client.get(path).content


@pytest.mark.parametrize("path", [
    "/rest/V1/orders?searchCriteria[pageSize]=20&searchCriteria[currentPage]=9",  # past the last page
    "/rest/V1/orders?searchCriteria[filter_groups][0][filters][0][field]=status"
    "&searchCriteria[filter_groups][0][filters][0][value]=closed",  # nothing matches
])
def test_an_empty_page_is_the_bytes_drf_printed_in_two_queries(
    rest_client, monkeypatch, django_assert_num_queries: Callable, path: str
) -> None:
    make_order()

    with django_assert_num_queries(2):  # the token, the count
        fast = rest_client.get(path)
    drf_rendering(monkeypatch)

    assert fast.json()["items"] == []
    assert fast.content == rest_client.get(path).content


@pytest.mark.parametrize(("count", "page_size"), [(1, 20), (20, 20), (20, 1), (20, 7)])
def test_the_order_list_costs_the_same_queries_whatever_its_length(
    rest_client, django_assert_num_queries: Callable, count: int, page_size: int
) -> None:
    for n in range(count):
        make_order(item_qtys=[Decimal("1")] * (1 + n % 3))

    # the token, the count, the page's order ids, then the orders, their payments, addresses, items and status
    # histories, a statement each (sales/api/order_page.py), sent together in one round trip on PostgreSQL
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 8):
        response = rest_client.get("/rest/V1/orders", {"searchCriteria[pageSize]": page_size})

    assert len(response.json()["items"]) == min(count, page_size)


def test_one_order_costs_four_queries_after_the_token(rest_client, django_assert_num_queries: Callable) -> None:
    order = make_order(item_qtys=[Decimal("1")] * 5)

    with django_assert_num_queries(5):  # the token, the order with its payment, items, addresses, histories
        response = rest_client.get(f"/rest/V1/orders/{order.pk}")

    assert len(response.json()["items"]) == 5
