from django.db import migrations

from backoffice.row_counts import CreateRowCounter


class Migration(migrations.Migration):
    """The source items grid's "N records found" without counting 1,500,000 rows (backoffice/row_counts.py)."""

    dependencies = [("inventory", "0007_source_item_low_stock_index")]

    operations = [CreateRowCounter(table="inventory_sourceitem")]
