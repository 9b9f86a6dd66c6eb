# Written by hand.

"""The Sales Clerk holds Magento_Sales::shipment, which covers POST /V1/shipment/{id}/comments, and
Magento_Sales::sales_invoice, which covers POST /V1/invoices/comments: it gets add_shipmentcomment and
add_invoicecomment. The Inventory Manager holds Magento_Catalog::products; Magento's ACL tree puts
Magento_Catalog::categories beside it (Catalog > Inventory > Products, Categories: module-catalog etc/acl.xml), so
it gets the categories too, as it has the products: view, add and change, no delete."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Sales Clerk": [("sales", "add_shipmentcomment"), ("sales", "add_invoicecomment")],
    "Inventory Manager": [("catalog", "view_category"), ("catalog", "add_category"), ("catalog", "change_category")],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in codenames]


def grant(apps, schema_editor):
    for label in ("sales", "catalog"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [("sales", "0015_grid_fulltext_search"), ("catalog", "0002_categories")]

    operations = [migrations.RunPython(grant, revoke)]
