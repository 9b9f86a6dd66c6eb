from django.db import migrations

from backoffice.row_counts import CreateRowCounter


class Migration(migrations.Migration):
    """The product grid's "N records found" without counting 600,000 rows (backoffice/row_counts.py)."""

    dependencies = [("catalog", "0004_grid_fulltext_search")]

    operations = [CreateRowCounter(table="catalog_product")]
