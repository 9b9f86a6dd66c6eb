"""searchCriteria on GET /V1/orders and /V1/invoices: filters (ORed in a group, groups ANDed), sorting, paging."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sales.invoicing import invoice_order
from sales.models import Invoice, Order
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db

REQUIRED_SEARCH_CRITERIA = {
    "message": '"%fieldName" is required. Enter and try again.',
    "parameters": {"fieldName": "searchCriteria"},
}
INVALID_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'


def criteria(*groups: list[tuple], sort: tuple = (), page_size: object = None, current_page: object = None,
             camel: bool = False) -> str:
    """The query string a Magento client sends; each filter is (field, value) or (field, value, condition_type)."""
    keys = ("filterGroups", "conditionType", "sortOrders", "pageSize", "currentPage") if camel else (
        "filter_groups", "condition_type", "sortOrders", "pageSize", "currentPage")
    groups_key, condition_key, sort_key, size_key, page_key = keys
    pairs: list[tuple[str, object]] = []
    for i, group in enumerate(groups):
        for j, (field, value, *condition) in enumerate(group):
            prefix = f"searchCriteria[{groups_key}][{i}][filters][{j}]"
            pairs += [(f"{prefix}[field]", field), (f"{prefix}[value]", value)]
            pairs += [(f"{prefix}[{condition_key}]", c) for c in condition]
    for k, (field, *direction) in enumerate(sort):
        pairs.append((f"searchCriteria[{sort_key}][{k}][field]", field))
        pairs += [(f"searchCriteria[{sort_key}][{k}][direction]", d) for d in direction]
    if page_size is not None:
        pairs.append((f"searchCriteria[{size_key}]", page_size))
    if current_page is not None:
        pairs.append((f"searchCriteria[{page_key}]", current_page))
    return "?" + urlencode(pairs)


def extra_order(grand_total: str, **fields: object) -> Order:
    """An order placed next to the tutorial's (its products at a US Stock source), with the given values."""
    order = make_order(item_qtys=[Decimal("1")], products=[make_product(source_code="ne_wh")])
    Order.objects.filter(pk=order.pk).update(grand_total=Decimal(grand_total), **fields)
    order.refresh_from_db()
    return order


@pytest.fixture
def orders(tutorial) -> dict[str, Order]:
    """The tutorial's order (1917.6, customer 1) and two guest orders (30 and 60), one of them Bob's."""
    jane = Order.objects.get(customer_email="jdoe@example.com")
    small = extra_order("30")
    bob = extra_order("60", customer_email="bob@example.org", customer_lastname="Builder")
    return {"jane": jane, "small": small, "bob": bob}


def ids(body: dict) -> list[str]:
    return [item["increment_id"] for item in body["items"]]


def names(orders: dict[str, Order], body: dict) -> list[str]:
    by_increment_id = {order.increment_id: name for name, order in orders.items()}
    return [by_increment_id[increment_id] for increment_id in ids(body)]


# --- searchCriteria is required -------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["orders", "invoices"])
@pytest.mark.parametrize("query", ["", "?foo=1", "?searchcriteria[pageSize]=1", "?criteria[pageSize]=1"])
def test_a_list_without_search_criteria_is_refused(rest_client, resource, query):
    response = rest_client.get(f"/rest/V1/{resource}{query}")

    assert response.status_code == 400
    assert response.json() == REQUIRED_SEARCH_CRITERIA


@pytest.mark.parametrize("query", ["?searchCriteria", "?searchCriteria=", "?searchCriteria[currentPage]=1"])
def test_any_search_criteria_key_lists_the_first_page(rest_client, orders, query):
    response = rest_client.get(f"/rest/V1/orders{query}")

    assert response.status_code == 200
    body = response.json()
    assert sorted(names(orders, body)) == ["bob", "jane", "small"]
    assert body["total_count"] == 3
    assert body["search_criteria"]["page_size"] == 20


def test_without_page_size_the_default_page_size_applies_and_is_echoed(rest_client, orders, settings):
    """Magento's ServiceInputProcessor hands every bound SearchCriteria to DefaultPageSizeSetter, which sets the
    default page size (20) when none was sent; the result echoes the criteria it used."""
    settings.MAGENTO_DEFAULT_PAGE_SIZE = 2

    first = rest_client.get("/rest/V1/orders" + criteria(sort=[("grand_total", "ASC")])).json()
    second = rest_client.get("/rest/V1/orders" + criteria(sort=[("grand_total", "ASC")], current_page=2)).json()

    assert names(orders, first) == ["small", "bob"]
    assert names(orders, second) == ["jane"]
    assert first["total_count"] == second["total_count"] == 3
    assert first["search_criteria"] == {
        "filter_groups": [], "sort_orders": [{"field": "grand_total", "direction": "ASC"}], "page_size": 2
    }


# --- filters ---------------------------------------------------------------------------------------------------


def test_a_filter_without_condition_type_is_eq_and_echoes_it(rest_client, orders):
    jane = orders["jane"]

    response = rest_client.get("/rest/V1/orders" + criteria([("increment_id", jane.increment_id)]))

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["items", "search_criteria", "total_count"]
    assert ids(body) == [jane.increment_id]
    assert body["search_criteria"] == {
        "filter_groups": [{"filters": [{"field": "increment_id", "value": jane.increment_id, "condition_type": "eq"}]}],
        "page_size": 20,  # Magento's default page size (DefaultPageSizeSetter), echoed as Magento echoes it
    }
    assert body["total_count"] == 1


@pytest.mark.parametrize(
    ("value", "condition", "expected"),
    [
        ("60", "eq", ["bob"]),
        ("60", "neq", ["jane", "small"]),
        ("60", "gt", ["jane"]),
        ("60", "gteq", ["bob", "jane"]),
        ("60", "moreq", ["bob", "jane"]),
        ("60", "from", ["bob", "jane"]),
        ("60", "lt", ["small"]),
        ("60", "lteq", ["bob", "small"]),
        ("60", "to", ["bob", "small"]),
        ("1917.6", "eq", ["jane"]),
        ("1917.60", "eq", ["jane"]),
        ("30,60", "in", ["bob", "small"]),
        ("30, 1917.6", "in", ["jane", "small"]),
        ("30,60", "nin", ["jane"]),
        ("1", "lt", []),
    ],
)
def test_each_comparison_condition_on_a_number(rest_client, orders, value, condition, expected):
    response = rest_client.get("/rest/V1/orders" + criteria([("grand_total", value, condition)]))

    assert response.status_code == 200
    body = response.json()
    assert sorted(names(orders, body)) == expected
    assert body["total_count"] == len(expected)
    assert body["search_criteria"] == {
        "filter_groups": [{"filters": [{"field": "grand_total", "value": value, "condition_type": condition}]}],
        "page_size": 20,
    }


@pytest.mark.parametrize(
    ("field", "value", "condition", "expected"),
    [
        ("customer_email", "%@example.com", "like", ["jane", "small"]),
        ("customer_email", "bob%", "like", ["bob"]),
        ("customer_email", "%EXAMPLE%", "like", ["bob", "jane", "small"]),
        ("customer_email", "bob@example.org", "like", ["bob"]),
        ("customer_email", "BOB@EXAMPLE.ORG", "like", ["bob"]),
        ("customer_email", "bob", "like", []),
        ("customer_lastname", "%uild%", "like", ["bob"]),
        ("customer_email", "%example.org", "nlike", ["jane", "small"]),
        ("customer_email", "bob@example.org", "eq", ["bob"]),
        ("customer_email", "bob@example.org", "neq", ["jane", "small"]),
        ("customer_email", "bob@example.org,jdoe@example.com", "in", ["bob", "jane", "small"]),
        ("status", "pending", "eq", ["bob", "jane", "small"]),
        ("state", "processing", "eq", []),
    ],
)
def test_text_conditions(rest_client, orders, field, value, condition, expected):
    response = rest_client.get("/rest/V1/orders" + criteria([(field, value, condition)]))

    assert response.status_code == 200
    body = response.json()
    assert sorted(names(orders, body)) == expected
    assert body["total_count"] == len(expected)


@pytest.mark.parametrize(("condition", "expected"), [("null", ["bob", "small"]), ("notnull", ["jane"])])
def test_null_and_notnull_need_no_value(rest_client, orders, condition, expected):
    query = f"?searchCriteria[filter_groups][0][filters][0][field]=customer_id&" \
            f"searchCriteria[filter_groups][0][filters][0][condition_type]={condition}"

    response = rest_client.get("/rest/V1/orders" + query)

    assert response.status_code == 200
    body = response.json()
    assert sorted(names(orders, body)) == expected
    assert body["total_count"] == len(expected)


def test_entity_id_filters_on_the_primary_key(rest_client, orders):
    value = f"{orders['jane'].pk},{orders['bob'].pk}"

    response = rest_client.get("/rest/V1/orders" + criteria([("entity_id", value, "in")]))

    assert sorted(names(orders, response.json())) == ["bob", "jane"]


def test_dates_filter_in_utc_whatever_the_time_zone(rest_client, orders, settings):
    settings.TIME_ZONE = "America/New_York"
    Order.objects.filter(pk=orders["small"].pk).update(created_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))

    on_the_second = rest_client.get("/rest/V1/orders" + criteria([("created_at", "2024-01-02 03:04:05")])).json()
    a_second_later = rest_client.get(
        "/rest/V1/orders" + criteria([("created_at", "2024-01-02 03:04:05", "gt")], [("created_at", "2024-01-02 03:04:06", "lt")])
    ).json()
    that_day = rest_client.get(
        "/rest/V1/orders"
        + criteria([("created_at", "2024-01-02 00:00:00", "from")], [("created_at", "2024-01-02 23:59:59", "to")])
    ).json()

    assert names(orders, on_the_second) == ["small"]
    assert names(orders, a_second_later) == []
    assert names(orders, that_day) == ["small"]
    assert on_the_second["items"][0]["created_at"] == "2024-01-02 03:04:05"


def test_filters_in_one_group_are_ored(rest_client, orders):
    query = criteria([("customer_email", "bob@example.org"), ("grand_total", "1000", "gt")])

    response = rest_client.get("/rest/V1/orders" + query)

    body = response.json()
    assert sorted(names(orders, body)) == ["bob", "jane"]
    assert body["total_count"] == 2
    assert body["search_criteria"] == {
        "filter_groups": [
            {
                "filters": [
                    {"field": "customer_email", "value": "bob@example.org", "condition_type": "eq"},
                    {"field": "grand_total", "value": "1000", "condition_type": "gt"},
                ]
            }
        ],
        "page_size": 20,
    }


def test_groups_are_anded(rest_client, orders):
    query = criteria([("customer_email", "%@example.com", "like")], [("grand_total", "100", "lt")])

    response = rest_client.get("/rest/V1/orders" + query)

    body = response.json()
    assert names(orders, body) == ["small"]
    assert body["search_criteria"] == {
        "filter_groups": [
            {"filters": [{"field": "customer_email", "value": "%@example.com", "condition_type": "like"}]},
            {"filters": [{"field": "grand_total", "value": "100", "condition_type": "lt"}]},
        ],
        "page_size": 20,
    }


def test_groups_and_filters_are_taken_in_index_order_not_query_order(rest_client, orders):
    query = (
        "?searchCriteria[filter_groups][1][filters][0][field]=grand_total"
        "&searchCriteria[filter_groups][1][filters][0][value]=100"
        "&searchCriteria[filter_groups][1][filters][0][condition_type]=lt"
        "&searchCriteria[filter_groups][0][filters][10][field]=status"
        "&searchCriteria[filter_groups][0][filters][10][value]=pending"
        "&searchCriteria[filter_groups][0][filters][2][field]=state"
        "&searchCriteria[filter_groups][0][filters][2][value]=new"
    )

    body = rest_client.get("/rest/V1/orders" + query).json()

    assert body["search_criteria"]["filter_groups"] == [
        {"filters": [{"field": "state", "value": "new", "condition_type": "eq"},
                     {"field": "status", "value": "pending", "condition_type": "eq"}]},
        {"filters": [{"field": "grand_total", "value": "100", "condition_type": "lt"}]},
    ]
    assert sorted(names(orders, body)) == ["bob", "small"]


# --- sorting and paging ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "expected", "echoed"),
    [("ASC", ["small", "bob", "jane"], "ASC"), ("DESC", ["jane", "bob", "small"], "DESC"),
     ("desc", ["jane", "bob", "small"], "DESC"), (None, ["small", "bob", "jane"], "ASC")],
)
def test_sort_orders(rest_client, orders, direction, expected, echoed):
    sort = [("grand_total", direction)] if direction else [("grand_total",)]

    response = rest_client.get("/rest/V1/orders" + criteria(sort=sort))

    body = response.json()
    assert names(orders, body) == expected
    assert body["search_criteria"] == {
        "filter_groups": [], "sort_orders": [{"field": "grand_total", "direction": echoed}], "page_size": 20
    }


def test_several_sort_orders_apply_in_turn(rest_client, orders):
    sort = [("customer_email", "ASC"), ("grand_total", "DESC")]

    body = rest_client.get("/rest/V1/orders" + criteria(sort=sort)).json()

    assert names(orders, body) == ["bob", "jane", "small"]
    assert body["search_criteria"]["sort_orders"] == [
        {"field": "customer_email", "direction": "ASC"},
        {"field": "grand_total", "direction": "DESC"},
    ]


@pytest.mark.parametrize(
    ("page_size", "current_page", "expected"),
    [(2, 1, ["small", "bob"]), (2, 2, ["jane"]), (1, 3, ["jane"]), (3, 1, ["small", "bob", "jane"]),
     (2, None, ["small", "bob"])],
)
def test_paging_returns_one_page_and_counts_every_match(rest_client, orders, page_size, current_page, expected):
    query = criteria(sort=[("grand_total", "ASC")], page_size=page_size, current_page=current_page)

    response = rest_client.get("/rest/V1/orders" + query)

    body = response.json()
    assert names(orders, body) == expected
    assert body["total_count"] == 3
    echo = {"filter_groups": [], "sort_orders": [{"field": "grand_total", "direction": "ASC"}], "page_size": page_size}
    if current_page is not None:
        echo["current_page"] = current_page
    assert body["search_criteria"] == echo


def test_total_count_counts_filtered_rows_not_the_page(rest_client, orders):
    query = criteria([("customer_email", "%example.com", "like")], sort=[("grand_total", "DESC")], page_size=1,
                     current_page=1)

    body = rest_client.get("/rest/V1/orders" + query).json()

    assert names(orders, body) == ["jane"]
    assert body["total_count"] == 2


def test_camel_case_keys_are_accepted_and_echoed_in_snake_case(rest_client, orders):
    query = criteria([("grand_total", "50", "gt")], sort=[("grand_total", "ASC")], page_size=1, current_page=2,
                     camel=True)

    response = rest_client.get("/rest/V1/orders" + query)

    assert response.status_code == 200
    assert response.json() == {
        "items": response.json()["items"],
        "search_criteria": {
            "filter_groups": [{"filters": [{"field": "grand_total", "value": "50", "condition_type": "gt"}]}],
            "sort_orders": [{"field": "grand_total", "direction": "ASC"}],
            "page_size": 1,
            "current_page": 2,
        },
        "total_count": 2,
    }
    assert names(orders, response.json()) == ["jane"]


def test_snake_case_paging_keys_are_accepted_too(rest_client, orders):
    query = "?searchCriteria[sort_orders][0][field]=grand_total&searchCriteria[page_size]=1&searchCriteria[current_page]=2"

    body = rest_client.get("/rest/V1/orders" + query).json()

    assert names(orders, body) == ["bob"]
    assert body["search_criteria"] == {
        "filter_groups": [], "sort_orders": [{"field": "grand_total", "direction": "ASC"}], "page_size": 1,
        "current_page": 2,
    }


# --- refusals --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["store_name", "password", "items", "customer__email", "pk", "Grand_Total"])
def test_a_field_outside_the_allowlist_is_refused(rest_client, orders, field):
    response = rest_client.get("/rest/V1/orders" + criteria([(field, "x")]))

    assert response.status_code == 400
    assert response.json() == {"message": INVALID_VALUE, "parameters": {"value": field, "fieldName": "field"}}


def test_sorting_on_a_field_outside_the_allowlist_is_refused(rest_client, orders):
    response = rest_client.get("/rest/V1/orders" + criteria(sort=[("store_name", "ASC")]))

    assert response.status_code == 400
    assert response.json() == {"message": INVALID_VALUE, "parameters": {"value": "store_name", "fieldName": "sortOrders"}}


@pytest.mark.parametrize("condition", ["finset", "nfinset", "bogus", "EQ", "regexp"])
def test_an_unsupported_condition_type_is_refused(rest_client, orders, condition):
    response = rest_client.get("/rest/V1/orders" + criteria([("grand_total", "1", condition)]))

    assert response.status_code == 400
    assert response.json() == {"message": INVALID_VALUE, "parameters": {"value": condition, "fieldName": "condition_type"}}


@pytest.mark.parametrize("direction", ["UP", "ascending", "1"])
def test_an_unknown_sort_direction_is_refused(rest_client, orders, direction):
    response = rest_client.get("/rest/V1/orders" + criteria(sort=[("grand_total", direction)]))

    assert response.status_code == 400
    assert response.json() == {"message": INVALID_VALUE, "parameters": {"value": direction, "fieldName": "direction"}}


@pytest.mark.parametrize("resource", ["orders", "invoices"])
def test_page_size_is_capped(rest_client, resource):
    response = rest_client.get(f"/rest/V1/{resource}" + criteria(page_size=301))

    assert response.status_code == 400
    assert response.json() == {"message": "Maximum SearchCriteria pageSize is %max", "parameters": {"max": 300}}


def test_the_page_size_cap_is_a_setting(rest_client, settings):
    settings.MAGENTO_MAX_PAGE_SIZE = 5

    at_the_cap = rest_client.get("/rest/V1/orders" + criteria(page_size=5))
    above = rest_client.get("/rest/V1/orders" + criteria(page_size=6))

    assert at_the_cap.status_code == 200
    assert above.status_code == 400
    assert above.json() == {"message": "Maximum SearchCriteria pageSize is %max", "parameters": {"max": 5}}


@pytest.mark.parametrize(
    ("key", "value"),
    [("pageSize", "abc"), ("pageSize", "ten"), ("page_size", "x1"), ("currentPage", "first"), ("current_page", "")],
)
def test_a_non_numeric_page_number_is_a_type_error(rest_client, key, value):
    response = rest_client.get(f"/rest/V1/orders?searchCriteria[{key}]={value}")

    if value == "":
        assert response.status_code == 200  # an empty value counts as absent
        return
    assert response.status_code == 400
    assert response.json() == {
        "message": f'Error occurred during "{key}" processing. The "{value}" value\'s type is invalid. '
        'The "int" type was expected. Verify and try again.'
    }


@pytest.mark.parametrize(("key", "value"), [("pageSize", "0"), ("pageSize", "-1"), ("currentPage", "0"), ("pageSize", "2.5")])
def test_a_page_number_below_one_or_fractional_is_refused(rest_client, key, value):
    response = rest_client.get(f"/rest/V1/orders?searchCriteria[{key}]={value}")

    assert response.status_code == 400
    assert response.json() == {"message": INVALID_VALUE, "parameters": {"value": value, "fieldName": key}}


def test_a_filter_without_a_field_is_refused(rest_client):
    response = rest_client.get("/rest/V1/orders?searchCriteria[filter_groups][0][filters][0][value]=x")

    assert response.status_code == 400
    assert response.json() == {"message": '"%fieldName" is required. Enter and try again.',
                               "parameters": {"fieldName": "field"}}


# --- invoices ---------------------------------------------------------------------------------------------------


@pytest.fixture
def invoices(orders) -> dict[str, Invoice]:
    return {name: invoice_order(order) for name, order in orders.items()}


def test_invoices_filter_and_echo_the_same_way(rest_client, invoices):
    jane = invoices["jane"]

    response = rest_client.get("/rest/V1/invoices" + criteria([("order_id", str(jane.order_id))]))

    assert response.status_code == 200
    body = response.json()
    assert [item["entity_id"] for item in body["items"]] == [jane.pk]
    assert body["items"][0]["grand_total"] == 1917.6
    assert body["search_criteria"] == {
        "filter_groups": [{"filters": [{"field": "order_id", "value": str(jane.order_id), "condition_type": "eq"}]}],
        "page_size": 20,
    }
    assert body["total_count"] == 1


def test_invoices_sort_and_page(rest_client, invoices):
    query = criteria([("grand_total", "1000", "lt")], sort=[("entity_id", "DESC")], page_size=1, current_page=2)

    body = rest_client.get("/rest/V1/invoices" + query).json()

    assert [item["entity_id"] for item in body["items"]] == [invoices["small"].pk]
    assert body["total_count"] == 2


def test_an_invoice_field_outside_the_allowlist_is_refused(rest_client, invoices):
    response = rest_client.get("/rest/V1/invoices" + criteria([("customer_email", "x")]))

    assert response.status_code == 400
    assert response.json() == {"message": INVALID_VALUE, "parameters": {"value": "customer_email", "fieldName": "field"}}


# --- a constant number of queries ------------------------------------------------------------------------------


def queries_for(client, url: str) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    return len(context.captured_queries), body["total_count"], len(body["items"])


@pytest.mark.parametrize("query", [criteria(page_size=300), criteria(sort=[("grand_total", "DESC")], page_size=5)])
def test_listing_orders_costs_the_same_queries_for_2_or_12_orders(rest_client, query):
    for _ in range(2):
        make_order(item_qtys=[Decimal("1"), Decimal("2")])
    few = queries_for(rest_client, "/rest/V1/orders" + query)
    for _ in range(10):
        make_order(item_qtys=[Decimal("1"), Decimal("2")])

    many = queries_for(rest_client, "/rest/V1/orders" + query)

    assert few[1:] == (2, 2)
    assert many[1] == 12
    assert many[0] == few[0]


@pytest.mark.parametrize("query", [criteria(page_size=300), criteria(sort=[("grand_total", "DESC")], page_size=5)])
def test_listing_invoices_costs_the_same_queries_for_2_or_12_invoices(rest_client, query):
    for _ in range(2):
        invoice_order(make_order(item_qtys=[Decimal("1"), Decimal("2")]))
    few = queries_for(rest_client, "/rest/V1/invoices" + query)
    for _ in range(10):
        invoice_order(make_order(item_qtys=[Decimal("1"), Decimal("2")]))

    many = queries_for(rest_client, "/rest/V1/invoices" + query)

    assert few[1:] == (2, 2)
    assert many[1] == 12
    assert many[0] == few[0]
