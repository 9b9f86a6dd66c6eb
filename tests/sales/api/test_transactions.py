"""Payment transactions over REST: GET /V1/transactions (searchCriteria) and GET /V1/transactions/{id}, ACL
Magento_Sales::transactions_fetch (Magento_Sales etc/webapi.xml, etc/acl.xml).

Magento 2.4.6: ``Api/TransactionRepositoryInterface.php``, ``Model/Order/Payment/Transaction/Repository.php`` (get:
"An ID is needed. Set the ID and try again." for 0, 404 for an unknown id), the body from ``Api/Data/
TransactionInterface.php``'s getters in their order (``framework/Reflection/DataObjectProcessor.php``: a null value
of a getter declared ``|null`` is left out, of any other printed as null; an array's values only), the columns from
``etc/db_schema.xml`` (sales_payment_transaction). ``Model/Order/Payment/Transaction.php::getAdditionalInformation``
answers ``[]`` when empty; ``getChildTransactions`` the transactions whose parent_id is this one.
Offline payment methods (module-offline-payments, module-payment ``Method/Free.php``) record no transaction.
"""

from __future__ import annotations

import re

import pytest

from sales.invoicing import invoice_order
from sales.models import PaymentTransaction
from tests.factories import make_order

pytestmark = pytest.mark.django_db

NOT_FOUND = {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}
ID_NEEDED = {"message": "An ID is needed. Set the ID and try again."}
DATE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
KEYS = [
    "transaction_id", "order_id", "payment_id", "txn_id", "parent_txn_id", "txn_type", "is_closed",
    "additional_information", "created_at", "child_transactions",
]


def test_offline_invoices_record_no_transaction_so_the_search_is_empty(rest_client):
    invoice_order(make_order(payment_method="checkmo"))
    invoice_order(make_order(payment_method="free"))

    response = rest_client.get("/rest/V1/transactions?searchCriteria=")

    assert response.status_code == 200
    assert response.json() == {
        "items": [], "search_criteria": {"filter_groups": [], "page_size": 20}, "total_count": 0}


def test_a_transaction_has_magentos_keys_types_and_children(rest_client):
    order = make_order()
    auth = PaymentTransaction.objects.create(
        order=order, payment=order.payment, txn_id="AUTH-1", txn_type="authorization", is_closed=0,
        additional_information={"avs": "Y", "amount": 12.5, "raw_details_info": {"code": "A"}},
    )
    capture = PaymentTransaction.objects.create(
        parent=auth, order=order, payment=order.payment, txn_id="CAP-1", parent_txn_id="AUTH-1", txn_type="capture",
    )

    body = rest_client.get(f"/rest/V1/transactions/{auth.pk}").json()

    assert list(body) == KEYS  # parent_id (int|null) left out when null; parent_txn_id (string) printed null
    assert DATE.match(body.pop("created_at"))
    child = body["child_transactions"][0]
    assert DATE.match(child.pop("created_at"))
    assert body == {
        "transaction_id": auth.pk, "order_id": order.pk, "payment_id": order.payment.pk, "txn_id": "AUTH-1",
        "parent_txn_id": None, "txn_type": "authorization", "is_closed": 0,
        "additional_information": ["Y", "12.5", {"code": "A"}],
        "child_transactions": [{
            "transaction_id": capture.pk, "parent_id": auth.pk, "order_id": order.pk, "payment_id": order.payment.pk,
            "txn_id": "CAP-1", "parent_txn_id": "AUTH-1", "txn_type": "capture", "is_closed": 1,
            "additional_information": [], "child_transactions": [],
        }],
    }
    listed = rest_client.get(
        "/rest/V1/transactions?searchCriteria[filter_groups][0][filters][0][field]=txn_type"
        "&searchCriteria[filter_groups][0][filters][0][value]=capture"
    ).json()
    assert [item["transaction_id"] for item in listed["items"]] == [capture.pk]
    assert listed["total_count"] == 1


def test_an_unknown_transaction_is_magentos_404_and_id_0_needs_an_id(rest_client):
    r = rest_client.get("/rest/V1/transactions/999")
    assert (r.status_code, r.json()) == (404, NOT_FOUND)
    r = rest_client.get("/rest/V1/transactions/0")
    assert (r.status_code, r.json()) == (400, ID_NEEDED)


@pytest.mark.parametrize("url", ["/rest/V1/transactions?searchCriteria=", "/rest/V1/transactions/1"])
def test_transactions_need_the_view_paymenttransaction_permission(staff_client_with, url):
    client = staff_client_with("sales.view_invoice", "sales.view_order")

    response = client.get(url)

    assert response.status_code == 401
    assert response.json()["parameters"] == {"resources": "Magento_Sales::transactions_fetch"}


def test_the_permission_opens_the_list(staff_client_with):
    client = staff_client_with("sales.view_paymenttransaction")

    assert client.get("/rest/V1/transactions?searchCriteria=").status_code == 200
