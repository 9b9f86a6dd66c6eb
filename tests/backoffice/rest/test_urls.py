"""The Magento URL scheme: /rest/V1/... and /rest/<store_code>/V1/...; anything else under /rest/ is a JSON 404."""

from __future__ import annotations

import pytest

from sales.invoicing import invoice_order
from sales.models import Invoice, Order

pytestmark = pytest.mark.django_db

NO_ROUTE = {"message": "Request does not match any route."}


@pytest.fixture
def invoice(tutorial) -> Invoice:
    return invoice_order(Order.objects.get(customer_email="jdoe@example.com"))


@pytest.mark.parametrize("prefix", ["/rest/V1", "/rest/default/V1", "/rest/all/V1"])
@pytest.mark.parametrize(
    "path", ["/orders?searchCriteria[pageSize]=1", "/orders/{order}", "/invoices?searchCriteria[pageSize]=1",
             "/invoices/{invoice}"],
)
def test_every_read_route_answers_under_each_store_prefix(rest_client, invoice, prefix, path):
    response = rest_client.get(prefix + path.format(order=invoice.order_id, invoice=invoice.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("prefix", ["/rest/V1", "/rest/default/V1", "/rest/all/V1"])
def test_the_invoice_route_answers_under_each_store_prefix(rest_client, tutorial, prefix):
    order = Order.objects.get(customer_email="jdoe@example.com")

    response = rest_client.post(f"{prefix}/order/{order.pk}/invoice", {}, format="json")

    assert response.status_code == 200
    assert response.json() == Invoice.objects.get(order=order).pk


@pytest.mark.parametrize(
    "path", ["/rest/V1/orders/?searchCriteria[pageSize]=1", "/rest/default/V1/orders/{order}/",
             "/rest/V1/invoices/?searchCriteria[filter_groups][0][filters][0][field]=order_id"
             "&searchCriteria[filter_groups][0][filters][0][value]={order}"],
)
def test_a_trailing_slash_is_trimmed_as_magentos_router_does(rest_client, invoice, path):
    """Route::getPathParts trims the path's slashes; my-magento sends "orders/?searchCriteria..."."""
    with_slash = rest_client.get(path.format(order=invoice.order_id))
    without = rest_client.get(path.format(order=invoice.order_id).replace("/?", "?").rstrip("/"))

    assert with_slash.status_code == 200
    assert with_slash.json() == without.json()


def test_a_write_route_with_a_trailing_slash_is_the_same_route(rest_client, tutorial):
    order = Order.objects.get(customer_email="jdoe@example.com")

    response = rest_client.post(f"/rest/V1/order/{order.pk}/invoice/", {}, format="json")

    assert response.status_code == 200
    assert response.json() == Invoice.objects.get(order=order).pk


def test_the_admin_keeps_djangos_paths(admin_client):
    assert admin_client.get("/admin/sales/order/").status_code == 200
    assert admin_client.get("/admin/sales/order").status_code == 404  # APPEND_SLASH is off; only /rest/ is trimmed


@pytest.mark.parametrize(
    "path",
    [
        "/rest/V1/nonsense",
        "/rest/unknownstore/V1/orders?searchCriteria[pageSize]=1",
        "/rest/Default/V1/orders?searchCriteria[pageSize]=1",  # store codes are case-sensitive
        "/rest/default/V2/x",
        "/rest/V2/orders",
        "/rest/V1/orders/abc",
        "/rest/V1/orders/1/extra",
        "/rest/V1/integration/admin/token/",  # the token route, trimmed, only answers POST
        "/rest/V1//",
        "/rest/V1",
        "/rest/",
        "/rest/default",
        "/rest/default/default/V1/orders",
    ],
)
def test_an_unknown_path_is_magentos_json_404_even_for_an_admin(rest_client, path):
    response = rest_client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"message":"Request does not match any route."}'


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_an_unknown_path_is_a_404_for_a_guest_and_any_rest_method(client, method):
    response = getattr(client, method)("/rest/V1/nonsense")

    assert response.status_code == 404
    assert response.json() == NO_ROUTE


def test_the_root_redirects_to_the_admin(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
