"""The sales grids' search rows (sales/models/grid_search.py, Magento's sales_*_grid FULLTEXT columns): the
tables, their word indexes (PostgreSQL GIN tsvector, SQLite FTS5 unicode61), the triggers that keep them in step
and the rows of the orders and documents already there (sales.search.CreateGridSearch). The former per-table
trigram indexes of migration 0015 go: the grids no longer read them."""

from django.db import migrations, models

from backoffice.grid_search import create_statements, drop_statements
from sales.search import CreateGridSearch

TRIGRAM_DOCUMENTS = [
    ("sales_order", ["increment_id", "customer_email", "customer_firstname", "customer_lastname"]),
    ("sales_orderaddress", ["firstname", "lastname", "street", "city", "postcode"]),
    ("sales_invoice", ["increment_id"]),
    ("sales_shipment", ["increment_id"]),
    ("sales_creditmemo", ["increment_id"]),
]


def drop_trigram_indexes(apps: object, schema_editor: object) -> None:
    for table, _ in TRIGRAM_DOCUMENTS:
        for statement in drop_statements(table, schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)


def create_trigram_indexes(apps: object, schema_editor: object) -> None:
    for table, columns in TRIGRAM_DOCUMENTS:
        for statement in create_statements(table, columns, "entity_id", schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('sales', '0016_group_shipment_comments_and_categories'),
    ]

    operations = [
        migrations.CreateModel(
            name='CreditmemoGridSearch',
            fields=[
                ('entity_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('keywords', models.TextField()),
            ],
            options={
                'db_table': 'sales_creditmemo_grid_search',
            },
        ),
        migrations.CreateModel(
            name='InvoiceGridSearch',
            fields=[
                ('entity_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('keywords', models.TextField()),
            ],
            options={
                'db_table': 'sales_invoice_grid_search',
            },
        ),
        migrations.CreateModel(
            name='OrderGridSearch',
            fields=[
                ('entity_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('keywords', models.TextField()),
            ],
            options={
                'db_table': 'sales_order_grid_search',
            },
        ),
        migrations.CreateModel(
            name='ShipmentGridSearch',
            fields=[
                ('entity_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('keywords', models.TextField()),
            ],
            options={
                'db_table': 'sales_shipment_grid_search',
            },
        ),
        migrations.RunPython(drop_trigram_indexes, create_trigram_indexes, elidable=True),
        CreateGridSearch(),
    ]
