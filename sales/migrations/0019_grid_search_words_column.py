"""The sales grids' search rows keep their words (PostgreSQL ``search_words``) in a plain column written with the
row (sales/search.py), no longer a generated column: a document's words are then its increment id's and its order
row's, not its whole text parsed again (the rebuild of a million orders' documents: a fifth of the time). The
values already there stay (the same words); the triggers are written again to fill the column."""

from django.db import migrations

from sales.search import SEARCH_MODELS, create_trigger_statements, drop_trigger_statements


def plain_words_column(apps: object, schema_editor: object) -> None:
    vendor = schema_editor.connection.vendor
    if vendor != "postgresql":
        return
    statements = [
        f"ALTER TABLE {model._meta.db_table} ALTER COLUMN search_words DROP EXPRESSION IF EXISTS"
        for model in SEARCH_MODELS
    ]
    for statement in statements + drop_trigger_statements(vendor) + create_trigger_statements(vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("sales", "0018_order_status_created_index"),
    ]

    operations = [migrations.RunPython(plain_words_column, migrations.RunPython.noop, elidable=True)]
