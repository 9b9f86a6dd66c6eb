"""Customer groups (Magento's customer_group) with the rows Magento installs, the default group setting
(customer/create_account/default_group = 1), and Customer.group_id becoming a foreign key on its column.

Magento 2.4.6, module-customer Setup/Patch/Data/DefaultCustomerGroupsAndAttributes.php: 0 NOT LOGGED IN, 1 General,
2 Wholesale, 3 Retailer, tax class 3 each; etc/config.xml: default_group 1. A customer whose group id names no
group (Magento would have refused it: CustomerRepository::validateGroupId) joins the default group before the
foreign key is added.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models

GROUPS = [(0, "NOT LOGGED IN"), (1, "General"), (2, "Wholesale"), (3, "Retailer")]
DEFAULT_GROUP_ID = 1
RETAIL_CUSTOMER_TAX_CLASS = 3


def install_groups(apps, schema_editor) -> None:  # noqa: ANN001
    CustomerGroup = apps.get_model("customers", "CustomerGroup")
    for group_id, code in GROUPS:
        CustomerGroup.objects.get_or_create(
            customer_group_id=group_id,
            defaults={"customer_group_code": code, "tax_class_id": RETAIL_CUSTOMER_TAX_CLASS},
        )
    apps.get_model("customers", "CustomerGroupConfig").objects.get_or_create(
        pk=1, defaults={"default_group_id": DEFAULT_GROUP_ID}
    )
    if schema_editor.connection.vendor == "postgresql":  # explicit ids leave the identity sequence behind
        table = CustomerGroup._meta.db_table
        schema_editor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'customer_group_id'), "
            f"(SELECT MAX(customer_group_id) FROM {table}))"
        )
    Customer = apps.get_model("customers", "Customer")
    Customer.objects.exclude(group_id__in=[group_id for group_id, _ in GROUPS]).update(group_id=DEFAULT_GROUP_ID)


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="CustomerGroup",
            fields=[
                ("customer_group_id", models.AutoField(primary_key=True, serialize=False)),
                ("customer_group_code", models.CharField(max_length=32)),
                ("tax_class_id", models.PositiveIntegerField(default=3)),
            ],
            options={
                "ordering": ["customer_group_id"],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("customer_group_code"),
                        name="customer_group_lower_code_unique",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CustomerGroupConfig",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "default_group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="customers.customergroup"
                    ),
                ),
            ],
            options={"verbose_name": "customer group configuration"},
        ),
        migrations.RunPython(install_groups, migrations.RunPython.noop),
        # The column keeps its name (group_id) and values; it gains the foreign key.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="customer",
                    name="group_id",
                    field=models.ForeignKey(
                        db_column="group_id", default=1, on_delete=django.db.models.deletion.PROTECT,
                        related_name="customers", to="customers.customergroup",
                    ),
                ),
            ],
            state_operations=[
                migrations.RemoveField(model_name="customer", name="group_id"),
                migrations.AddField(
                    model_name="customer",
                    name="group",
                    field=models.ForeignKey(
                        default=1, on_delete=django.db.models.deletion.PROTECT, related_name="customers",
                        to="customers.customergroup",
                    ),
                ),
            ],
        ),
    ]
