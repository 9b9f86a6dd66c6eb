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


class Gender(models.IntegerChoices):
    """Magento's gender options: Male, Female (Setup/CustomerSetup.php), Not Specified (Setup/Patch/Data/
    AddNonSpecifiedGenderAttributeOption.php)."""

    MALE = 1, "Male"
    FEMALE = 2, "Female"
    NOT_SPECIFIED = 3, "Not Specified"


class Customer(models.Model):
    """A storefront customer account (Magento_Customer's CustomerInterface; table customer_entity)."""

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
    # customer_entity's other columns that CustomerInterface prints (null: not set, left out of the answer).
    dob = models.DateField("date of birth", null=True, blank=True)
    gender = models.PositiveSmallIntegerField(choices=Gender.choices, null=True, blank=True)
    prefix = models.CharField(max_length=40, null=True, blank=True)
    middlename = models.CharField("middle name/initial", max_length=255, null=True, blank=True)
    suffix = models.CharField(max_length=40, null=True, blank=True)
    taxvat = models.CharField("tax/VAT number", max_length=50, null=True, blank=True)
    disable_auto_group_change = models.PositiveSmallIntegerField(default=0)
    # The account confirmation key while the account awaits confirmation (customer/create_account/confirm).
    confirmation = models.CharField(max_length=64, null=True, blank=True)
    # A pending password reset: only the SHA-256 of the emailed token, and when it was made (customers/passwords.py).
    rp_token = models.CharField("reset token hash", max_length=64, null=True, blank=True)
    rp_token_created_at = models.DateTimeField("reset token created at", null=True, blank=True)

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


class AbstractAddress(models.Model):
    """The fields every address has: the customer's address book, the cart's and the order's addresses
    (Magento's Customer\\Model\\Address\\AbstractAddress, which the quote address extends and the order
    address mirrors). A model whose rules differ (a cart's address fills in step by step) overrides the field."""

    firstname = models.CharField(max_length=255)
    lastname = models.CharField(max_length=255)
    company = models.CharField(max_length=255, null=True, blank=True)
    street = models.TextField(help_text="One line per street line, as Magento stores it.")
    city = models.CharField(max_length=255)
    region = models.CharField(max_length=255, null=True, blank=True)
    region_id = models.PositiveIntegerField(null=True, blank=True)
    region_code = models.CharField(max_length=32, null=True, blank=True)
    postcode = models.CharField(max_length=255, blank=True, default="")  # optional in some countries
    country_id = models.CharField(max_length=2)
    telephone = models.CharField(max_length=255)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.firstname} {self.lastname}, {self.city}"

    @property
    def name(self) -> str:
        return f"{self.firstname} {self.lastname}"


class CustomerAddress(AbstractAddress):
    """An address-book entry of a customer (Magento_Customer's AddressInterface; table customer_address_entity)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
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
