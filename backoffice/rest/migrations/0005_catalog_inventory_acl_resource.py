"""The legacy stock routes' ACL resource is Magento_Catalog::catalog_inventory (module-catalog-inventory
etc/webapi.xml), not Magento_CatalogInventory::cataloginventory (the Stores > Configuration > Inventory section):
integrations given the old id keep their access under the right one."""

from django.db import migrations

OLD, NEW = "Magento_CatalogInventory::cataloginventory", "Magento_Catalog::catalog_inventory"


def rename(apps, schema_editor, old=OLD, new=NEW):  # noqa: ANN001, ANN201 (RunPython's signature)
    Integration = apps.get_model("webapi", "Integration")
    for integration in Integration.objects.all().iterator():
        if old in integration.resources:
            integration.resources = sorted({new if r == old else r for r in integration.resources})
            integration.save(update_fields=["resources"])


def rename_back(apps, schema_editor):  # noqa: ANN001, ANN201
    rename(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("webapi", "0004_integrations_oauth"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
