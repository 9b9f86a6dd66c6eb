"""The tutorial's inventory steps (2-5 and 13) replayed over REST on an empty database, checked against the
inventory ledger of spec 4.15 after every step. Steps 9-12 (order, invoice, shipments) run through the sales
and inventory domain functions in between, so that the ledger rows can be checked as printed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import Reservation
from inventory.reservations import SalesEvent
from inventory.source_deduction import deduct_source_items
from inventory.source_selection import ItemRequest
from sales.invoicing import invoice_order
from sales.placement import OrderLine, PlaceOrderRequest, place_order
from tests.factories import ADDRESS

pytestmark = pytest.mark.django_db
D = Decimal
SOURCES = [  # step 2: code, name, contact, street, city, region_id, region, postcode, lat, lng, phone, frontend
    ("ne_wh", "Northeast Warehouse", "Ethan Carter", "645 Newark Ave.", "Jersey City", 41, "New Jersey", "07306",
     40.733790, -74.058720, None, None),
    ("west_wh", "West Warehouse", "Claudia Mabuse", "7554 Pacific Ave", "Stockton", 12, "California", "95207",
     38.018180, -121.319930, None, None),
    ("brooklyn", "Brooklyn Store", "Tai Hozie", "263 S 4th St", "Brooklyn", 43, "New York", "11211", 40.710070,
     -73.957160, "555 737-8088", ("Brooklyn (Williamsburg) Store", "Williamsburg, Brooklyn")),
    ("huntington", "Long Island Store", "Leslie Arzy", "55 Gerard St,", "Huntington", 43, "New York", "11743",
     40.872510, -73.429352, "555 939-4444", ("Long Island (Huntington) Store", "Huntington, Long Island")),
    ("manhattan", "Manhattan Store", "Kiara Smith", "70 W. 10th St", "New York", 43, "New York", "10011", 40.734600,
     -73.998490, "555 838-4500", ("Manhattan (Greenwich Village) Store", "Greenwich Village, Manhattan")),
    ("berkeley", "Berkeley Store", "Tereza Schmidt", "2705 Webster St", "Berkeley", 12, "California", "94705",
     37.855850, -122.252460, "510 555-2020", ("Berkeley Store", "Near College Ave. and Ashby Ave.")),
    ("sausalito", "Sausalito Store", "Ralf Schneider", "150 Harbor Dr.", "Sausalito", 12, "California", "94965",
     37.867168, -122.499367, "415-555-6666", ("Sausalito Store", "Just off Bridgeway")),
    ("hq", "HQ", "Francine Helen", "909 3rd Ave", "New York", 43, "New York", "10022", 40.7571, -73.9657, None, None),
]
PRIORITIES = ["ne_wh", "west_wh", "brooklyn", "manhattan", "huntington", "berkeley", "sausalito", "hq"]
PRODUCTS = [("24-WB01", "Voyage Yoga Bag", "simple", 32), ("24-WB03", "Driven Backpack", "simple", 36),
            ("240-LV06", "Yoga Adventure", "downloadable", 22)]
STEP_5 = {
    "24-WB01": {"ne_wh": 35, "west_wh": 15, "brooklyn": 10, "huntington": 10, "manhattan": 10, "berkeley": 10,
                "sausalito": 10},
    "24-WB03": {"ne_wh": 50, "west_wh": 10, "brooklyn": 0, "huntington": 0, "manhattan": 0, "berkeley": 20,
                "sausalito": 20},
    "240-LV06": {"hq": 9999},
}
ORDER = ["ne_wh", "west_wh", "brooklyn", "huntington", "manhattan", "berkeley", "sausalito"]  # the ledger's columns


def source_body(code, name, contact, street, city, region_id, region, postcode, lat, lng, phone, frontend) -> dict:
    source = {"name": name, "source_code": code, "postcode": postcode, "enabled": True, "contact_name": contact,
              "country_id": "US", "street": street, "city": city, "region_id": region_id, "region": region,
              "latitude": lat, "longitude": lng}
    if phone:
        source["phone"] = phone
    if frontend:
        source["extension_attributes"] = {"is_pickup_location_active": True, "frontend_name": frontend[0],
                                          "frontend_description": frontend[1]}
    return {"source": source}


class Ledger:
    def __init__(self, client, stock_id: int) -> None:
        self.client, self.stock_id = client, stock_id

    def per_source(self, sku: str) -> dict[str, tuple]:
        query = ("searchCriteria[filter_groups][0][filters][0][field]=sku"
                 f"&searchCriteria[filter_groups][0][filters][0][value]={sku}")
        items = self.client.get(f"/rest/default/V1/inventory/source-items?{query}").json()["items"]
        return {item["source_code"]: (item["quantity"], item["status"]) for item in items}

    def row(self, sku: str) -> list:
        """Quantities in the ledger's column order, "(oos)" marking out-of-stock items."""
        per_source = self.per_source(sku)
        codes = ["hq"] if sku == "240-LV06" else ORDER
        return [per_source[code][0] if per_source[code][1] == 1 else f"{per_source[code][0]}(oos)" for code in codes]

    def salable(self, sku: str) -> object:
        return self.client.get(f"/rest/default/V1/inventory/get-product-salable-quantity/{sku}/{self.stock_id}").json()

    def reserved(self, sku: str) -> Decimal:
        return sum(Reservation.objects.filter(sku=sku, stock_id=self.stock_id).values_list("quantity", flat=True),
                   D(0))


def post(client, path: str, body: dict) -> object:
    response = client.post(f"/rest/default/V1/{path}", body, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_tutorials_inventory_ledger(rest_client, django_capture_on_commit_callbacks):
    # step 2: sources
    for source in SOURCES:
        assert post(rest_client, "inventory/sources", source_body(*source)) == []
    # step 3: US Stock serving the base website
    stock_id = post(rest_client, "inventory/stocks", {"stock": {
        "name": "US Stock", "extension_attributes": {"sales_channels": [{"type": "website", "code": "base"}]}}})
    assert isinstance(stock_id, int)
    assert stock_id != 1
    # step 4: links, by priority
    links = [{"source_code": code, "stock_id": stock_id, "priority": p} for p, code in enumerate(PRIORITIES, 1)]
    assert post(rest_client, "inventory/stock-source-links", {"links": links}) == []
    # the Luma products, on the default source (100 each, as the step-5 page says)
    for sku, name, type_id, price in PRODUCTS:
        post(rest_client, "products", {"product": {
            "sku": sku, "name": name, "type_id": type_id, "price": price, "attribute_set_id": 4,
            "extension_attributes": {"stock_item": {"qty": 100, "is_in_stock": True}}}})
    # step 5a: unassign the default source; 5b: the tutorial's quantities
    assert post(rest_client, "inventory/source-items-delete", {"sourceItems": [
        {"sku": sku, "source_code": "default"} for sku, *_ in PRODUCTS]}) == []
    assert post(rest_client, "inventory/source-items", {"sourceItems": [
        {"sku": sku, "source_code": code, "quantity": qty, "status": 1}
        for sku, per_source in STEP_5.items() for code, qty in per_source.items()]}) == []

    ledger = Ledger(rest_client, stock_id)
    assert ledger.row("24-WB01") == [35, 15, 10, 10, 10, 10, 10]
    assert ledger.row("24-WB03") == [50, 10, 0, 0, 0, 20, 20]
    assert ledger.row("240-LV06") == [9999]
    assert [ledger.salable(sku) for sku in STEP_5] == [100, 100, 9999]

    # step 9: the order reserves 40 + 20 + 1 on US Stock
    order = place_order(PlaceOrderRequest(
        lines=[OrderLine("24-WB03", D(20)), OrderLine("24-WB01", D(40)), OrderLine("240-LV06", D(1))],
        billing_address=ADDRESS, shipping_address=ADDRESS, payment_method="banktransfer",
        customer_email="jdoe@example.com"))
    assert [ledger.reserved(sku) for sku in STEP_5] == [D(-40), D(-20), D(-1)]
    assert [ledger.salable(sku) for sku in STEP_5] == [60, 80, 9998]

    # step 10: invoicing deducts the downloadable item at hq and compensates its reservation
    with django_capture_on_commit_callbacks(execute=True):
        invoice_order(order, capture=True)
    assert ledger.row("240-LV06") == [9998]
    assert (ledger.reserved("240-LV06"), ledger.salable("240-LV06")) == (D(0), 9998)

    # step 12a/12b: the shipments' inventory side (deduction at the chosen source + compensation)
    event = SalesEvent("shipment_created", str(order.pk), order.increment_id)
    deduct_source_items("ne_wh", [ItemRequest("24-WB03", D(20)), ItemRequest("24-WB01", D(35))],
                        stock_id=stock_id, event=event)
    assert ledger.row("24-WB01") == ["0(oos)", 15, 10, 10, 10, 10, 10]
    assert ledger.row("24-WB03") == [30, 10, 0, 0, 0, 20, 20]
    assert [ledger.reserved("24-WB01"), ledger.salable("24-WB01"), ledger.salable("24-WB03")] == [D(-5), 60, 80]
    deduct_source_items("west_wh", [ItemRequest("24-WB01", D(5))], stock_id=stock_id, event=event)
    assert ledger.row("24-WB01") == ["0(oos)", 10, 10, 10, 10, 10, 10]
    assert [ledger.reserved(sku) for sku in STEP_5] == [D(0), D(0), D(0)]

    # step 13a: bulk transfer of huntington's 24-WB01 to ne_wh, huntington stays assigned at 0
    assert post(rest_client, "inventory/bulk-product-source-transfer", {
        "skus": ["24-WB01"], "originSource": "huntington", "destinationSource": "ne_wh", "unassignFromOrigin": False,
    }) is True
    # step 13b: partial transfer of 5 from sausalito to west_wh
    assert post(rest_client, "inventory/bulk-partial-source-transfer", {
        "originSourceCode": "sausalito", "destinationSourceCode": "west_wh", "items": [{"sku": "24-WB01", "qty": 5}],
    }) == []

    assert ledger.row("24-WB01") == [10, 15, 10, "0(oos)", 10, 10, 5]
    assert ledger.row("24-WB03") == [30, 10, 0, 0, 0, 20, 20]
    assert ledger.row("240-LV06") == [9998]
    assert [ledger.salable(sku) for sku in STEP_5] == [60, 80, 9998]
    assert [ledger.reserved(sku) for sku in STEP_5] == [D(0), D(0), D(0)]
