import re
import pytest
from decimal import Decimal
from django.urls import reverse
from django.db import connection
from django.test.utils import CaptureQueriesContext
from sales.invoicing import invoice_order, InvoiceLine
pytestmark = pytest.mark.django_db
def strip(html):
    i = html.index('<div id="content"')
    html = html[i:]
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"\n\s*\n+", "\n", html)
def test_peek(admin_client, order_factory):
    o = order_factory(item_qtys=(Decimal("2"), Decimal("1")))
    a, b = o.items.order_by("pk")
    invoice_order(o, items=[InvoiceLine(a.pk, Decimal(1))], capture=True, comment="first")
    with CaptureQueriesContext(connection) as c:
        r = admin_client.get(reverse("admin:sales_order_change", args=[o.pk]))
    print("QUERIES", len(c.captured_queries))
    print(strip(r.content.decode()))
    r = admin_client.get(reverse("admin:sales_order_invoice", args=[o.pk]))
    print(strip(r.content.decode()))
