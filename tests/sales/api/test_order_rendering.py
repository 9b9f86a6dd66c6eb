"""GET /V1/orders and /V1/orders/{id} render with plain functions (sales/api/rendering.py): the bytes the nested
DRF serializers print, in constant queries (Magento: module-sales/etc/webapi.xml, OrderRepositoryInterface getList
and get; the keys and their order are Magento's OrderInterface getters, as DataObjectProcessor prints them)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone

from backoffice.rest.routes import ListView
from backoffice.rest.serializers import MagentoModelSerializer
from sales.api import rendering
from sales.api import serializers as sales_serializers
from sales.api import views as sales_views
from sales.invoicing import invoice_order
from sales.models import Order, OrderAddress, OrderPayment, OrderStatusHistory
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


@pytest.mark.parametrize("count", [1, 20])
def test_the_order_list_costs_the_same_queries_whatever_its_length(
    rest_client, django_assert_num_queries: Callable, count: int
) -> None:
    for _ in range(count):
        make_order(item_qtys=[Decimal("1"), Decimal("2")])

    # the token, the count, the page's order ids, the orders with their payments, then items, addresses and
    # status histories (sales/api/order_page.py)
    with django_assert_num_queries(7):
        response = rest_client.get("/rest/V1/orders", {"searchCriteria[pageSize]": 20})

    assert len(response.json()["items"]) == count


def test_one_order_costs_four_queries_after_the_token(rest_client, django_assert_num_queries: Callable) -> None:
    order = make_order(item_qtys=[Decimal("1")] * 5)

    with django_assert_num_queries(5):  # the token, the order with its payment, items, addresses, histories
        response = rest_client.get(f"/rest/V1/orders/{order.pk}")

    assert len(response.json()["items"]) == 5
