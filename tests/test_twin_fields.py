"""The twin fields stay folded: sibling models (the documents, their items and comments, the addresses) and the
address dataclasses declare only what differs, their shared fields coming from one abstract base
(sales/models/bases.py, customers.models.AbstractAddress, customers.customers.AddressValues). Before the folding
(issue 20) the count was 107: documents 37, items 24, comments 10, addresses 18, address dataclasses 18; 5
before total_qty and transaction_id took their bases (CountedDocument, PaymentDocument), 3 before email and
customer_address_id took theirs (sales.placement.OrderAddressValues), 1 since."""

from __future__ import annotations

from tools.twin_fields import twin_counts


def test_sibling_models_repeat_only_what_two_of_them_share():
    # Left: ``id``, written alike but two different things (CustomerAddressData's is an address of the customer's
    # book, AddressInput's the cart's own quote_address row): what differs. total_qty (invoice, shipment) is
    # CountedDocument's, transaction_id (invoice, credit memo) PaymentDocument's, email and customer_address_id
    # (the order's and the cart's address data) OrderAddressValues'.
    assert twin_counts() == {
        "documents": 0,
        "document items": 0,
        "document comments": 0,
        "addresses": 0,
        "address dataclasses": 1,
    }


def test_the_order_status_history_is_a_comment_declaring_only_what_differs():
    """sales_order_status_history repeats the comment tables' columns (module-sales etc/db_schema.xml); it takes
    them from DocumentComment and declares its own parent, status, entity_name and the two nullable ones."""
    from sales.models import OrderStatusHistory
    from sales.models.bases import DocumentComment

    assert issubclass(OrderStatusHistory, DocumentComment)
    own = {field.name for field in OrderStatusHistory._meta.local_fields} - {
        field.name for field in DocumentComment._meta.local_fields
    }
    assert own == {"parent", "status", "entity_name"}
    assert OrderStatusHistory._meta.get_field("comment").null
    assert OrderStatusHistory._meta.get_field("is_customer_notified").null
