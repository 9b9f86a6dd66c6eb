"""Customer accounts, their address books and customer groups (Magento_Customer: customer_entity,
customer_address_entity, customer_group).

The tables keep the names they had when customers lived in the sales app (``sales_customer``,
``sales_customeraddress``): customers became an app of their own without moving a row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class CustomerGroup(models.Model):
    """A customer group (Magento_Customer's GroupInterface; table customer_group). Magento installs 0 NOT LOGGED IN,
    1 General, 2 Wholesale and 3 Retailer (migration 0002), each with tax class 3, "Retail Customer"."""

    NOT_LOGGED_IN_ID = 0  # Magento_Customer Model/Group::NOT_LOGGED_IN_ID: the guests' group, never deleted
    CODE_MAX_LENGTH = 32  # Model/Group::GROUP_CODE_MAX_LENGTH

    customer_group_id = models.AutoField(primary_key=True)
    customer_group_code = models.CharField(max_length=CODE_MAX_LENGTH)
    tax_class_id = models.PositiveIntegerField(default=3)

    class Meta:
        ordering = ["customer_group_id"]
        # Unique whatever the letter case, as Magento's check under MySQL's case-insensitive collation.
        constraints = [models.UniqueConstraint(Lower("customer_group_code"), name="customer_group_lower_code_unique")]

    def __str__(self) -> str:
        return self.customer_group_code


class CustomerGroupConfig(models.Model):
    """Magento's customer/create_account/default_group setting (core_config_data, default scope; one store view
    here): one row, pk 1. The foreign key keeps it on an existing group."""

    PK = 1

    default_group = models.ForeignKey(CustomerGroup, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "customer group configuration"

    def __str__(self) -> str:
        return f"Default group: {self.default_group_id}"


class Customer(models.Model):
    """A storefront customer account (Magento_Customer's CustomerInterface, the fields orders need)."""

    email = models.EmailField()
    firstname = models.CharField(max_length=255)
    lastname = models.CharField(max_length=255)
    # A foreign key (column group_id, as before): a customer's group always exists. Deleting a group moves its
    # customers to the default group first (customers.groups.delete_group), so PROTECT never fires.
    group = models.ForeignKey(CustomerGroup, on_delete=models.PROTECT, default=1, related_name="customers")
    store_id = models.PositiveIntegerField(default=1)
    website_id = models.PositiveIntegerField(default=1)
    created_in = models.CharField(max_length=255, default="Default Store View")
    password = models.CharField(max_length=128, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "sales_customer"  # created by sales before customers became an app; the name stays
        ordering = ["pk"]
        # One account per email and website whatever the letter case (Magento's customer_entity unique key on
        # email + website_id, under MySQL's case-insensitive collation): a functional index on lower(email).
        constraints = [
            models.UniqueConstraint(Lower("email"), "website_id", name="customer_lower_email_website_unique")
        ]

    def __str__(self) -> str:
        return f"{self.firstname} {self.lastname} <{self.email}>"


class CustomerAddress(models.Model):
    """An address-book entry of a customer (Magento_Customer's AddressInterface; table customer_address_entity)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    firstname = models.CharField(max_length=255)
    lastname = models.CharField(max_length=255)
    company = models.CharField(max_length=255, null=True, blank=True)
    street = models.TextField(help_text="One line per street line, as Magento stores it.")
    city = models.CharField(max_length=255)
    region = models.CharField(max_length=255, null=True, blank=True)
    region_id = models.PositiveIntegerField(null=True, blank=True)
    region_code = models.CharField(max_length=32, null=True, blank=True)
    postcode = models.CharField(max_length=255, blank=True, default="")
    country_id = models.CharField(max_length=2)
    telephone = models.CharField(max_length=255)
    # The customer's default_billing / default_shipping pointers, kept on the address.
    is_default_billing = models.BooleanField(default=False)
    is_default_shipping = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "sales_customeraddress"
        ordering = ["pk"]
        verbose_name_plural = "customer addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_default_billing=True), name="customer_one_default_billing"
            ),
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_default_shipping=True), name="customer_one_default_shipping"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firstname} {self.lastname}, {self.city}"
