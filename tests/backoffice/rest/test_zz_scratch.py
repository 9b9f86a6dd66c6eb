import pytest
pytestmark = pytest.mark.django_db

def test_peek(tutorial, rest_client):
    r = rest_client.get("/rest/V1/orders?searchCriteria[pageSize]=5")
    print(r.status_code, r.content[:3000])
    from sales.models import Order
    for o in Order.objects.all():
        print(o.pk, o.increment_id, o.state, o.status, o.grand_total, o.shipping_amount, o.customer_email, o.customer_lastname, o.customer_id, o.created_at)
    r = rest_client.get("/rest/V1/invoices?searchCriteria[pageSize]=5")
    print(r.status_code, r.content[:3000])
    r = rest_client.get("/rest/V1/invoices/1")
    print(r.status_code, r.content[:3000])
    assert 0
