"""The twin fields stay folded: sibling models (the documents, their items and comments, the addresses) and the
address dataclasses declare only what differs, their shared fields coming from one abstract base
(sales/models/bases.py, customers.models.AbstractAddress, customers.customers.AddressValues). Before the folding
(issue 20) the count was 107: documents 37, items 24, comments 10, addresses 18, address dataclasses 18."""

from __future__ import annotations

from tools.twin_fields import twin_counts


def test_sibling_models_repeat_only_what_two_of_them_share():
    # Left: total_qty (invoice, shipment) and transaction_id (invoice, credit memo); email and
    # customer_address_id (the order's and the cart's address data), id (the cart's and the book's address ids).
    assert twin_counts() == {
        "documents": 2,
        "document items": 0,
        "document comments": 0,
        "addresses": 0,
        "address dataclasses": 3,
    }
