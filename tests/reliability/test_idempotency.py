"""Retries: POST /V1/order/{id}/invoice and /ship honour an Idempotency-Key header (backoffice/rest/idempotency.py)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

import inventory.source_deduction
from backoffice.rest.models import IdempotencyRecord
from inventory.models import DEFAULT_SOURCE_CODE, Reservation, SourceItem
from sales.models import Invoice, Order, Shipment
from tests.concurrency import run_concurrently
from tests.factories import make_order, make_product

from .support import admin_client, postgresql_only, snapshot, transactional_db

KEY_REUSED = 'The Idempotency-Key "%1" was already used with a different request.'


@pytest.fixture
def order(db) -> Order:
    return make_order(item_qtys=[Decimal("2"), Decimal("1")])


def invoice_url(order: Order) -> str:
    return f"/rest/V1/order/{order.pk}/invoice"


def ship_url(order: Order) -> str:
    return f"/rest/V1/order/{order.pk}/ship"


@pytest.mark.django_db
def test_a_retried_invoice_replays_the_first_answer_and_creates_no_second_invoice(rest_client, order):
    first = rest_client.post(invoice_url(order), {"capture": True}, format="json", HTTP_IDEMPOTENCY_KEY="inv-1")

    retry = rest_client.post(invoice_url(order), {"capture": True}, format="json", HTTP_IDEMPOTENCY_KEY="inv-1")

    assert (retry.status_code, retry.content) == (first.status_code, first.content) == (200, b"%d" % first.json())
    assert retry["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Invoice.objects.filter(order=order).count() == 1


@pytest.mark.django_db
def test_without_a_key_a_second_invoice_request_is_refused_as_before(rest_client, order):
    rest_client.post(invoice_url(order), {}, format="json")

    second = rest_client.post(invoice_url(order), {}, format="json")

    assert second.status_code == 400
    assert IdempotencyRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_retried_shipment_replays_the_first_answer_and_deducts_once(rest_client, order):
    body = {"arguments": {"extension_attributes": {"source_code": DEFAULT_SOURCE_CODE}}}
    first = rest_client.post(ship_url(order), body, format="json", HTTP_IDEMPOTENCY_KEY="ship-1")
    quantities = list(SourceItem.objects.order_by("pk").values_list("quantity", flat=True))

    retry = rest_client.post(ship_url(order), body, format="json", HTTP_IDEMPOTENCY_KEY="ship-1")

    assert (retry.status_code, retry.content) == (first.status_code, first.content)
    assert first.status_code == 200
    assert Shipment.objects.filter(order=order).count() == 1
    assert list(SourceItem.objects.order_by("pk").values_list("quantity", flat=True)) == quantities
    assert Reservation.objects.filter(event_type="shipment_created").count() == 2  # one per SKU, once


@pytest.mark.django_db
def test_the_same_key_with_a_different_body_is_refused(rest_client, order):
    item = order.items.order_by("pk").first()
    rest_client.post(invoice_url(order), {"items": [{"order_item_id": item.pk, "qty": 1}]}, format="json",
                     HTTP_IDEMPOTENCY_KEY="inv-2")

    response = rest_client.post(invoice_url(order), {"items": [{"order_item_id": item.pk, "qty": 2}]},
                                format="json", HTTP_IDEMPOTENCY_KEY="inv-2")

    assert response.status_code == 422
    assert response.json() == {"message": KEY_REUSED, "parameters": ["inv-2"]}
    assert Invoice.objects.filter(order=order).count() == 1


@pytest.mark.django_db
def test_the_same_key_on_another_path_is_refused(rest_client, order):
    rest_client.post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="key-3")

    response = rest_client.post(ship_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="key-3")

    assert (response.status_code, response.json()) == (422, {"message": KEY_REUSED, "parameters": ["key-3"]})
    assert Shipment.objects.count() == 0


@pytest.mark.django_db
def test_key_order_and_spacing_of_the_body_do_not_matter(rest_client, order):
    first = rest_client.post(invoice_url(order), '{"capture": true, "notify": false}',
                             content_type="application/json", HTTP_IDEMPOTENCY_KEY="inv-4")

    retry = rest_client.post(invoice_url(order), '{"notify":false,"capture":true}',
                             content_type="application/json", HTTP_IDEMPOTENCY_KEY="inv-4")

    assert (retry.status_code, retry.content) == (first.status_code, first.content)


@pytest.mark.django_db
def test_one_users_key_never_answers_another_users_request(rest_client, order):
    rest_client.post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="shared")

    other = admin_client("other-admin").post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="shared")

    assert other.status_code == 400  # ran for real: the order is fully invoiced
    assert not other.has_header("Idempotent-Replayed")


@pytest.mark.django_db
def test_a_refused_request_is_not_remembered_so_its_retry_runs_again(rest_client, order):
    order.status, order.state = "holded", "holded"
    order.save()
    refused = rest_client.post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="inv-5")
    Order.objects.filter(pk=order.pk).update(state="new", status="pending")

    retry = rest_client.post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="inv-5")

    assert (refused.status_code, retry.status_code) == (400, 200)
    assert IdempotencyRecord.objects.get().response_status == 200


@pytest.mark.django_db
def test_a_rolled_back_invoice_leaves_no_record(monkeypatch, rest_client, order):
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(inventory.source_deduction, "append_reservations", crash)
    monkeypatch.setattr("sales.invoicing._deduct_virtual_items", crash)  # after the invoice's rows are written
    rest_client.raise_request_exception = False
    before = snapshot()

    response = rest_client.post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="inv-6")

    assert response.status_code == 500
    assert snapshot() == before
    assert IdempotencyRecord.objects.count() == 0


@pytest.mark.django_db
def test_an_expired_record_no_longer_answers_and_is_pruned(rest_client, order, settings):
    first = rest_client.post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="inv-7")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))

    late_retry = rest_client.post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="inv-7")

    assert (first.status_code, late_retry.status_code) == (200, 400)  # ran again: nothing left to invoice
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    out = StringIO()
    call_command("prune_idempotency_records", stdout=out)
    assert IdempotencyRecord.objects.count() == 0
    assert out.getvalue().strip() == "Deleted 1 expired idempotency record(s)."


@pytest.mark.django_db
def test_a_record_younger_than_a_day_is_kept_by_the_pruning(rest_client, order):
    rest_client.post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY="inv-8")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=23))

    call_command("prune_idempotency_records", stdout=StringIO())

    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "a" * 256, "with space", "é"])
def test_a_malformed_key_is_refused_and_nothing_is_written(rest_client, order, key):
    before = snapshot()

    response = rest_client.post(invoice_url(order), {}, format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert response.status_code == 400
    assert response.json()["message"] == 'Invalid value of "%value" provided for the %fieldName field.'
    assert response.json()["parameters"]["fieldName"] == "Idempotency-Key"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_guest_with_a_key_is_refused_before_anything_is_remembered(client, order):
    response = client.post(invoice_url(order), {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="guest")

    assert response.status_code == 401
    assert IdempotencyRecord.objects.count() == 0


@postgresql_only
@transactional_db
@pytest.mark.parametrize("path", ["invoice", "ship"])
def test_concurrent_requests_with_one_key_make_one_document_and_all_get_its_answer(path):
    """The twins wait on the (owner, key) unique index until the first commits, then replay its answer."""
    product = make_product(quantity=Decimal("10"))
    order = make_order(item_qtys=[Decimal("3")], products=[product])
    clients = [admin_client() for _ in range(10)]
    url = f"/rest/V1/order/{order.pk}/{path}"
    body = {"arguments": {"extension_attributes": {"source_code": DEFAULT_SOURCE_CODE}}} if path == "ship" else {}

    responses = run_concurrently(
        [lambda c=c: c.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="same-key") for c in clients]
    )

    assert {(r.status_code, r.content) for r in responses} == {(200, responses[0].content)}
    assert sum(r.has_header("Idempotent-Replayed") for r in responses) == 9
    document = Invoice if path == "invoice" else Shipment
    assert document.objects.filter(order=order).count() == 1
    assert IdempotencyRecord.objects.count() == 1
    if path == "ship":
        assert SourceItem.objects.get(product_id=product.sku).quantity == 7
        assert Reservation.objects.filter(event_type="shipment_created").aggregate(t=Sum("quantity"))["t"] == 3
