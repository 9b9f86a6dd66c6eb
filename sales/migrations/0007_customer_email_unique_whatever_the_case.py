"""One customer account per email and website whatever the letter case: the unique index moves from
(email, website_id) to (lower(email), website_id).

An existing database that already holds case-duplicates (the same email in two letter cases on one website, left
by the race this index closes) cannot take the index. The migration then stops before changing anything and
names every group of duplicates; merge or rename those accounts (they may own orders and tokens, so nothing is
chosen for you) and run it again."""

from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_case_duplicates(apps, schema_editor) -> None:
    Customer = apps.get_model("sales", "Customer")
    groups = (
        Customer.objects.annotate(lower_email=Lower("email"))
        .values("lower_email", "website_id")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .order_by("website_id", "lower_email")
    )
    duplicates = [
        (group["website_id"], list(
            Customer.objects.annotate(lower_email=Lower("email"))
            .filter(lower_email=group["lower_email"], website_id=group["website_id"])
            .order_by("pk").values_list("pk", "email")
        ))
        for group in groups
    ]
    if duplicates:
        lines = "\n".join(f"  website {website}: {accounts}" for website, accounts in duplicates)
        raise RuntimeError(
            "Customer accounts share an email in different letter case; merge or rename them, then migrate again:\n"
            + lines
        )


class Migration(migrations.Migration):

    dependencies = [
        ('sales', '0006_amounts_decimal_20_4'),
    ]

    operations = [
        migrations.RunPython(refuse_case_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(
            model_name='customer',
            name='customer_email_website_unique',
        ),
        migrations.AddConstraint(
            model_name='customer',
            constraint=models.UniqueConstraint(Lower('email'), models.F('website_id'), name='customer_lower_email_website_unique'),
        ),
    ]
