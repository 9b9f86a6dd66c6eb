"""Parallel POST /V1/invoices/ saves (PostgreSQL only: real threads, their own connections, real row locks).

A new invoice is made by ``invoice_order`` under the order's lock, so parallel saves of one order never invoice
more than was ordered, and each refusal is Magento's InvoiceOrder answer (Model/Order/Invoice validators).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from sales.models import Invoice, InvoiceComment
from tests.factories import make_order
from tests.reliability.support import postgresql_only, transactional_db
from tests.reliability.test_concurrency import post_all

pytestmark = [transactional_db, postgresql_only]


def test_parallel_saves_of_one_order_never_invoice_more_than_was_ordered():
    order = make_order(item_qtys=[Decimal("5")])
    item = order.items.get()
    asked = [2, 1, 2, 1, 2, 1, 2, 1]

    responses = post_all(
        "/rest/V1/invoices/",
        [{"entity": {"order_id": order.pk, "items": [{"order_item_id": item.pk, "qty": qty}],
                     "comments": [{"comment": f"asked {qty}"}]}} for qty in asked],
    )

    assert {r.status_code for r in responses} <= {200, 400}
    granted = [qty for qty, r in zip(asked, responses, strict=True) if r.status_code == 200]
    item.refresh_from_db()
    assert item.qty_invoiced == sum(granted) <= 5
    assert 5 - sum(granted) < min(qty for qty, r in zip(asked, responses, strict=True) if r.status_code == 400)
    invoices = Invoice.objects.filter(order=order)
    assert invoices.count() == len(granted) == InvoiceComment.objects.filter(parent__order=order).count()
    order.refresh_from_db()
    assert order.total_invoiced == invoices.aggregate(total=Sum("grand_total"))["total"]
