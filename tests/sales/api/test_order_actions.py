"""Order actions for admins: /V1/orders/{id}/comments, /cancel, /hold, /unhold, and /V1/orders/items."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from inventory.models import Stock
from inventory.salable import get_salable_quantity
from sales.models import Order
from tests.factories import make_order

pytestmark = pytest.mark.django_db
D = Decimal
V1 = "/rest/default/V1"
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
DATE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def tutorial_order() -> Order:
    return Order.objects.get(customer_email="jdoe@example.com")


def us_salable(sku: str) -> Decimal:
    return get_salable_quantity(sku, Stock.objects.get(name="US Stock").pk)


def test_cancel_restores_the_tutorial_orders_salable_quantities(tutorial, rest_client):
    order = tutorial_order()
    before = {sku: us_salable(sku) for sku in ("24-WB01", "24-WB03", "240-LV06")}

    response = rest_client.post(f"{V1}/orders/{order.pk}/cancel")

    assert (response.status_code, response.json()) == (200, True)
    assert before == {"24-WB01": 60, "24-WB03": 80, "240-LV06": 9998}
    assert {sku: us_salable(sku) for sku in before} == {"24-WB01": 100, "24-WB03": 100, "240-LV06": 9999}
    order.refresh_from_db()
    assert (order.state, order.status) == ("canceled", "canceled")
    assert [(i.sku, i.qty_canceled) for i in order.items.all()] == [
        ("24-WB03", 20), ("24-WB01", 40), ("240-LV06", 1)]
    order_json = rest_client.get(f"{V1}/orders/{order.pk}").json()
    assert [i["qty_canceled"] for i in order_json["items"]] == [20, 40, 1]


def test_cancel_answers_false_when_the_order_is_fully_invoiced(tutorial, rest_client):
    order = tutorial_order()
    rest_client.post(f"{V1}/order/{order.pk}/invoice", {"capture": True}, format="json")

    response = rest_client.post(f"{V1}/orders/{order.pk}/cancel")

    assert (response.status_code, response.json()) == (200, False)
    order.refresh_from_db()
    assert order.state == "processing"


def test_hold_and_unhold_answer_true_and_refuse_with_magentos_messages(rest_client):
    order = make_order()

    held = rest_client.post(f"{V1}/orders/{order.pk}/hold")
    held_again = rest_client.post(f"{V1}/orders/{order.pk}/hold")
    cancel_while_held = rest_client.post(f"{V1}/orders/{order.pk}/cancel")
    released = rest_client.post(f"{V1}/orders/{order.pk}/unhold")
    released_again = rest_client.post(f"{V1}/orders/{order.pk}/unhold")

    assert (held.status_code, held.json()) == (200, True)
    assert (held_again.status_code, held_again.json()) == (400, {"message": "A hold action is not available."})
    assert cancel_while_held.json() is False
    assert (released.status_code, released.json()) == (200, True)
    assert (released_again.status_code, released_again.json()) == (400, {"message": "You cannot remove the hold."})
    order.refresh_from_db()
    assert (order.state, order.status) == ("new", "pending")


def test_unknown_orders_are_magento_404s(rest_client):
    bodies = [rest_client.post(f"{V1}/orders/999999/{action}") for action in ("cancel", "hold", "unhold")]

    assert {(r.status_code, r.json()["message"]) for r in bodies} == {
        (404, "The entity that was requested doesn't exist. Verify the entity and try again.")}


def test_adds_and_lists_comments(rest_client):
    order = make_order()

    added = rest_client.post(
        f"{V1}/orders/{order.pk}/comments",
        {"statusHistory": {"comment": "Called the customer", "is_customer_notified": 0, "is_visible_on_front": 1,
                           "parent_id": order.pk, "status": "pending"}},
        format="json",
    )
    listed = rest_client.get(f"{V1}/orders/{order.pk}/comments")

    assert (added.status_code, added.json()) == (200, True)
    body = listed.json()
    placed, comment = body["items"]
    assert DATE.fullmatch(comment.pop("created_at"))
    assert comment == {
        "comment": "Called the customer", "entity_id": comment["entity_id"], "entity_name": "order",
        "is_customer_notified": 0, "is_visible_on_front": 1, "parent_id": order.pk, "status": "pending",
    }
    assert placed["comment"] is None  # the placement's own history row
    assert body["search_criteria"] == {
        "filter_groups": [{"filters": [{"field": "parent_id", "value": str(order.pk), "condition_type": "eq"}]}],
        "page_size": 20,
    }
    assert body["total_count"] == 2


def test_a_comment_cannot_move_the_order_to_another_states_status(rest_client):
    order = make_order()

    response = rest_client.post(f"{V1}/orders/{order.pk}/comments",
                                {"statusHistory": {"comment": "Shipped?", "status": "complete"}}, format="json")

    assert (response.status_code, response.json()) == (400, {
        "message": 'Unable to add comment: The status "%1" is not part of the order status history.',
        "parameters": ["complete"],
    })


def test_comments_of_an_unknown_order_are_an_empty_result(rest_client):
    response = rest_client.get(f"{V1}/orders/999999/comments")

    assert response.json()["items"] == []
    assert response.json()["total_count"] == 0


@pytest.mark.parametrize(
    ("method", "path", "resource", "permission"),
    [
        ("post", "cancel", "Magento_Sales::cancel", "sales.cancel_order"),
        ("post", "hold", "Magento_Sales::hold", "sales.hold_order"),
        ("post", "comments", "Magento_Sales::comment", "sales.comment_order"),
        ("get", "comments", "Magento_Sales::actions_view", "sales.view_order"),
    ],
)
def test_each_action_needs_its_acl_resource(staff_client_with, method, path, resource, permission):
    order = make_order()
    body = {"statusHistory": {"comment": "x"}}

    refused = getattr(staff_client_with("sales.add_invoice"), method)(f"{V1}/orders/{order.pk}/{path}", body,
                                                                       format="json")

    assert (refused.status_code, refused.json()) == (401, {"message": NOT_AUTHORIZED,
                                                           "parameters": {"resources": resource}})


@pytest.mark.parametrize(
    ("path", "permission", "status"),
    [("cancel", "sales.cancel_order", 200), ("hold", "sales.hold_order", 200), ("unhold", "sales.unhold_order", 400)],
)
def test_the_django_permission_grants_the_action(staff_client_with, path, permission, status):
    order = make_order()

    response = staff_client_with(permission).post(f"{V1}/orders/{order.pk}/{path}")

    assert response.status_code == status  # unhold of an order not on hold: allowed, then refused by the domain


def test_reads_order_items_one_by_one_and_by_search_criteria(tutorial, rest_client):
    order = tutorial_order()
    item = order.items.get(sku="24-WB01")

    detail = rest_client.get(f"{V1}/orders/items/{item.pk}")
    search = rest_client.get(f"{V1}/orders/items", {
        "searchCriteria[filterGroups][0][filters][0][field]": "order_id",
        "searchCriteria[filterGroups][0][filters][0][value]": str(order.pk),
        "searchCriteria[sortOrders][0][field]": "sku",
    })
    missing = rest_client.get(f"{V1}/orders/items/999999")

    assert (detail.json()["item_id"], detail.json()["sku"], detail.json()["qty_ordered"]) == (item.pk, "24-WB01", 40)
    assert [i["sku"] for i in search.json()["items"]] == ["24-WB01", "24-WB03", "240-LV06"]
    assert search.json()["total_count"] == 3
    assert (missing.status_code, missing.json()) == (
        404, {"message": "The entity that was requested doesn't exist. Verify the entity and try again."})


def test_order_items_need_actions_view(staff_client_with):
    response = staff_client_with("sales.cancel_order").get(f"{V1}/orders/items", {"searchCriteria[pageSize]": 5})

    assert (response.status_code, response.json()) == (
        401, {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Sales::actions_view"}})
