"""The product grids' keyword search index (catalog/search.py): pg_trgm GIN on PostgreSQL, FTS5 + triggers on
SQLite (backoffice.grid_search.CreateSearchIndex)."""

from django.db import migrations

from backoffice.grid_search import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_product_media_gallery_entry"),
    ]

    operations = [CreateSearchIndex("catalog_product", ["sku", "name"])]
