"""Storage: every amount fits its column (Magento's decimal(20,4)), what cannot be stored is refused at the first
door with a 400, and a database connection killed under a persistent-connection server costs no request.

Magento's columns (vendor/magento/module-sales/etc/db_schema.xml, module-quote/etc/db_schema.xml): amounts
decimal(20,4) (sales_order.grand_total, sales_order_item.row_total, sales_invoice.grand_total, quote.grand_total,
quote_item.row_total, ...), quantities and weights decimal(12,4) (sales_order_item.qty_ordered,
sales_order.total_qty_ordered, quote_item.row_weight, inventory_source_item.quantity); the catalog price is
decimal(20,6) (module-catalog/etc/db_schema.xml, catalog_product_entity_decimal.value).

SQLite does not enforce a column's precision, so these tests assert the refusal itself (status, Magento's body,
nothing written); on PostgreSQL they also prove that no 500 happens where the database would have refused.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from backoffice.rest.tokens import create_admin_access_token
from catalog.models import Product
from checkout.models import Quote, QuoteItem
from customers.customers import CustomerData, create_customer, create_customer_token
from customers.models import Customer
from inventory.models import DEFAULT_SOURCE_CODE, Reservation, SourceItem
from sales.models import Invoice, Order
from tests.concurrency import run_concurrently
from tests.factories import make_product
from tests.inventory.world import make_source

from .support import admin_client, postgresql_only, transactional_db

pytestmark = pytest.mark.django_db
D = Decimal
V1 = "/rest/default/V1"
INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
ADDRESS = {
    "region": "New York", "region_id": 43, "region_code": "NY", "country_id": "US", "street": ["160 1st St."],
    "postcode": "11501", "city": "Mineola", "firstname": "Jane", "lastname": "Doe", "email": "jane@example.com",
    "telephone": "516-555-1111",
}
CUSTOMER_EMAIL_EXISTS = "A customer with the same email address already exists in an associated website."
LARGEST_PRICE = D("99999999999999")  # decimal(20,6): 14 digits before the point (whole: see the SQLite note)


def customer_client(email: str = "jane@example.com") -> APIClient:
    create_customer(CustomerData(email=email, firstname="Jane", lastname="Doe"), password="Password1")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_customer_token(email, 'Password1')}")
    client.post(f"{V1}/carts/mine")
    return client


def add(client: APIClient, sku: str, qty: object):
    return client.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": sku, "qty": qty}}, format="json")


def check_out(client: APIClient):
    shipping = client.post(
        f"{V1}/carts/mine/shipping-information",
        {"addressInformation": {"shipping_address": ADDRESS, "billing_address": ADDRESS,
                                "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}},
        format="json",
    )
    assert shipping.status_code == 200, shipping.content
    return client.post(f"{V1}/carts/mine/payment-information", {"paymentMethod": {"method": "checkmo"}},
                       format="json")


def cart_rows() -> list[tuple]:
    return list(QuoteItem.objects.order_by("pk").values_list("product__sku", "qty"))


def test_a_product_priced_a_billion_checks_out_invoices_and_reads_back_exactly():
    """The probe's finding: a $1,000,000,000 product was accepted, then checkout was a 500 (decimal(12,4) order
    columns). Magento's sales_order / sales_order_item / sales_invoice amounts are decimal(20,4)."""
    product = make_product(price=D("1000000000"), quantity=D("5"))
    client = customer_client()

    assert add(client, product.sku, 2).status_code == 200
    placed = check_out(client)
    assert placed.status_code == 200, placed.content
    order = Order.objects.get()
    invoiced = admin_client().post(f"/rest/V1/order/{order.pk}/invoice", {}, format="json")

    assert placed.json() == order.pk
    assert invoiced.status_code == 200, invoiced.content
    order.refresh_from_db()
    item = order.items.get()
    invoice = Invoice.objects.get()
    assert (item.price, item.row_total) == (D("1000000000"), D("2000000000"))
    assert (order.subtotal, order.shipping_amount, order.grand_total) == (D("2000000000"), D(10), D("2000000010"))
    assert (order.total_invoiced, order.total_paid) == (D("2000000010"), D("2000000010"))
    assert (invoice.grand_total, invoice.items.get().row_total) == (D("2000000010"), D("2000000000"))
    answer = admin_client().get(f"/rest/V1/orders/{order.pk}").json()
    assert (answer["grand_total"], answer["items"][0]["row_total"]) == (2000000010, 2000000000)


def test_the_largest_catalog_price_is_stored_and_one_beyond_it_is_refused_at_the_door():
    """catalog_product_entity_decimal.value is decimal(20,6): 14 digits before the point."""
    client = admin_client()
    body = {"product": {"sku": "BIG", "name": "Big", "attribute_set_id": 4, "price": str(LARGEST_PRICE),
                        "type_id": "simple"}}

    stored = client.post("/rest/V1/products", body, format="json")
    refused = client.post("/rest/V1/products", {"product": {**body["product"], "sku": "BIGGER",
                                                             "price": "100000000000000"}}, format="json")

    assert stored.status_code == 200, stored.content
    assert Product.objects.get(sku="BIG").price == LARGEST_PRICE
    assert refused.status_code == 400
    assert refused.json() == {"message": INVALID_FIELD_VALUE,
                              "parameters": {"value": "100000000000000", "fieldName": "product.price"}}
    assert not Product.objects.filter(sku="BIGGER").exists()


def test_a_cart_line_whose_row_total_would_not_fit_is_refused_and_nothing_is_written():
    """quote_item.row_total and sales_order_item.row_total are decimal(20,4): 16 digits before the point.
    The price fits its column; price x qty does not."""
    product = make_product(price=LARGEST_PRICE, quantity=D("1000"))
    client = customer_client()
    assert add(client, product.sku, 50).status_code == 200  # 5e15: fits

    refused = add(client, product.sku, 50)  # 1e16 in all: does not

    assert refused.status_code == 400
    assert refused.json() == {"message": INVALID_FIELD_VALUE, "parameters": {"value": "50", "fieldName": "qty"}}
    assert cart_rows() == [(product.sku, D(50))]


def test_changing_a_cart_items_quantity_is_checked_the_same_way():
    """PUT /V1/carts/mine/items/{itemId} sets the quantity: the same check, the item keeps its quantity."""
    product = make_product(price=LARGEST_PRICE, quantity=D("1000"))
    client = customer_client()
    item_id = add(client, product.sku, 50).json()["item_id"]

    refused = client.put(f"{V1}/carts/mine/items/{item_id}", {"cartItem": {"qty": 101}}, format="json")

    assert refused.status_code == 400
    assert refused.json() == {"message": INVALID_FIELD_VALUE, "parameters": {"value": "101", "fieldName": "qty"}}
    assert cart_rows() == [(product.sku, D(50))]


def test_a_cart_whose_totals_would_not_fit_is_refused_though_each_line_fits():
    """Each row total fits decimal(20,4); their sum, the subtotal and grand total, would not."""
    first, second = (make_product(price=D("60000000000000"), quantity=D("100")) for _ in range(2))
    client = customer_client()
    assert add(client, first.sku, 100).status_code == 200  # 6e15

    refused = add(client, second.sku, 100)  # subtotal 1.2e16

    assert refused.status_code == 400
    assert refused.json() == {"message": INVALID_FIELD_VALUE, "parameters": {"value": "100", "fieldName": "qty"}}
    assert cart_rows() == [(first.sku, D(100))]


def test_the_shipping_charge_counts_toward_the_grand_total():
    """Flat rate adds $5 a unit: a subtotal that fits can still make a grand total that does not."""
    product = make_product(price=LARGEST_PRICE, quantity=D("100"))
    client = customer_client()

    refused = add(client, product.sku, 100)  # subtotal 9,999,999,999,999,900 fits; + 500 shipping does not

    assert refused.status_code == 400
    assert cart_rows() == []


def test_quantities_and_weights_are_checked_against_their_decimal_12_4_columns():
    """sales_order.total_qty_ordered and sales_order_item.row_weight are decimal(12,4)."""
    cheap = [make_product(price=D("0.01"), quantity=D("90000000")) for _ in range(2)]
    heavy = make_product(price=D("1"), weight=D("99999999"), quantity=D("10"))
    client = customer_client()
    assert add(client, cheap[0].sku, 90000000).status_code == 200

    too_many = add(client, cheap[1].sku, 90000000)  # 180,000,000 units in all
    too_heavy = add(client, heavy.sku, 2)  # row weight 199,999,998

    assert too_many.status_code == too_heavy.status_code == 400
    assert cart_rows() == [(cheap[0].sku, D(90000000))]


def test_a_price_raised_after_the_item_was_added_is_refused_at_checkout_and_nothing_is_written():
    """The totals are computed again when the order is placed: a price raised meanwhile that would overflow an
    order column is Magento's 400, the cart stays active and nothing is reserved."""
    product = make_product(price=D("40000000000000"), quantity=D("200"))
    client = customer_client()
    assert add(client, product.sku, 200).status_code == 200  # 8e15
    Product.objects.filter(pk=product.pk).update(price=D("90000000000000"))  # 1.8e16

    refused = check_out(client)

    assert refused.status_code == 400
    assert refused.json()["message"] == INVALID_FIELD_VALUE.replace("%value", "200").replace("%fieldName", "qty")
    assert not Order.objects.exists()
    assert not Reservation.objects.exists()
    assert Quote.objects.get().is_active


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("bulk-product-source-transfer",
         {"skus": ["FULL"], "originSource": "east", "destinationSource": "west", "unassignFromOrigin": False}),
        ("bulk-partial-source-transfer",
         {"originSourceCode": "east", "destinationSourceCode": "west", "items": [{"sku": "FULL", "qty": 5}]}),
    ],
)
def test_a_transfer_that_would_overflow_the_destination_quantity_is_refused_and_moves_nothing(path, body):
    """inventory_source_item.quantity is decimal(12,4): a transfer onto a nearly full source item would not fit
    (a 500 on PostgreSQL; on SQLite a row that no read could load again). Refused as SourceItemsSave refuses a
    save that fails: "Could not save Source Item"."""
    for code in ("east", "west"):
        make_source(code)
    make_product(sku="FULL", quantity=None)
    SourceItem.objects.create(product_id="FULL", source_id="east", quantity=D(5))
    SourceItem.objects.create(product_id="FULL", source_id="west", quantity=D("99999999"))

    response = admin_client().post(f"/rest/V1/inventory/{path}", body, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": "Could not save Source Item"}
    assert dict(SourceItem.objects.filter(product="FULL").values_list("source_id", "quantity")) == {
        "east": D(5), "west": D("99999999")}

# Races on creation (PostgreSQL: real threads, one connection each). Upserts are INSERT ... ON CONFLICT or retried
# on the unique index; the customer email is unique per website whatever its letter case, in the database.


def post_all(url: str, bodies: list[dict], *, anonymous: bool = False) -> list:
    clients = [APIClient() if anonymous else admin_client() for _ in bodies]
    return run_concurrently(
        [lambda client=client, body=body: client.post(url, body, format="json")
         for client, body in zip(clients, bodies, strict=True)]
    )


@transactional_db
@postgresql_only
def test_ten_parallel_saves_creating_one_source_item_all_succeed_and_leave_one_row():
    """Magento's SourceItemsSave is an upsert by (sku, source_code): the probe got 2 x 500 (unique constraint)."""
    product = make_product(quantity=None)
    bodies = [{"sourceItems": [{"sku": product.sku, "source_code": DEFAULT_SOURCE_CODE, "quantity": n,
                                "status": 1}]} for n in range(1, 11)]

    responses = post_all("/rest/V1/inventory/source-items", bodies)

    assert [(r.status_code, r.json()) for r in responses] == [(200, [])] * 10
    item = SourceItem.objects.get(product=product)
    assert item.quantity in range(1, 11)


@transactional_db
@postgresql_only
def test_eight_parallel_bulk_assignments_all_succeed_and_count_each_new_pair_once():
    """bulk-product-source-assign x 8 gave one 500. Magento's BulkSourceAssign counts the inserts that were not
    duplicates (module-inventory-catalog Model/ResourceModel/BulkSourceAssign.php): the counts add up to the
    pairs created."""
    for code in ("east", "west"):
        make_source(code)
    skus = [make_product(quantity=None).sku for _ in range(3)]
    body = {"skus": skus, "sourceCodes": ["east", "west", DEFAULT_SOURCE_CODE]}

    responses = post_all("/rest/V1/inventory/bulk-product-source-assign", [body] * 8)

    assert [r.status_code for r in responses] == [200] * 8
    assert sum(r.json() for r in responses) == 9
    assert SourceItem.objects.filter(product__in=skus).count() == 9


@transactional_db
@postgresql_only
def test_ten_parallel_registrations_of_one_email_in_different_case_make_one_account():
    """The duplicate check ignored case, the unique index did not: two accounts. Losers get Magento's
    InputMismatchException (AccountManagement::createAccountWithPasswordHash), 400, never a 500."""
    variants = ["el-x@probe.example.com", "EL-X@PROBE.EXAMPLE.COM", "El-X@probe.example.com", "el-X@Probe.example.com",
                "EL-x@probe.EXAMPLE.com", "eL-x@probe.example.COM", "El-x@PROBE.example.com", "el-x@PROBE.EXAMPLE.com",
                "EL-X@probe.example.com", "el-x@probe.Example.Com"]
    bodies = [{"customer": {"email": email, "firstname": "El", "lastname": "X"}, "password": "Password1"}
              for email in variants]

    responses = post_all(f"{V1}/customers", bodies, anonymous=True)

    assert sorted(r.status_code for r in responses) == [200] + [400] * 9
    assert all(r.json() == {"message": CUSTOMER_EMAIL_EXISTS} for r in responses if r.status_code == 400)
    assert Customer.objects.count() == 1


def test_the_database_refuses_a_second_account_whose_email_differs_only_in_case():
    """The uniqueness lives in the database (a unique index on lower(email), website_id), not only in the
    check before the insert."""
    Customer.objects.create(email="el-x@probe.example.com", firstname="El", lastname="X")

    with pytest.raises(IntegrityError), transaction.atomic():
        Customer.objects.create(email="EL-X@PROBE.EXAMPLE.COM", firstname="El", lastname="X")
    Customer.objects.create(email="EL-X@PROBE.EXAMPLE.COM", firstname="El", lastname="X", website_id=2)

    assert Customer.objects.count() == 2


# Persistent connections (CONN_MAX_AGE, as the benchmarks and production run): a connection the database dropped
# is noticed before the next request uses it (CONN_HEALTH_CHECKS), so no request answers a 500 for it.


def wsgi_request(app: WSGIHandler, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    """One request through Django's real WSGI handler, with its request_started / request_finished signals (the
    test client switches off the connection housekeeping those signals run)."""
    raw = json.dumps(body).encode() if body is not None else b""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_AUTHORIZATION": f"Bearer {token}",
               "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(raw)), "wsgi.input": io.BytesIO(raw),
               "SERVER_NAME": "127.0.0.1"}
    setup_testing_defaults(environ)
    statuses = []
    result = app(environ, lambda status, headers, exc_info=None: statuses.append(int(status.split()[0])))
    content = b"".join(result)
    result.close()  # sends request_finished, as a WSGI server does
    return statuses[0], json.loads(content)


def terminate_backend(pid: int) -> None:
    params = connection.settings_dict
    with psycopg.connect(dbname=params["NAME"], user=params["USER"], host=params["HOST"], port=params["PORT"] or None,
                         password=params["PASSWORD"] or None, autocommit=True) as killer:
        assert killer.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)


@transactional_db
@postgresql_only
def test_a_killed_database_connection_costs_no_request(monkeypatch):
    """The probe killed one connection under CONN_MAX_AGE=600: 3 of the next 12 requests were 500. With
    CONN_HEALTH_CHECKS the dead connection is replaced before the first query of the next request."""
    admin_client()  # the superuser "admin"
    token = create_admin_access_token("admin", "password")
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)  # DJANGO_CONN_MAX_AGE=600
    connection.close()
    app = WSGIHandler()
    assert wsgi_request(app, "GET", "/rest/V1/store/websites", token)[0] == 200
    assert connection.connection is not None  # kept open between requests
    terminate_backend(connection.connection.info.backend_pid)

    created = wsgi_request(app, "POST", "/rest/V1/products", token,
                           {"product": {"sku": "AFTER-KILL", "name": "After", "price": 1, "attribute_set_id": 4}})
    reads = [wsgi_request(app, "GET", "/rest/V1/products/AFTER-KILL", token) for _ in range(11)]

    assert created[0] == 200, created
    assert [status for status, _ in reads] == [200] * 11
    assert Product.objects.filter(sku="AFTER-KILL").count() == 1


def test_persistent_connections_are_health_checked_on_every_database(settings):
    """DJANGO_CONN_MAX_AGE turns persistent connections on; CONN_HEALTH_CHECKS is always on with them."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


# Migrations move an existing database.
BEFORE_PRECISION = ("sales", "0005_order_grid_indexes")
BEFORE_CASE_INDEX = ("sales", "0006_amounts_decimal_20_4")
CASE_INDEX = ("sales", "0007_customer_email_unique_whatever_the_case")


def migrate(target: tuple[str, str]):
    """Migrate the sales app to ``target``; answer the historical models there."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


@pytest.fixture
def sales_schema_restored():
    """Whatever the test does to the sales schema, the next test finds it migrated to the end: every app's, since
    migrating sales back also unapplies the apps that depend on it (customers, checkout)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@transactional_db
@pytest.mark.usefixtures("sales_schema_restored")
def test_an_existing_database_keeps_its_amounts_and_then_holds_a_billion():
    """0006 widens every amount column from decimal(12,4) to (20,4): the rows already there keep their values."""
    old = migrate(BEFORE_PRECISION)
    old_order = old.get_model("sales", "Order").objects.create(
        customer_email="jdoe@example.com", subtotal=D("99999999.9999"), grand_total=D("12345678.1234"))

    new = migrate(CASE_INDEX)  # the models as 0007 left them (later migrations add columns)
    order = new.get_model("sales", "Order").objects.get(pk=old_order.pk)
    order.grand_total = order.base_grand_total = D("1000000000000000")
    order.save()

    order.refresh_from_db()
    assert (order.subtotal, order.grand_total) == (D("99999999.9999"), D("1000000000000000"))


@transactional_db
@pytest.mark.usefixtures("sales_schema_restored")
def test_the_case_insensitive_index_migration_stops_on_existing_case_duplicates_and_names_them():
    """An existing database with accounts that differ only in letter case cannot take the index: 0007 stops before
    changing anything and names them; once they are merged or renamed it runs."""
    old = migrate(BEFORE_CASE_INDEX)
    accounts = old.get_model("sales", "Customer").objects
    first = accounts.create(email="el-x@probe.example.com", firstname="El", lastname="X")
    second = accounts.create(email="EL-X@PROBE.EXAMPLE.COM", firstname="El", lastname="X")

    with pytest.raises(RuntimeError) as refused:
        migrate(CASE_INDEX)
    assert f"website 1: [({first.pk}, 'el-x@probe.example.com'), ({second.pk}, 'EL-X@PROBE.EXAMPLE.COM')]" in str(
        refused.value)
    accounts.filter(pk=second.pk).update(email="el-x+second@probe.example.com")
    migrate(CASE_INDEX)

    assert Customer.objects.count() == 2
