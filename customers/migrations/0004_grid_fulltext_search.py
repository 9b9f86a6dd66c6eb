"""The customer grid's keyword search index (customers/search.py): pg_trgm GIN on PostgreSQL, FTS5 + triggers on
SQLite (backoffice.grid_search.CreateSearchIndex)."""

from django.db import migrations

from backoffice.grid_search import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_customer_account_fields"),
    ]

    operations = [CreateSearchIndex("sales_customer", ["firstname", "lastname", "email", "taxvat"])]
