"""Cart items for every caller: GET|POST carts/{cartId}/items (POST is ``carts/:quoteId/items``), PUT|DELETE
carts/{cartId}/items/{itemId}, the guest-carts variants, and carts/mine.

Magento: module-quote/etc/webapi.xml ("Managing Cart Items", "Managing Guest Cart Items", "Managing my Cart Items"),
Model/Quote/Item/Repository.php (getList, save, deleteById), Model/Quote/Item/CartItemPersister.php (an item of
another cart: "The %1 Cart doesn't contain the %2 item."), Model/GuestCart/GuestCartItemRepository.php (the guest's
list shows the masked id as quote_id) and Plugin/UpdateCartId.php (the guest path's cart wins over the body's).
"""

from __future__ import annotations

import pytest

from checkout.models import QuoteItem

from .cart_callers import ALL_CALLERS, BY_ID, GUEST, MINE, V1, make_bag, make_caller

pytestmark = pytest.mark.django_db
NOT_IN_CART = "The %1 Cart doesn't contain the %2 item."


@pytest.fixture(params=ALL_CALLERS)
def caller(request, rest_client):
    make_bag()
    return make_caller(request.param, rest_client)


def test_adds_lists_updates_and_deletes_an_item(caller):
    added = caller.add(qty=2)
    item = QuoteItem.objects.get()

    listed = caller.get("items")
    updated = caller.put(f"items/{item.pk}", {"cartItem": {"qty": 4, "quote_id": caller.quote_id}})
    deleted = caller.delete(f"items/{item.pk}")

    body = {
        "item_id": item.pk,
        "sku": "24-WB01",
        "qty": 2,
        "name": "Voyage Yoga Bag",
        "price": 32,
        "product_type": "simple",
        "quote_id": caller.quote_id,
    }
    assert (added.status_code, added.json()) == (200, body)
    assert item.quote_id == caller.cart.pk
    assert (listed.status_code, listed.json()) == (200, [body])
    assert (updated.status_code, updated.json()) == (200, body | {"qty": 4})
    assert (deleted.status_code, deleted.json()) == (200, True)
    assert caller.get("items").json() == []


def test_the_path_names_the_cart_when_the_body_has_no_quote_id(caller):
    """Magento's carts/mine forces cartItem.quote_id (webapi.xml ``force="true"``), guest-carts overrides it with the
    path (UpdateCartId); for carts/{cartId} the path's cart is taken here too (see README "Cart routes")."""
    response = caller.post("items", {"cartItem": {"sku": "24-WB01", "qty": 1}})

    assert response.status_code == 200
    assert QuoteItem.objects.get().quote_id == caller.cart.pk


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_an_item_of_another_cart_is_not_in_this_one(caller, rest_client, method):
    other = make_caller(GUEST if caller.name != GUEST else MINE, rest_client)
    other.add(qty=2)
    foreign = QuoteItem.objects.get()

    response = caller.client.generic(
        method,
        f"{caller.base}/items/{foreign.pk}",
        f'{{"cartItem": {{"qty": 9, "quote_id": "{caller.quote_id}"}}}}',
        content_type="application/json",
    )

    assert response.status_code == 404
    assert response.json() == {"message": NOT_IN_CART, "parameters": [caller.cart.pk, foreign.pk]}
    assert QuoteItem.objects.get().qty == 2


def test_a_by_id_body_naming_another_cart_is_refused(rest_client):
    """Magento would write to the body's cart (Repository::save reads cartItem.quote_id, not the path): here the
    path decides, and a body that names another cart is a 400 on quoteId, nothing written."""
    caller = make_caller(BY_ID, rest_client)
    make_bag()
    other = make_caller(GUEST, rest_client)

    response = caller.post("items", {"cartItem": {"sku": "24-WB01", "qty": 1, "quote_id": str(other.cart.pk)}})

    assert response.status_code == 400
    assert response.json() == {
        "message": 'Invalid value of "%value" provided for the %fieldName field.',
        "parameters": {"value": str(other.cart.pk), "fieldName": "quoteId"},
    }
    assert not QuoteItem.objects.exists()


def test_a_guest_body_quote_id_is_overridden_by_the_path(rest_client):
    """Plugin/UpdateCartId.php: the guest path's masked id replaces the body's quote_id."""
    make_bag()
    caller = make_caller(GUEST, rest_client)

    response = caller.post("items", {"cartItem": {"sku": "24-WB01", "qty": 1, "quote_id": "someone-elses"}})

    assert response.status_code == 200
    assert QuoteItem.objects.get().quote_id == caller.cart.pk


def test_an_unknown_cart_id_is_magentos_404(rest_client):
    """QuoteRepository::getActive: NoSuchEntityException::singleField('cartId', ...)."""
    response = rest_client.get(f"{V1}/carts/999999/items")

    assert response.status_code == 404
    assert response.json() == {
        "message": "No such entity with %fieldName = %fieldValue",
        "parameters": {"fieldName": "cartId", "fieldValue": 999999},
    }


def test_an_unknown_guest_cart_is_magentos_404():
    """GuestCartItemRepository::getList loads QuoteIdMask by masked_id; no quote behind it: getActive(null)."""
    from rest_framework.test import APIClient

    response = APIClient().get(f"{V1}/guest-carts/0123456789abcdef0123456789abcdef/items")

    assert response.status_code == 404
    assert response.json()["message"] == "No such entity with %fieldName = %fieldValue"
