# Written by hand.

"""The Sales Clerk gets Magento_Sales::creditmemo (the order's Credit Memo action) and
Magento_Sales::sales_creditmemo (Sales > Credit Memos): view, add (refund) and change (comment, email, cancel)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_creditmemo", "add_creditmemo", "change_creditmemo"]


def grant(apps, schema_editor):
    sales = apps.get_app_config("sales")
    sales.models_module = True
    create_permissions(sales, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    sales.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="sales", codename__in=CODENAMES))
    for group in Group.objects.filter(name="Sales Clerk"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="sales", codename__in=CODENAMES))
    for group in Group.objects.filter(name="Sales Clerk"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("sales", "0008_creditmemos")]

    operations = [migrations.RunPython(grant, revoke)]
