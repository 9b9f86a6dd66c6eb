"""Customers in the admin: Customers > All Customers (Magento_Customer's customer_listing grid and the customer's
Customer View) and Customers > Customer Groups (groups are written over REST: /V1/customerGroups, through
customers.groups).

The customer page is Magento's Customer edit page: Customer View (read-only), Account Information and the
address book (add, edit, delete, default billing / shipping) saved together by the domain functions behind
POST /V1/customers and PUT /V1/customers/{id} (create_customer, save_customer; Delete: delete_customer); a
refusal (a duplicate email) is a message and writes nothing (backoffice.admin_writes). **Add New Customer** creates an account without a
password, as Magento's admin does. Its orders are a section sales adds (sales/admin/customers.py) through the
``customer_page_sections`` signal: customers imports nothing from sales.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.safestring import SafeString

from backoffice.admin_grids import DateRangeFilter, GridAdmin, action_column, date_column, html_lines, titled
from backoffice.admin_writes import DomainWritesAdmin
from backoffice.directory import address_lines as directory_address_lines
from backoffice.directory import country_name
from backoffice.rest.lockout import customer_account_rule, locked_accounts, token_rule
from backoffice.rest.models import UserType
from backoffice.rest.store import WEBSITES

from .admin_forms import ACCOUNT_FIELDS, AddressFormSet, AddressInline, CustomerForm, customer_data, regions_json
from .customers import create_customer, delete_customer, save_customer
from .groups import tax_class_name
from .models import Customer, CustomerAddress, CustomerGroup
from .search import CUSTOMER_SEARCH

CUSTOMER_SAVED = "You saved the customer."  # Controller/Adminhtml/Index/Save.php
CUSTOMER_DELETED = "You deleted the customer."  # Controller/Adminhtml/Index/Delete.php

# Sections other apps add below the customer's page, in the order they connect: each receiver gets
# ``customer=<Customer>`` and answers (title, html), or None to add nothing.
customer_page_sections = Signal()
# Magento's storefront websites (the admin website, id 0, holds no customer).
WEBSITE_NAMES = {website["id"]: website["name"] for website in WEBSITES if website["id"]}


def address_lines(address: CustomerAddress | None) -> list[str]:
    """Magento's address template: name, company, street lines, "City, Region, Postcode", country, T: phone."""
    if address is None:
        return []
    return directory_address_lines(
        name=f"{address.firstname} {address.lastname}",
        company=address.company,
        street=address.street,
        city=address.city,
        region=address.region,
        postcode=address.postcode,
        country_id=address.country_id,
        telephone=address.telephone,
    )


class WebsiteFilter(admin.SimpleListFilter):
    """Magento's "Web Site" filter, by the website's name."""

    title = "Web Site"
    parameter_name = "website_id"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[int, str]]:
        return list(WEBSITE_NAMES.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Customer]) -> QuerySet[Customer]:
        return queryset.filter(website_id=self.value()) if self.value() else queryset


@admin.register(Customer)
class CustomerAdmin(DomainWritesAdmin, GridAdmin):
    """Customers > All Customers: the columns of Magento's customer_listing.xml a merchant reads (ID, Name, Email,
    Group, Phone, ZIP, Country, State/Province, Customer Since, Account Lock; phone to region from the default
    billing address), newest first; filters Group, Web Site, Customer Since; search by name and email."""

    list_display = (
        "id_column",
        "customer_name",
        "email",
        "group_name",
        "phone",
        "zip",
        "country",
        "region",
        "customer_since",
        "account_lock",
        "action",
    )
    list_display_links = ("id_column",)
    list_filter = (
        ("group", titled(admin.RelatedFieldListFilter, "Group")),
        WebsiteFilter,
        ("created_at", titled(DateRangeFilter, "Customer Since")),
    )
    grid_search = CUSTOMER_SEARCH
    ordering = ("-pk",)
    list_select_related = ("group",)
    form = CustomerForm
    inlines = (AddressInline,)
    fieldsets = (
        (
            "Customer View",
            {
                "fields": (
                    "customer_name",
                    "group_name",
                    "website",
                    "created_in",
                    "customer_since",
                    "account_lock",
                )
            },
        ),
        ("Default Billing Address", {"fields": ("default_billing_address",)}),
        ("Default Shipping Address", {"fields": ("default_shipping_address",)}),
        ("Address Book", {"fields": ("address_book",)}),
        ("Account Information", {"fields": ACCOUNT_FIELDS}),
    )
    readonly_fields = (
        "customer_name",
        "group_name",
        "website",
        "created_in",
        "customer_since",
        "account_lock",
        "default_billing_address",
        "default_shipping_address",
        "address_book",
    )

    change_form_template = "admin/customers/customer/change_form.html"
    customer_since = date_column("created_at", "Customer Since")
    action = action_column("Edit")

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict,
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Customer | None = None,
    ) -> HttpResponse:
        """The page's fieldsets, then the sections other apps add (sales: the customer's orders)."""
        answers = customer_page_sections.send(sender=Customer, customer=obj) if obj is not None else []
        context["page_sections"] = [answer for _, answer in answers if answer is not None]
        book = next(
            (inline.formset for inline in context.get("inline_admin_formsets", ())
             if isinstance(inline.formset, AddressFormSet)),
            None,
        )
        if obj is not None and book is not None:
            obj.address_list = list(book.get_queryset())  # the book's forms read it already: no second query
        context["regions"] = regions_json()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Customer | None = None) -> tuple:
        """A new customer has no Customer View yet: Account Information only (and its addresses)."""
        return self.fieldsets if obj is not None else (("Account Information", {"fields": ACCOUNT_FIELDS}),)

    def save_model(self, request: HttpRequest, obj: Customer, form: forms.ModelForm, change: bool) -> None:
        """Nothing yet: the account is written with its address book, in save_related."""

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: list, change: bool) -> None:
        """One call of the domain function for the account and its addresses: save_customer (PUT
        /V1/customers/{id}: the book the page shows replaces the stored one) or create_customer (POST
        /V1/customers). Without the address formset (no permission to see it) the book is kept."""
        customer = form.instance
        book = next((formset for formset in formsets if isinstance(formset, AddressFormSet)), None)
        addresses = book.address_book() if book is not None else None
        if change:
            saved = save_customer(customer.pk, customer_data(customer), addresses=addresses)
        else:
            saved = create_customer(customer_data(customer, addresses))
        customer.pk, customer._state.adding, customer._state.db = saved.pk, False, saved._state.db
        if book is not None:
            book.new_objects, book.changed_objects, book.deleted_objects = [], [], []

    def prepare_rows(self, rows: Sequence[Customer]) -> None:
        """The default billing addresses and the locks of the page's customers: two queries for the page."""
        ids = [customer.pk for customer in rows]
        billing = {a.customer_id: a for a in CustomerAddress.objects.filter(customer__in=ids, is_default_billing=True)}
        self._read_locks(rows)
        for customer in rows:
            customer.billing_address = billing.get(customer.pk)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Customer]:
        return super().get_queryset(request).select_related("group")  # the customer page's Group, in its query

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Customer | None:
        """The customer with its group and its lock (the page's addresses are its address book's, in
        render_change_form)."""
        customer = super().get_object(request, object_id, from_field)
        if customer is not None:
            self._read_locks([customer])
        return customer

    @staticmethod
    def _read_locks(rows: Sequence[Customer]) -> None:
        locked = locked_accounts(UserType.CUSTOMER, [row.pk for row in rows], [customer_account_rule(), token_rule()])
        for customer in rows:
            customer.locked = customer.pk in locked

    @admin.display(description="ID", ordering="pk")
    def id_column(self, obj: Customer) -> int:
        return obj.pk

    @admin.display(description="Name", ordering="lastname")
    def customer_name(self, obj: Customer) -> str:
        return " ".join(part for part in (obj.prefix, obj.firstname, obj.middlename, obj.lastname, obj.suffix) if part)

    @admin.display(description="Group", ordering="group__customer_group_code")
    def group_name(self, obj: Customer) -> str:
        return obj.group.customer_group_code

    @admin.display(description="Web Site")
    def website(self, obj: Customer) -> str:
        return WEBSITE_NAMES.get(obj.website_id, str(obj.website_id))

    @admin.display(description="Phone")
    def phone(self, obj: Customer) -> str:
        return obj.billing_address.telephone if obj.billing_address else ""

    @admin.display(description="ZIP")
    def zip(self, obj: Customer) -> str:
        return obj.billing_address.postcode if obj.billing_address else ""

    @admin.display(description="Country")
    def country(self, obj: Customer) -> str:
        return country_name(obj.billing_address.country_id) if obj.billing_address else ""

    @admin.display(description="State/Province")
    def region(self, obj: Customer) -> str:
        return (obj.billing_address.region or "") if obj.billing_address else ""

    @admin.display(description="Account Lock")
    def account_lock(self, obj: Customer) -> str:
        """Magento's AccountLock column: Locked while a sign-in lock lasts, else Unlocked."""
        return "Locked" if obj.locked else "Unlocked"

    @admin.display(description="Default Billing Address")
    def default_billing_address(self, obj: Customer) -> SafeString | str:
        return self._address(obj, "is_default_billing") or "The customer does not have default billing address"

    @admin.display(description="Default Shipping Address")
    def default_shipping_address(self, obj: Customer) -> SafeString | str:
        return self._address(obj, "is_default_shipping") or "The customer does not have default shipping address"

    @admin.display(description="Address Book")
    def address_book(self, obj: Customer) -> SafeString | str:
        blocks = [" · ".join(address_lines(address)) for address in self._addresses(obj)]
        return html_lines("{}", ((block,) for block in blocks)) or "No addresses"

    def _address(self, obj: Customer, flag: str) -> SafeString:
        address = next((address for address in self._addresses(obj) if getattr(address, flag)), None)
        return html_lines("{}", ((line,) for line in address_lines(address)))

    @staticmethod
    def _addresses(obj: Customer) -> list[CustomerAddress]:
        if not hasattr(obj, "address_list"):
            obj.address_list = list(obj.addresses.all())
        return obj.address_list

    def delete_model(self, request: HttpRequest, obj: Customer) -> None:
        """Delete Customer: delete_customer, behind DELETE /V1/customers/{id} (its orders stay, its tokens go)."""
        delete_customer(obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Customer]) -> None:
        for customer_id in queryset.order_by("pk").values_list("pk", flat=True):
            delete_customer(customer_id)

    # Magento's Controller/Adminhtml/Index/Save and Delete: their messages, back to the grid ("Save and Continue
    # Edit" stays on the page).
    def response_add(self, request: HttpRequest, obj: Customer, post_url_continue: str | None = None) -> HttpResponse:
        return self._saved(request, obj)

    def response_change(self, request: HttpRequest, obj: Customer) -> HttpResponse:
        return self._saved(request, obj)

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: object) -> HttpResponse:
        messages.success(request, CUSTOMER_DELETED)
        return HttpResponseRedirect(reverse("admin:customers_customer_changelist"))

    def _saved(self, request: HttpRequest, obj: Customer) -> HttpResponse:
        messages.success(request, CUSTOMER_SAVED)
        if "_continue" in request.POST:
            return HttpResponseRedirect(reverse("admin:customers_customer_change", args=[obj.pk]))
        return HttpResponseRedirect(reverse("admin:customers_customer_changelist"))


@admin.register(CustomerGroup)
class CustomerGroupAdmin(admin.ModelAdmin):
    """Customers > Customer Groups: ID, Group, Tax Class, as Magento's grid."""

    list_display = ["customer_group_id", "customer_group_code", "tax_class"]
    search_fields = ["customer_group_code"]

    @admin.display(description="Tax Class")
    def tax_class(self, group: CustomerGroup) -> str:
        return tax_class_name(group.tax_class_id) or str(group.tax_class_id)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CustomerGroup | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: CustomerGroup | None = None) -> bool:
        return False
