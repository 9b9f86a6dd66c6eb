"""The ``fields`` query parameter: partial responses, as Magento's Webapi\\Rest\\Response\\FieldsFilter."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from backoffice.rest.fields import fields_parameter, parse_fields, partial_response
from sales.models import Order

ORDERS = "/rest/V1/orders?searchCriteria[pageSize]=1"
ENTITY_NOT_FOUND = b'{"message":"The entity that was requested doesn\'t exist. Verify the entity and try again."}'


# --- the parser: FieldsFilter::parse ----------------------------------------------------------------------------


def test_parse_nested_names_into_a_tree():
    assert parse_fields("customer[id,email],addresses[city,postcode,region[region_code,region]]") == {
        "customer": {"id": None, "email": None},
        "addresses": {"city": None, "postcode": None, "region": {"region_code": None, "region": None}},
    }


@pytest.mark.parametrize(
    ("value", "tree"),
    [
        ("sku", {"sku": None}),
        ("sku,,name,", {"sku": None, "name": None}),  # empty names are skipped
        ("a[b]c", {"a": {"b": None}, "c": None}),  # no comma needed after "]"
        ("a[b[c[d]]],e", {"a": {"b": {"c": {"d": None}}}, "e": None}),
        ("a[]", {"a": {}}),  # an empty selection: the key stays, with nothing in it
        ("a[b],a", {"a": None}),  # the later mention wins, at the first one's place
        ("a,a[b]", {"a": {"b": None}}),
        ("a,[b]", {"a": {"b": None}}),  # "[" nests under the last name read, even across a comma
        ("a[b][c]", {"a": {"b": None}, "b": {"c": None}}),  # ... so a second "[" nests under "b"
        ("a],b", {"": {"a": None}, "b": None}),  # a stray "]" files what precedes it under "", matching nothing
        ("Sku_2", {"Sku_2": None}),
    ],
)
def test_parse_follows_magentos_loop_on_odd_input(value, tree):
    assert parse_fields(value) == tree


@pytest.mark.parametrize(
    "value",
    ["", "  ", " sku", "sku, name", "items[sku", "a[b[c]", "customer(email)", "-", "items.sku", "sku;name", "é"],
)
def test_parse_refuses_empty_unbalanced_and_foreign_characters(value):
    assert parse_fields(value) is None


# --- the filter: FieldsFilter::filter and its caller's guard -----------------------------------------------------


def test_a_filter_keeps_the_responses_key_order_and_drops_unknown_names():
    data = {"b": 1, "a": {"y": 2, "x": 3, "z": 4}, "c": 5}
    assert json.dumps(partial_response(data, "nope,a[z,x,nope],b")) == '{"b": 1, "a": {"x": 3, "z": 4}}'


def test_each_element_of_a_list_is_filtered_and_a_bare_name_keeps_the_whole_value():
    data = [{"sku": "A", "qty": 1, "extra": {"k": 1}}, {"sku": "B", "qty": 2, "extra": {"k": 2}}]
    assert partial_response(data, "sku,extra") == [{"sku": "A", "extra": {"k": 1}}, {"sku": "B", "extra": {"k": 2}}]


def test_phps_arrays_show_through():
    assert partial_response({"a": 1}, "b") == []  # nothing left: PHP's empty array prints as []
    assert partial_response({"a": {"b": 1}}, "a[c]") == {"a": []}
    assert partial_response({"items": [], "total_count": 0}, "items[sku],total_count") == {
        "items": None, "total_count": 0}  # a nested filter over an empty array gives PHP's null
    assert partial_response({"a": {}}, "a[b]") == {"a": None}
    assert partial_response({"sku": "A"}, "sku[x]") == {"sku": "A"}  # a nested filter on a scalar keeps it


@pytest.mark.parametrize("fields", [None, "", "0"])
def test_a_falsy_parameter_leaves_the_response_alone(fields):
    data = {"a": 1, "b": 2}
    assert partial_response(data, fields) is data


@pytest.mark.parametrize("data", ["token", 7, True, None])
def test_a_response_that_is_not_an_array_is_left_alone(data):
    assert partial_response(data, "a") == data


@pytest.mark.parametrize("fields", [" a", "a[b", ["a"]])
def test_a_malformed_value_filters_to_an_empty_array(fields):
    assert partial_response({"a": 1}, fields) == []


def test_custom_attributes_are_selected_by_attribute_code():
    data = {"custom_attributes": [
        {"attribute_code": "color", "value": "49"},
        {"attribute_code": "size", "value": "168"},
        {"attribute_code": "style", "value": "1"},
    ]}
    assert partial_response(data, "custom_attributes[color,size]") == {"custom_attributes": [
        {"attribute_code": "color", "value": "49"}, {"attribute_code": "size", "value": "168"}]}
    assert partial_response(data, "custom_attributes[value]") == {
        "custom_attributes": [{"value": "49"}, {"value": "168"}, {"value": "1"}]}
    # the positions are kept, so a gap turns the list into PHP's object keyed by position
    assert partial_response(data, "custom_attributes[size]") == {
        "custom_attributes": {"1": {"attribute_code": "size", "value": "168"}}}
    assert partial_response(data, "custom_attributes") == data


def test_the_parameter_is_read_as_php_reads_it():
    assert fields_parameter(QueryDict("searchCriteria[pageSize]=1")) is None
    assert fields_parameter(QueryDict("fields=a&fields=b")) == "b"  # the last one wins
    assert fields_parameter(QueryDict("fields=")) == ""
    assert fields_parameter(QueryDict("fields[]=a")) == ["a"]  # PHP builds an array
    assert fields_parameter(QueryDict("fields[x=a")) is None  # PHP reads the name as "fields_x"


# --- over HTTP: every successful REST answer -------------------------------------------------------------------


@pytest.fixture
def order(tutorial) -> Order:
    """Jane Doe's order: entity 1, increment id 000000001 on a fresh SQLite database; PostgreSQL's sequences
    carry on from earlier tests."""
    return Order.objects.get(customer_email="jdoe@example.com")


@pytest.fixture
def order_url(order: Order) -> str:
    return f"/rest/V1/orders/{order.pk}"


@pytest.mark.django_db
def test_the_tutorials_list_trimmed_to_two_fields_of_its_items(rest_client, order):
    response = rest_client.get(f"{ORDERS}&fields=items[increment_id,entity_id]")

    assert response.status_code == 200
    # no search_criteria, no total_count; the order's own key order, not the parameter's
    assert response.content == b'{"items":[{"entity_id":%d,"increment_id":"%s"}]}' % (order.pk, order.increment_id.encode())


@pytest.mark.django_db
def test_a_list_keeps_what_it_is_asked_for(rest_client, tutorial):
    body = rest_client.get(f"{ORDERS}&fields=total_count,search_criteria[page_size],items[status]").json()

    assert body == {"items": [{"status": "pending"}], "search_criteria": {"page_size": 1}, "total_count": 1}


@pytest.mark.django_db
def test_an_empty_search_prints_magentos_null_items(rest_client, tutorial):
    url = ("/rest/V1/orders?searchCriteria[filter_groups][0][filters][0][field]=status"
           "&searchCriteria[filter_groups][0][filters][0][value]=closed&fields=items[increment_id],total_count")

    assert rest_client.get(url).content == b'{"items":null,"total_count":0}'


@pytest.mark.django_db
def test_an_order_with_a_field_and_its_items_skus(rest_client, order, order_url):
    response = rest_client.get(f"{order_url}?fields=increment_id,items[sku]")

    assert response.status_code == 200
    assert response.json() == {
        "increment_id": order.increment_id, "items": [{"sku": "24-WB03"}, {"sku": "24-WB01"}, {"sku": "240-LV06"}]}
    assert list(response.json()) == ["increment_id", "items"]


@pytest.mark.django_db
def test_nested_objects(rest_client, order_url):
    body = rest_client.get(f"{order_url}?fields=billing_address[city,region_code],payment[method]").json()

    assert body == {"billing_address": {"city": "Mineola", "region_code": "NY"}, "payment": {"method": "banktransfer"}}


@pytest.mark.django_db
def test_a_bare_object_name_keeps_the_whole_object(rest_client, order_url):
    whole = rest_client.get(order_url).json()

    assert rest_client.get(f"{order_url}?fields=billing_address").json() == {"billing_address": whole["billing_address"]}


@pytest.mark.django_db
def test_unknown_names_are_dropped_silently(rest_client, order, order_url):
    body = rest_client.get(f"{order_url}?fields=no_such_field,increment_id").json()
    assert body == {"increment_id": order.increment_id}
    assert rest_client.get(f"{order_url}?fields=billing_address[nope]").content == b'{"billing_address":[]}'
    only_unknown = rest_client.get(f"{order_url}?fields=no_such_field")
    assert (only_unknown.status_code, only_unknown.content) == (200, b"[]")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["fields=", "fields=0", "other=1"])
def test_an_empty_parameter_returns_the_whole_response(rest_client, order_url, query):
    assert rest_client.get(f"{order_url}?{query}").content == rest_client.get(order_url).content


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["fields=items%5Bsku", "fields=items%5Bsku,%20name%5D", "fields%5B%5D=sku"])
def test_a_malformed_parameter_answers_200_and_an_empty_array(rest_client, order_url, query):
    response = rest_client.get(f"{order_url}?{query}")

    assert (response.status_code, response.content) == (200, b"[]")


@pytest.mark.django_db
def test_a_post_response_is_filtered_too(rest_client, tutorial):
    response = rest_client.post("/rest/V1/products?fields=sku,name,extension_attributes[website_ids]",
                                {"product": {"sku": "NEW-1", "name": "New", "price": 5}}, format="json")

    assert response.status_code == 200
    assert response.content == b'{"sku":"NEW-1","name":"New","extension_attributes":{"website_ids":[1]}}'


@pytest.mark.django_db
def test_a_scalar_answer_is_left_alone(rest_client, order):
    url = f"/rest/V1/order/{order.pk}/invoice?fields=entity_id"
    response = rest_client.post(url, {"capture": True}, format="json")

    assert response.status_code == 200
    assert isinstance(response.json(), int)


@pytest.mark.django_db
def test_an_error_is_never_filtered(rest_client, order):
    missing = rest_client.get(f"/rest/V1/orders/{order.pk + 1}?fields=entity_id")
    assert (missing.status_code, missing.content) == (404, ENTITY_NOT_FOUND)

    no_criteria = rest_client.get("/rest/V1/orders?fields=items[sku]")  # searchCriteria is required
    assert no_criteria.status_code == 400
    assert no_criteria.json()["parameters"] == {"fieldName": "searchCriteria"}


@pytest.mark.django_db
def test_the_parameter_does_not_disturb_search_criteria(rest_client, order):
    url = ("/rest/default/V1/invoices?searchCriteria[filter_groups][0][filters][0][field]=order_id"
           f"&searchCriteria[filter_groups][0][filters][0][value]={order.pk}&fields=total_count")
    rest_client.post(f"/rest/V1/order/{order.pk}/invoice", {"capture": True}, format="json")

    assert rest_client.get(url).json() == {"total_count": 1}


@pytest.mark.django_db
def test_filtering_adds_no_query(rest_client, order_url):
    rest_client.get(order_url)  # warm up whatever is cached per process
    with CaptureQueriesContext(connection) as whole:
        rest_client.get(order_url)
    with CaptureQueriesContext(connection) as trimmed:
        rest_client.get(f"{order_url}?fields=increment_id,items[sku],billing_address[city]")

    assert len(trimmed) == len(whole)
