"""Magento's default source ("default") and Default Stock (id 1), linked, serving website "base"."""

from django.db import migrations


def create_defaults(apps, schema_editor) -> None:  # noqa: ANN001
    Source = apps.get_model("inventory", "Source")
    Stock = apps.get_model("inventory", "Stock")
    source, _ = Source.objects.get_or_create(
        source_code="default",
        defaults={"name": "Default Source", "enabled": True, "country_id": "US", "postcode": "00000",
                  "latitude": 0, "longitude": 0, "description": "Default Source"},
    )
    stock, _ = Stock.objects.get_or_create(stock_id=1, defaults={"name": "Default Stock"})
    apps.get_model("inventory", "StockSourceLink").objects.get_or_create(stock=stock, source=source, defaults={"priority": 1})
    apps.get_model("inventory", "SalesChannel").objects.get_or_create(type="website", code="base", defaults={"stock": stock})
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "SELECT setval(pg_get_serial_sequence('inventory_stock', 'stock_id'), "
            "(SELECT MAX(stock_id) FROM inventory_stock))"
        )


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
