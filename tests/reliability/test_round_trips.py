"""Whatever a GET answers, the matching save takes back unchanged: 200, and a second GET answers the same.

A client that reads an entity, changes one field and saves it sends every other field back as it read it, so a
save that refuses its own read (a float read as ``1.0`` refused where an int is expected, a ``null`` the read
printed refused as "required") breaks every such client. Each round trip sends the read in the save's wrapper, as
the service method names its parameter (Magento 2.4.6 and magento/inventory's interfaces):

| Read | Save | Service method (parameter) |
|---|---|---|
| GET /V1/products/{sku} | PUT /V1/products/{sku} | Catalog ProductRepositoryInterface::save ($product) |
| GET /V1/stockItems/{sku} | PUT /V1/products/{sku}/stockItems/{itemId} | CatalogInventory StockRegistryInterface::updateStockItemBySku ($stockItem) |
| GET /V1/inventory/sources/{code} | PUT /V1/inventory/sources/{code} | InventoryApi SourceRepositoryInterface::save ($source) |
| GET /V1/inventory/stocks/{id} | PUT /V1/inventory/stocks/{id} | InventoryApi StockRepositoryInterface::save ($stock) |
| GET /V1/inventory/source-items | POST /V1/inventory/source-items | InventoryApi SourceItemsSaveInterface::execute ($sourceItems) |
| GET /V1/inventory/stock-source-links | POST /V1/inventory/stock-source-links | InventoryApi StockSourceLinksSaveInterface::execute ($links) |
| GET /V1/inventory/low-quantity-notification/{source}/{sku} | POST /V1/inventory/low-quantity-notification | InventoryLowQuantityNotificationApi SourceItemConfigurationsSaveInterface::execute ($sourceItemConfigurations) |
| GET /V1/customers/{id} | PUT /V1/customers/{id} | Customer CustomerRepositoryInterface::save ($customer) |
| GET /V1/customers/addresses/{id} | PUT /V1/customers/{id}, in ``addresses`` (Magento has no address PUT) | Customer CustomerRepositoryInterface::save |
| GET /V1/customerGroups/{id} | PUT /V1/customerGroups/{id} | Customer GroupRepositoryInterface::save ($group) |

``updated_at`` is the time of the last save, so a save moves it (Magento's products: Eav Entity\\Attribute\\Backend\\
Time\\Updated sets it on every save); everything else must read back the same, and the stored rows too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest

from catalog.models import Product
from customers.models import Customer, CustomerAddress
from inventory.models import Source, SourceItem, Stock, StockSourceLink
from tests.customers.api.support import make_customer
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class RoundTrip:
    read: str
    save: str
    wrapper: str
    method: str = "put"
    sent: Callable[[object], object] = lambda body: body  # the part of the read the save takes
    # What the save stores differently although every read answers the same, as Magento does too.
    stores: Callable[[dict], None] = lambda before: None


ROUND_TRIPS = {
    "product with stock on the default source": RoundTrip(
        "/V1/products/on-default", "/V1/products/on-default", "product"
    ),
    "product stocked elsewhere": RoundTrip("/V1/products/24-WB01", "/V1/products/24-WB01", "product"),
    "stock item": RoundTrip("/V1/stockItems/on-default", "/V1/products/on-default/stockItems/{item_id}", "stockItem"),
    "stock item of a product stocked elsewhere": RoundTrip(
        "/V1/stockItems/24-WB01", "/V1/products/24-WB01/stockItems/{item_id}", "stockItem"
    ),
    "source": RoundTrip("/V1/inventory/sources/ne_wh", "/V1/inventory/sources/ne_wh", "source"),
    "default source": RoundTrip("/V1/inventory/sources/default", "/V1/inventory/sources/default", "source"),
    "stock": RoundTrip("/V1/inventory/stocks/{stock_id}", "/V1/inventory/stocks/{stock_id}", "stock"),
    "default stock": RoundTrip("/V1/inventory/stocks/1", "/V1/inventory/stocks/1", "stock"),
    "source items": RoundTrip(
        "/V1/inventory/source-items?searchCriteria[pageSize]=300",
        "/V1/inventory/source-items",
        "sourceItems",
        "post",
        lambda body: body["items"],
    ),
    "stock source links": RoundTrip(
        "/V1/inventory/stock-source-links?searchCriteria[pageSize]=300",
        "/V1/inventory/stock-source-links",
        "links",
        "post",
        lambda body: body["items"],
    ),
    "low quantity notification": RoundTrip(
        "/V1/inventory/low-quantity-notification/ne_wh/24-WB01",
        "/V1/inventory/low-quantity-notification",
        "sourceItemConfigurations",
        "post",
        lambda body: [body],
        lambda before: explicit_notify_qty(before),
    ),
    "customer with addresses": RoundTrip("/V1/customers/{customer_id}", "/V1/customers/{customer_id}", "customer"),
    "customer group": RoundTrip("/V1/customerGroups/1", "/V1/customerGroups/1", "group"),
}


@pytest.fixture
def world(tutorial) -> dict[str, object]:
    """The tutorial's sources, US Stock and products (stocked at its warehouses), a product on the default
    source with a notify quantity of its own, and a customer with two addresses."""
    product = make_product(sku="on-default", quantity=Decimal("12.5"))
    SourceItem.objects.filter(product=product).update(notify_stock_qty=Decimal("2.5"))
    customer = make_customer("round@example.com", addresses=2)
    return {
        "item_id": Product.objects.get(sku="24-WB01").pk,
        "stock_id": Stock.objects.exclude(pk=1).order_by("pk").first().pk,
        "customer_id": customer.pk,
    }


def rows() -> dict[str, list]:
    """What the saves could write, as stored."""
    return {
        "products": list(Product.objects.order_by("pk").values_list("sku", "name", "price", "status", "weight")),
        "source_items": list(SourceItem.objects.order_by("pk").values()),
        "sources": list(Source.objects.order_by("pk").values()),
        "stocks": list(Stock.objects.order_by("pk").values()),
        "links": list(StockSourceLink.objects.order_by("pk").values()),
        "customers": list(Customer.objects.order_by("pk").values_list("email", "firstname", "lastname", "group_id")),
        "addresses": [without_updated_at(row) for row in CustomerAddress.objects.order_by("pk").values()],
    }


def explicit_notify_qty(before: dict) -> None:
    """An item without a configuration of its own reads the configured default (GetConfiguration: GetDefaultValues
    when no row exists); saving that read stores it as the item's own, as Magento's save writes the row."""
    for row in before["source_items"]:
        if (row["source_id"], row["product_id"]) == ("ne_wh", "24-WB01"):
            row["notify_stock_qty"] = Decimal("1.0000")


def without_updated_at(body: object) -> object:
    if isinstance(body, dict):
        return {key: without_updated_at(value) for key, value in body.items() if key != "updated_at"}
    if isinstance(body, list):
        return [without_updated_at(item) for item in body]
    return body


@pytest.mark.parametrize("trip", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_the_body_a_get_answers_is_taken_back_and_changes_nothing(rest_client, world, trip):
    read_path, save_path = (f"/rest/V1{path.removeprefix('/V1')}".format(**world) for path in (trip.read, trip.save))
    read = rest_client.get(read_path)
    assert read.status_code == 200, read.content
    before = rows()

    saved = getattr(rest_client, trip.method)(save_path, {trip.wrapper: trip.sent(read.json())}, format="json")

    assert saved.status_code == 200, saved.content
    assert without_updated_at(rest_client.get(read_path).json()) == without_updated_at(read.json())
    trip.stores(before)
    assert rows() == before


def test_an_address_read_alone_is_taken_back_in_its_customers_address_book(rest_client, world):
    """Magento serves GET /V1/customers/addresses/{addressId} and no address PUT: an address is saved in its
    customer's ``addresses`` (CustomerRepositoryInterface::save, customer webapi.xml)."""
    customer = rest_client.get(f"/rest/V1/customers/{world['customer_id']}").json()
    addresses = [rest_client.get(f"/rest/V1/customers/addresses/{a['id']}").json() for a in customer["addresses"]]
    before = rows()

    saved = rest_client.put(
        f"/rest/V1/customers/{customer['id']}", {"customer": customer | {"addresses": addresses}}, format="json"
    )

    assert saved.status_code == 200, saved.content
    assert [rest_client.get(f"/rest/V1/customers/addresses/{a['id']}").json() for a in addresses] == addresses
    assert rows() == before


def test_the_stock_item_inside_the_product_is_taken_back_by_the_stock_item_put(rest_client, world):
    """The product's extension_attributes.stock_item is the same StockItemInterface as GET /V1/stockItems/{sku}."""
    product = rest_client.get("/rest/V1/products/on-default").json()
    before = rows()

    saved = rest_client.put(
        f"/rest/V1/products/on-default/stockItems/{product['id']}",
        {"stockItem": product["extension_attributes"]["stock_item"]},
        format="json",
    )

    assert saved.status_code == 200, saved.content
    assert rows() == before
