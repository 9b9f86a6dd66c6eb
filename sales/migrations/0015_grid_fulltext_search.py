"""The sales grids' keyword search indexes (sales/search.py): pg_trgm GIN on PostgreSQL, FTS5 + triggers on
SQLite (backoffice.grid_search.CreateSearchIndex)."""

from django.db import migrations

from backoffice.grid_search import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("sales", "0014_documents_email_due"),
    ]

    operations = [
        CreateSearchIndex(
            "sales_order", ["increment_id", "customer_email", "customer_firstname", "customer_lastname"], pk="entity_id"
        ),
        CreateSearchIndex(
            "sales_orderaddress", ["firstname", "lastname", "street", "city", "postcode"], pk="entity_id"
        ),
        CreateSearchIndex("sales_invoice", ["increment_id"], pk="entity_id"),
        CreateSearchIndex("sales_shipment", ["increment_id"], pk="entity_id"),
        CreateSearchIndex("sales_creditmemo", ["increment_id"], pk="entity_id"),
    ]
