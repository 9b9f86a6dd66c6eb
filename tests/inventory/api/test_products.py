"""/V1/products with MSI: the catalog's product plus its stock_item on the default source."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import Product
from inventory.models import Reservation, SourceItem
from tests.factories import make_order, make_product
from tests.inventory.world import criteria, make_source, put, quantities, reserve, snapshot

pytestmark = pytest.mark.django_db
D = Decimal
CHAMP_TEE = {
    "sku": "MS-Champ-S", "name": "Champ Tee Small", "attribute_set_id": 9, "price": 25, "status": 1, "visibility": 1,
    "type_id": "simple", "weight": "0.5",
    "extension_attributes": {"category_links": [{"position": 0, "category_id": "11"}],
                             "stock_item": {"qty": "10", "is_in_stock": True}},
    "custom_attributes": [{"attribute_code": "description", "value": "The Champ Tee keeps you cool."}],
}
STOCK_ITEM_KEYS = [
    "item_id", "product_id", "stock_id", "qty", "is_in_stock", "is_qty_decimal", "show_default_notification_message",
    "use_config_min_qty", "min_qty", "use_config_min_sale_qty", "min_sale_qty", "use_config_max_sale_qty",
    "max_sale_qty", "use_config_backorders", "backorders", "use_config_notify_stock_qty", "notify_stock_qty",
    "use_config_qty_increments", "qty_increments", "use_config_enable_qty_inc", "enable_qty_increments",
    "use_config_manage_stock", "manage_stock", "low_stock_date", "is_decimal_divided", "stock_status_changed_auto",
]


def test_create_answers_the_product_with_its_stock_item_on_the_default_source(rest_client):
    response = rest_client.post("/rest/default/V1/products", {"product": CHAMP_TEE}, format="json")

    assert response.status_code == 200
    body = response.json()
    product = Product.objects.get(sku="MS-Champ-S")
    assert list(body) == [
        "id", "sku", "name", "attribute_set_id", "price", "status", "visibility", "type_id", "created_at",
        "updated_at", "weight", "extension_attributes", "product_links", "options", "media_gallery_entries",
        "tier_prices", "custom_attributes",
    ]
    assert {k: body[k] for k in ("id", "sku", "name", "attribute_set_id", "price", "status", "visibility", "type_id",
                                 "weight")} == {
        "id": product.pk, "sku": "MS-Champ-S", "name": "Champ Tee Small", "attribute_set_id": 9, "price": 25,
        "status": 1, "visibility": 1, "type_id": "simple", "weight": 0.5,
    }
    assert body["created_at"] == product.created_at.strftime("%Y-%m-%d %H:%M:%S")
    stock_item = body["extension_attributes"]["stock_item"]
    assert list(body["extension_attributes"]) == ["website_ids", "stock_item"]
    assert list(stock_item) == STOCK_ITEM_KEYS
    assert {k: stock_item[k] for k in ("product_id", "stock_id", "qty", "is_in_stock", "notify_stock_qty",
                                       "low_stock_date")} == {
        "product_id": product.pk, "stock_id": 1, "qty": 10, "is_in_stock": True, "notify_stock_qty": 1,
        "low_stock_date": None,
    }
    assert quantities("MS-Champ-S") == {"default": (D(10), 1)}
    assert rest_client.get("/rest/V1/inventory/get-product-salable-quantity/MS-Champ-S/1").json() == 10
    assert rest_client.get("/rest/default/V1/products/MS-Champ-S").json() == body


@pytest.mark.parametrize("stock_item", [None, {"qty": 0, "is_in_stock": False}])
def test_without_stock_the_product_is_not_assigned_to_any_source(rest_client, stock_item):
    product = {"sku": "some-product-sku", "name": "My curl created product test", "attribute_set_id": 4,
               "price": 222, "type_id": "simple"}
    if stock_item is not None:
        product["extension_attributes"] = {"stock_item": stock_item}

    body = rest_client.post("/rest/V1/products", {"product": product}, format="json").json()

    assert quantities("some-product-sku") == {}
    assert body["extension_attributes"]["stock_item"]["item_id"] == body["id"]  # every product has its stock item
    assert (body["extension_attributes"]["stock_item"]["qty"], body["extension_attributes"]["stock_item"]["is_in_stock"]
            ) == (0, False)
    assert "weight" not in body


def test_a_quantity_alone_puts_the_default_source_item_in_stock(rest_client):
    rest_client.post("/rest/V1/products",
                     {"product": {"sku": "vp1", "name": "Virtual", "price": 10, "type_id": "virtual",
                                  "extension_attributes": {"stock_item": {"qty": 9999}}}}, format="json")

    assert quantities("vp1") == {"default": (D(9999), 1)}


def test_put_updates_what_is_sent_and_forces_the_path_sku(rest_client):
    make_product(sku="24-WB01", name="Voyage Yoga Bag", price=D(32), quantity=D(100))

    response = rest_client.put(
        "/rest/V1/products/24-WB01",
        {"product": {"sku": "other", "price": 30, "extension_attributes": {"stock_item": {"qty": 80}}}},
        format="json",
    )

    assert response.status_code == 200
    assert list(Product.objects.values_list("sku", "name", "price")) == [("24-WB01", "Voyage Yoga Bag", D(30))]
    assert quantities("24-WB01") == {"default": (D(80), 1)}
    assert response.json()["extension_attributes"]["stock_item"]["qty"] == 80


def test_post_with_an_existing_sku_updates_it(rest_client):
    make_product(sku="24-WB03", name="Driven Backpack", quantity=D(5))

    rest_client.post("/rest/V1/products", {"product": {"sku": "24-WB03", "name": "Driven Backpack II"}},
                     format="json")

    assert list(Product.objects.values_list("sku", "name")) == [("24-WB03", "Driven Backpack II")]
    assert quantities("24-WB03") == {"default": (D(5), 1)}  # no stock_item sent: stock untouched


@pytest.mark.parametrize(
    ("product", "body"),
    [
        ({"name": "No SKU", "price": 1},
         {"message": 'The "%1" attribute value is empty. Set the attribute and try again.', "parameters": ["sku"]}),
        ({"sku": "NEW", "price": 1},
         {"message": 'The "%1" attribute value is empty. Set the attribute and try again.',
          "parameters": ["Product Name"]}),
        ({"sku": "NEW", "name": "New"},
         {"message": 'The "%1" attribute value is empty. Set the attribute and try again.', "parameters": ["Price"]}),
        ({"sku": "X" * 65, "name": "Long", "price": 1},
         {"message": "SKU length should be %1 characters maximum.", "parameters": [64]}),
        ({"sku": "NEW", "name": "New", "price": 1, "type_id": "configurable"},
         {"message": 'Invalid value of "%value" provided for the %fieldName field.',
          "parameters": {"value": "configurable", "fieldName": "type_id"}}),
        ({"sku": "NEW", "name": "New", "price": 1, "visibility": 7},
         {"message": 'Invalid value of "%value" provided for the %fieldName field.',
          "parameters": {"value": 7, "fieldName": "visibility"}}),
    ],
)
def test_invalid_products_are_refused_and_nothing_is_written(rest_client, product, body):
    product = {**product, "extension_attributes": {"stock_item": {"qty": 5, "is_in_stock": True}}}
    before = snapshot()

    response = rest_client.post("/rest/V1/products", {"product": product}, format="json")

    assert (response.status_code, response.json()) == (400, body)
    assert (Product.objects.count(), snapshot()) == (0, before)


def test_unknown_products_are_404(rest_client):
    not_found = {"message": "The product that was requested doesn't exist. Verify the product and try again."}

    get, delete = rest_client.get("/rest/V1/products/nope"), rest_client.delete("/rest/V1/products/nope")

    assert (get.status_code, get.json()) == (404, not_found)
    assert (delete.status_code, delete.json()) == (404, not_found)


def test_delete_removes_the_product_its_source_items_and_compensated_reservations(rest_client):
    make_source("east")
    product = make_product(sku="SKU-D", quantity=D(3))
    put("SKU-D", "east", 2)
    reserve("SKU-D", 1, -1)
    reserve("SKU-D", 1, 1, event_type="order_canceled")

    response = rest_client.delete("/rest/V1/products/SKU-D")

    assert (response.status_code, response.json()) == (200, True)
    assert not Product.objects.filter(pk=product.pk).exists()
    assert quantities("SKU-D") == {}
    assert not Reservation.objects.filter(sku="SKU-D").exists()


def test_a_product_an_open_order_waits_for_can_not_be_deleted(rest_client):
    order = make_order(item_qtys=[D(2)])
    sku = order.items.get().sku
    before = snapshot()

    response = rest_client.delete(f"/rest/V1/products/{sku}")

    assert (response.status_code, response.json()) == (400, {
        "message": 'The "%1" product couldn\'t be removed.', "parameters": [sku]
    })
    assert snapshot() == before
    assert Product.objects.filter(sku=sku).exists()


def test_search_products(rest_client):
    make_product(sku="24-WB01", name="Voyage Yoga Bag", price=D(32))
    make_product(sku="24-WB03", name="Driven Backpack", price=D(36))
    make_product(sku="240-LV06", name="Yoga Adventure", price=D(22), type_id="downloadable", quantity=None)

    yoga = rest_client.get("/rest/V1/products?" + criteria([("name", "%Yoga%", "like")], sort=("price", "DESC"))).json()
    pricey = rest_client.get("/rest/V1/products?" + criteria([("price", "30", "gteq")], [("type_id", "simple", "eq")])
                             ).json()

    assert [(p["sku"], p["extension_attributes"]["stock_item"]["qty"]) for p in yoga["items"]] == [
        ("24-WB01", 100), ("240-LV06", 0)
    ]
    assert yoga["total_count"] == 2
    assert [p["sku"] for p in pricey["items"]] == ["24-WB01", "24-WB03"]


def test_acl(staff_client_with):
    make_product(sku="SKU-A", name="A")
    reader = staff_client_with("catalog.view_product")

    assert reader.get("/rest/V1/products/SKU-A").status_code == 200
    for response in (
        reader.post("/rest/V1/products", {"product": {"sku": "SKU-B", "name": "B", "price": 1}}, format="json"),
        reader.put("/rest/V1/products/SKU-A", {"product": {"name": "A2"}}, format="json"),
        reader.delete("/rest/V1/products/SKU-A"),
    ):
        assert (response.status_code, response.json()["parameters"]) == (401, {"resources": "Magento_Catalog::products"})
    assert list(Product.objects.values_list("sku", "name")) == [("SKU-A", "A")]


def test_the_legacy_stock_item_reads_and_writes_the_default_source(rest_client):
    product = make_product(sku="24-WB01", name="Voyage Yoga Bag", price=D(32), quantity=D(100))

    read = rest_client.get("/rest/V1/stockItems/24-WB01")
    written = rest_client.put(
        f"/rest/default/V1/products/24-WB01/stockItems/{read.json()['item_id']}",
        {"stockItem": {"qty": 7, "is_in_stock": True}, "save_options": True}, format="json",
    )

    assert read.status_code == 200
    assert list(read.json()) == STOCK_ITEM_KEYS
    assert (read.json()["item_id"], read.json()["qty"], read.json()["is_in_stock"]) == (product.pk, 100, True)
    assert (written.status_code, written.json()) == (200, product.pk)
    assert quantities("24-WB01") == {"default": (D(7), 1)}
    assert rest_client.get("/rest/V1/stockItems/24-WB01").json()["qty"] == 7


def test_a_legacy_stock_update_assigns_an_unassigned_product_to_the_default_source(rest_client):
    rest_client.post("/rest/V1/products", {"product": {"sku": "vp2", "name": "V", "price": 1, "type_id": "virtual"}},
                     format="json")

    response = rest_client.put("/rest/V1/products/vp2/stockItems/1", {"stock_item": {"qty": 3}}, format="json")

    assert response.status_code == 200
    assert quantities("vp2") == {"default": (D(3), 1)}  # in stock: the quantity alone says so


@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", "/rest/V1/stockItems/nope", None),
    ("put", "/rest/V1/products/nope/stockItems/1", {"stockItem": {"qty": 1}}),
])
def test_the_legacy_stock_item_of_an_unknown_sku_is_a_404_that_writes_nothing(rest_client, method, path, body):
    response = getattr(rest_client, method)(path, body, format="json")

    assert (response.status_code, response.json()) == (404, {
        "message": "The product that was requested doesn't exist. Verify the product and try again."})
    assert SourceItem.objects.count() == 0


def test_a_legacy_stock_update_without_its_stock_item_is_refused(rest_client):
    make_product(sku="24-WB01", quantity=D(100))

    response = rest_client.put("/rest/V1/products/24-WB01/stockItems/1", {"qty": 5}, format="json")

    assert response.status_code == 400
    assert quantities("24-WB01") == {"default": (D(100), 1)}
