"""Every route of Magento's Customer, Quote, Checkout, Directory and Sales modules, and Catalog's category routes, is
served, with Magento's ACL resource.

The list is Magento 2.4.6's own: tests/data/magento/webapi-customer-quote-checkout-directory.tsv holds each
``<route url method>`` and its ``<resource ref>`` from vendor/magento/module-{customer,quote,checkout,directory}/etc/
webapi.xml (119 routes). A route is served when the URL resolver finds a view answering its method (not the JSON
404 of an unknown path); its ACL is the view's declaration for that method (backoffice.rest.acl.acl_of).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import resolve

from backoffice.rest.acl import acl_of
from backoffice.rest.errors import no_route


def routes_of(name: str) -> list[tuple[str, ...]]:
    lines = (Path(__file__).parent / "data/magento" / name).read_text().splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


# Catalog's category routes (11): tests/data/magento/webapi-catalog-categories.tsv, from module-catalog's webapi.xml.
CATALOG_ROUTES = routes_of("webapi-catalog-categories.tsv")
ROUTES = routes_of("webapi-customer-quote-checkout-directory.tsv") + CATALOG_ROUTES


def concrete(url: str) -> str:
    """Magento's ``:param`` placeholders filled with values our converters take (a masked id is 32 characters)."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "email":
            return "jane@example.com"
        if name == "cartId" and url.startswith("/V1/guest-carts"):
            return "a" * 32
        if name.endswith(("Code", "Token")) or name == "countryId":
            return "x"
        return "1"

    return "/rest" + re.sub(r":(\w+)", value, url).rstrip("/")


def test_the_list_is_magentos_whole_list():
    assert len(ROUTES) - len(CATALOG_ROUTES) == 119
    assert len(CATALOG_ROUTES) == 11
    assert ("POST", "/V1/guest-carts", "anonymous") in ROUTES


@pytest.mark.parametrize(("method", "url", "resources"), ROUTES, ids=[f"{m} {u}" for m, u, _ in ROUTES])
def test_magentos_route_is_served_with_its_acl_resource(method, url, resources):
    match = resolve(concrete(url))
    view = getattr(match.func, "view_class", None)

    assert match.func is not no_route
    assert hasattr(view, method.lower())
    assert acl_of(view, method)[0] in resources.split(",")


CATALOG_ATTRIBUTE_ROUTES = [
    tuple(line.split("\t"))
    for line in (Path(__file__).parent / "data/magento/webapi-catalog-attributes.tsv").read_text().splitlines()
    if line and not line.startswith("#")
]


def test_the_catalog_attribute_list_is_magentos():
    """vendor/magento/module-catalog/etc/webapi.xml: /V1/products/attributes*, /attribute-sets*, /types."""
    assert len(CATALOG_ATTRIBUTE_ROUTES) == 23


@pytest.mark.parametrize(
    ("method", "url", "resources"), CATALOG_ATTRIBUTE_ROUTES, ids=[f"{m} {u}" for m, u, _ in CATALOG_ATTRIBUTE_ROUTES]
)
def test_magentos_catalog_attribute_route_is_served_with_its_acl_resource(method, url, resources):
    test_magentos_route_is_served_with_its_acl_resource(method, url, resources)


# Every route of module-sales (45): tests/data/magento/webapi-sales.tsv, from vendor/magento/module-sales/etc/
# webapi.xml (module-sales-inventory declares none).
SALES_ROUTES = routes_of("webapi-sales.tsv")
# MSI's sales routes (7): module-inventory-sales-api and module-inventory-in-store-pickup-sales-api's webapi.xml.
INVENTORY_SALES_ROUTES = routes_of("webapi-inventory-sales.tsv")
# Served by the MSI routes work in progress on another branch (issue 18): strict, so the merge that serves them
# turns these into failures until the marks go.
NOT_YET_SERVED: set[tuple[str, str]] = set()


def test_the_sales_lists_are_magentos():
    """vendor/magento/module-sales/etc/webapi.xml; module-inventory-sales-api and
    module-inventory-in-store-pickup-sales-api etc/webapi.xml."""
    assert len(SALES_ROUTES) == 45
    assert ("POST", "/V1/shipment/", "Magento_Sales::shipment") in SALES_ROUTES
    assert ("POST", "/V1/order/:orderId/ship", "Magento_Sales::ship") in SALES_ROUTES
    assert len(INVENTORY_SALES_ROUTES) == 7


@pytest.mark.parametrize(("method", "url", "resources"), SALES_ROUTES, ids=[f"{m} {u}" for m, u, _ in SALES_ROUTES])
def test_magentos_sales_route_is_served_with_its_acl_resource(method, url, resources):
    test_magentos_route_is_served_with_its_acl_resource(method, url, resources)


@pytest.mark.parametrize(
    ("method", "url", "resources"),
    [
        pytest.param(*route, marks=pytest.mark.xfail(strict=True, reason="served by the MSI routes branch"))
        if route[:2] in NOT_YET_SERVED
        else route
        for route in INVENTORY_SALES_ROUTES
    ],
    ids=[f"{m} {u}" for m, u, _ in INVENTORY_SALES_ROUTES],
)
def test_msis_sales_route_is_served_with_its_acl_resource(method, url, resources):
    test_magentos_route_is_served_with_its_acl_resource(method, url, resources)
