"""Salable quantity over REST: get-product-salable-quantity, is-product-salable(-for-requested-qty),
are-products-salable and stock-resolver, on several sources and stocks."""

from __future__ import annotations

import pytest

from inventory.models import Source
from tests.factories import make_product
from tests.inventory.world import make_source, make_stock, put, reserve

pytestmark = pytest.mark.django_db
OUT = 0
NOT_ENOUGH = [
    {"code": "back_order-disabled", "message": "Backorders are disabled"},
    {"code": "manage_stock-enabled", "message": "Manage stock is enabled"},
    {"code": "is_salable_with_reservations-not_enough_qty", "message": "Not enough items for sale"},
]


@pytest.fixture
def stocks():
    """Stock A draws on a1 and a2; stock B on b1 and the shared a2."""
    for code in ("a1", "a2", "b1"):
        make_source(code)
    stock_a = make_stock("Stock A", sources=["a1", "a2"], channels=["base"])
    stock_b = make_stock("Stock B", sources=["b1", "a2"])
    make_product(sku="SKU", quantity=None)
    return stock_a.pk, stock_b.pk


@pytest.mark.parametrize(
    ("items", "reservations", "disabled", "expected_a", "expected_b"),
    [
        ([("a1", 10), ("a2", 5), ("b1", 7)], [], [], 15, 12),
        ([("a1", 10), ("a2", 5, OUT)], [], [], 10, 0),  # out-of-stock items do not count
        ([("a1", 10), ("a2", 5)], [], ["a1"], 5, 5),  # nor do disabled sources
        ([("a1", 10, OUT)], [("A", -1)], [], 0, 0),  # nothing in stock: not salable at all
        ([("a1", 10), ("b1", 3)], [("A", -4), ("B", -3)], [], 6, 0),  # reservations are per stock
        ([("a1", 10)], [("A", -4), ("A", 4)], [], 10, 0),  # a compensated order leaves no trace
        ([("a1", "2.5"), ("a2", "0.25")], [("A", "-0.75")], [], 2, 0.25),
    ],
)
def test_salable_quantity_per_stock(rest_client, stocks, items, reservations, disabled, expected_a, expected_b):
    stock_a, stock_b = stocks
    for code, quantity, *status in items:
        put("SKU", code, quantity, *status)
    for stock, quantity in reservations:
        reserve("SKU", stock_a if stock == "A" else stock_b, quantity)
    Source.objects.filter(pk__in=disabled).update(enabled=False)

    salable_a = rest_client.get(f"/rest/V1/inventory/get-product-salable-quantity/SKU/{stock_a}")
    salable_b = rest_client.get(f"/rest/V1/inventory/get-product-salable-quantity/SKU/{stock_b}")
    is_salable_a = rest_client.get(f"/rest/V1/inventory/is-product-salable/SKU/{stock_a}")

    assert (salable_a.status_code, salable_a.json(), salable_b.json()) == (200, expected_a, expected_b)
    assert is_salable_a.json() is (expected_a > 0)


def test_an_unknown_sku_is_a_404_and_an_unknown_stock_sells_nothing(rest_client, stocks):
    unknown = rest_client.get("/rest/V1/inventory/get-product-salable-quantity/NOPE/1")

    assert (unknown.status_code, unknown.json()) == (404, {
        "message": "The product that was requested doesn't exist. Verify the product and try again."
    })
    assert rest_client.get("/rest/V1/inventory/get-product-salable-quantity/SKU/99").json() == 0
    assert rest_client.get("/rest/V1/inventory/is-product-salable/NOPE/1").json() is False


@pytest.mark.parametrize(
    ("requested", "body"),
    [
        ("10", {"salable": True, "errors": []}),
        ("11", {"salable": False, "errors": NOT_ENOUGH}),
        ("0.5", {"salable": False, "errors": [{"code": "is_correct_qty-min_sale_qty",
                                               "message": "The fewest you may purchase is 1."}]}),
        ("10001", {"salable": False, "errors": [{"code": "is_correct_qty-max_sale_qty",
                                                 "message": "The requested qty exceeds the maximum qty allowed in "
                                                            "shopping cart"}]}),
        ("2.5", {"salable": False, "errors": [{"code": "is_correct_qty-is_qty_decimal",
                                               "message": "You cannot use decimal quantity for this product."}]}),
    ],
)
def test_salable_for_requested_qty(rest_client, stocks, requested, body):
    stock_a, _ = stocks
    put("SKU", "a1", 12)
    reserve("SKU", stock_a, -2)

    response = rest_client.get(f"/rest/V1/inventory/is-product-salable-for-requested-qty/SKU/{stock_a}/{requested}")

    assert (response.status_code, response.json()) == (200, body)


def test_requested_qty_on_a_stock_without_the_sku_or_without_stock(rest_client, stocks):
    stock_a, stock_b = stocks
    put("SKU", "a1", 12, status=OUT)

    not_assigned = rest_client.get(f"/rest/V1/inventory/is-product-salable-for-requested-qty/SKU/{stock_b}/1").json()
    out_of_stock = rest_client.get(f"/rest/V1/inventory/is-product-salable-for-requested-qty/SKU/{stock_a}/1").json()
    unknown = rest_client.get(f"/rest/V1/inventory/is-product-salable-for-requested-qty/NOPE/{stock_a}/1")
    not_a_number = rest_client.get(f"/rest/V1/inventory/is-product-salable-for-requested-qty/SKU/{stock_a}/lots")

    assert not_assigned == {"salable": False, "errors": [{
        "code": "requested-sku-is-not-assigned-to-given-stock",
        "message": "The requested sku SKU is not assigned to given stock.",
    }]}
    assert out_of_stock == {"salable": False, "errors": [{
        "code": "is_any_source_item_in_stock-no_source_items_in_stock",
        "message": "There are no source items with the in stock status",
    }]}
    assert (unknown.status_code, unknown.json()) == (400, {
        "message": "Following products with requested skus were not found: %1", "parameters": ["NOPE"]
    })
    assert (not_a_number.status_code, not_a_number.json()) == (400, {
        "message": 'The "lots" value\'s type is invalid. The "float" type was expected. Verify and try again.'
    })


def test_are_products_salable(rest_client, stocks):
    stock_a, _ = stocks
    make_product(sku="EMPTY", quantity=None)
    put("SKU", "a1", 1)

    response = rest_client.get(f"/rest/V1/inventory/are-products-salable/?skus[0]=SKU&skus[1]=EMPTY&skus[2]=NOPE"
                               f"&stockId={stock_a}")
    no_stock = rest_client.get("/rest/V1/inventory/are-products-salable?skus[0]=SKU")

    assert response.json() == [
        {"sku": "SKU", "stock_id": stock_a, "salable": True},
        {"sku": "EMPTY", "stock_id": stock_a, "salable": False},
        {"sku": "NOPE", "stock_id": stock_a, "salable": False},
    ]
    assert (no_stock.status_code, no_stock.json()) == (400, {
        "message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "stockId"}
    })


def test_the_stock_resolver_names_the_stock_of_a_website(rest_client, stocks):
    stock_a, _ = stocks

    assert rest_client.get("/rest/V1/inventory/stock-resolver/website/base").json() == {
        "stock_id": stock_a, "name": "Stock A",
        "extension_attributes": {"sales_channels": [{"type": "website", "code": "base"}]},
    }


def test_acl(staff_client_with, stocks):
    clerk = staff_client_with("inventory.view_source")

    response = clerk.get("/rest/V1/inventory/get-product-salable-quantity/SKU/1")

    assert (response.status_code, response.json()["parameters"]) == (401, {"resources": "Magento_InventorySalesApi::stock"})


def requested(*pairs: tuple[str, object], stock_id: object = None) -> str:
    """The query string InventorySalesApi/Test/Api/AreProductsSalableForRequestedQtyTest.php sends
    (http_build_query of skuRequests and stockId)."""
    params = "&".join(f"skuRequests[{n}][sku]={sku}&skuRequests[{n}][qty]={qty}" for n, (sku, qty) in enumerate(pairs))
    return "/rest/V1/inventory/are-product-salable-for-requested-qty/?" + params + (
        f"&stockId={stock_id}" if stock_id is not None else "")


def test_are_products_salable_for_requested_qty(rest_client, stocks):
    """InventorySalesApi etc/webapi.xml (GET, AreProductsSalableForRequestedQtyInterface) and
    InventorySales Model/AreProductsSalableForRequestedQty.php: one IsProductSalableForRequestedQty result per
    request, in request order, keyed sku, stock_id, salable, errors."""
    stock_a, stock_b = stocks
    make_product(sku="OTHER", quantity=None)
    put("SKU", "a1", 12)
    put("OTHER", "b1", 3)
    reserve("SKU", stock_a, -2)

    response = rest_client.get(requested(("SKU", 10), ("SKU", 11), ("OTHER", 1), ("SKU", "2.5"), stock_id=stock_a))

    assert response.status_code == 200
    assert response.json() == [
        {"sku": "SKU", "stock_id": stock_a, "salable": True, "errors": []},
        {"sku": "SKU", "stock_id": stock_a, "salable": False, "errors": NOT_ENOUGH},
        {"sku": "OTHER", "stock_id": stock_a, "salable": False, "errors": [{
            "code": "requested-sku-is-not-assigned-to-given-stock",
            "message": "The requested sku OTHER is not assigned to given stock.",
        }]},
        {"sku": "SKU", "stock_id": stock_a, "salable": False, "errors": [{
            "code": "is_correct_qty-is_qty_decimal", "message": "You cannot use decimal quantity for this product."}]},
    ]
    assert rest_client.get(requested(("OTHER", 3), stock_id=stock_b)).json() == [
        {"sku": "OTHER", "stock_id": stock_b, "salable": True, "errors": []}]


def test_are_products_salable_for_requested_qty_refusals(rest_client, stocks):
    """Magento's ServiceInputProcessor: a missing parameter is '"%fieldName" is required', a number that is none
    is TypeProcessor's type error; an unknown SKU is IsProductSalableForRequestedQty's refusal; the route is GET
    only (webapi.xml), so a POST matches no route."""
    stock_a, _ = stocks
    put("SKU", "a1", 12)

    no_stock = rest_client.get(requested(("SKU", 1)))
    no_requests = rest_client.get(f"/rest/V1/inventory/are-product-salable-for-requested-qty?stockId={stock_a}")
    bad_qty = rest_client.get(requested(("SKU", "lots"), stock_id=stock_a))
    bad_stock = rest_client.get(requested(("SKU", 1), stock_id="two"))
    no_qty = rest_client.get(f"/rest/V1/inventory/are-product-salable-for-requested-qty?skuRequests[0][sku]=SKU"
                             f"&stockId={stock_a}")
    unknown = rest_client.get(requested(("SKU", 1), ("NOPE", 1), stock_id=stock_a))
    nul = rest_client.get(requested(("SKU%00", 1), stock_id=stock_a))
    huge = rest_client.get(requested(("SKU", 1), stock_id=2**64))
    post = rest_client.post("/rest/V1/inventory/are-product-salable-for-requested-qty",
                            {"skuRequests": [{"sku": "SKU", "qty": 1}], "stockId": stock_a}, format="json")

    required = '"%fieldName" is required. Enter and try again.'
    assert (no_stock.status_code, no_stock.json()) == (400, {"message": required, "parameters": {"fieldName": "stockId"}})
    assert no_requests.json() == {"message": required, "parameters": {"fieldName": "skuRequests"}}
    assert no_qty.json() == {"message": required, "parameters": {"fieldName": "qty"}}
    assert (bad_qty.status_code, bad_qty.json()) == (400, {
        "message": 'The "lots" value\'s type is invalid. The "float" type was expected. Verify and try again.'})
    assert bad_stock.json() == {
        "message": 'The "two" value\'s type is invalid. The "int" type was expected. Verify and try again.'}
    assert (unknown.status_code, unknown.json()) == (400, {
        "message": "Following products with requested skus were not found: %1", "parameters": ["NOPE"]})
    assert (nul.status_code, nul.json()["message"]) == (400, 'Invalid value of "%value" provided for the %fieldName field.')
    assert (huge.status_code, huge.json()) == (400, {
        "message": 'Invalid value of "%value" provided for the %fieldName field.',
        "parameters": {"value": str(2**64), "fieldName": "stockId"}})
    assert (post.status_code, post.json()) == (404, {"message": "Request does not match any route."})


def test_are_products_salable_for_requested_qty_acl(staff_client_with, stocks):
    """webapi.xml: Magento_InventorySalesApi::stock (here inventory.view_stock)."""
    stock_a, _ = stocks
    put("SKU", "a1", 12)
    clerk = staff_client_with("inventory.view_source")

    response = clerk.get(requested(("SKU", 1), stock_id=stock_a))

    assert (response.status_code, response.json()["parameters"]) == (401, {"resources": "Magento_InventorySalesApi::stock"})
