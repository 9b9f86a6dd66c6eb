"""The customer page's forms (Magento_Customer's customer_form.xml): Account Information and the address book.

They only read input: every write is customers.customers' create_customer / save_customer, called by
customers.admin.CustomerAdmin. The database's constraints (one account per email and website, one default
billing and one default shipping address) are the domain function's to check, with Magento's messages, so the
forms do not check them first.
"""

from __future__ import annotations

from functools import cache, lru_cache

from django import forms
from django.contrib import admin
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.choices import CallableChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from backoffice.directory import allowed_countries, regions_by_country
from backoffice.rest.store import STORE_VIEWS, WEBSITES

from .customers import CustomerAddressData, CustomerData
from .models import Customer, CustomerAddress

CHANGE_PERMISSION = "customers.change_customer"  # Magento_Customer::manage: the account and its address book
ADD_PERMISSION = "customers.add_customer"
ONE_DEFAULT = "Only one address can be the {}."
# Magento's customer_form.xml labels.
ACCOUNT_LABELS = {
    "website_id": "Associate to Website",
    "group": "Group",
    "disable_auto_group_change": "Disable Automatic Group Change Based on VAT ID",
    "prefix": "Name Prefix",
    "firstname": "First Name",
    "middlename": "Middle Name/Initial",
    "lastname": "Last Name",
    "suffix": "Name Suffix",
    "email": "Email",
    "dob": "Date of Birth",
    "taxvat": "Tax/VAT Number",
    "gender": "Gender",
    "store_id": "Send Welcome Email From",
}
ACCOUNT_FIELDS = tuple(ACCOUNT_LABELS)


class CustomerForm(forms.ModelForm):
    """Account Information: website and store view by name, the group by its code."""

    website_id = forms.TypedChoiceField(
        coerce=int, choices=[(website["id"], website["name"]) for website in WEBSITES if website["id"]]
    )
    store_id = forms.TypedChoiceField(
        coerce=int, choices=[(store["id"], store["name"]) for store in STORE_VIEWS if store["id"]]
    )
    disable_auto_group_change = forms.BooleanField(required=False)

    class Meta:
        model = Customer
        fields = ACCOUNT_FIELDS
        labels = ACCOUNT_LABELS
        widgets = {"dob": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # a view-only page has no fields
            field.label = ACCOUNT_LABELS.get(name, field.label)
        # The column holds 0 or 1: the checkbox would read the integer 0 as checked.
        self.initial["disable_auto_group_change"] = bool(self.initial.get("disable_auto_group_change"))

    def clean_disable_auto_group_change(self) -> int:
        return int(self.cleaned_data["disable_auto_group_change"])

    def validate_constraints(self) -> None:
        """A duplicate email is save_customer's refusal (CustomerEmailExists), not a form error."""


def customer_data(customer: Customer, addresses: list[CustomerAddressData] | None = None) -> CustomerData:
    """The account as the form left it (the form has set its fields on the unsaved instance)."""
    return CustomerData(
        email=customer.email,
        firstname=customer.firstname,
        lastname=customer.lastname,
        group_id=customer.group_id,
        store_id=customer.store_id,
        website_id=customer.website_id,
        addresses=addresses or (),
        dob=customer.dob,
        gender=customer.gender,
        prefix=customer.prefix or None,
        middlename=customer.middlename or None,
        suffix=customer.suffix or None,
        taxvat=customer.taxvat or None,
        disable_auto_group_change=customer.disable_auto_group_change,
    )


DEFAULT_COUNTRY = "US"  # Magento's general/country/default


@cache
def region_ids() -> frozenset[str]:
    return frozenset(str(region.id) for regions in regions_by_country().values() for region in regions)


def regions_json() -> dict[str, list[tuple[int, str]]]:
    """Each allowed country's regions, for the page's script that fills State/Province when the country changes."""
    countries = allowed_countries()
    return {
        country_id: [(region.id, region.name) for region in regions]
        for country_id, regions in regions_by_country().items()
        if country_id in countries
    }


@cache
def country_choices() -> tuple[tuple[str, str], ...]:
    """The allowed countries by name, built once: every address of the page lists them."""
    return tuple((country.id, country.full_name_locale) for country in allowed_countries().values())


NO_REGION = ("", "---------")


def region_choices(country_id: str) -> tuple[tuple[int | str, str], ...]:
    """The country's regions to choose from; a posted country is any text, so only a known one's are kept."""
    return _region_choices(country_id) if country_id in regions_by_country() else (NO_REGION,)


@cache
def _region_choices(country_id: str) -> tuple[tuple[int | str, str], ...]:
    return (NO_REGION, *((region.id, region.name) for region in regions_by_country()[country_id]))


@lru_cache(maxsize=1024)
def option_tags(choices: tuple[tuple[object, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """Each choice as the form compares it (its value as a string) and its ``<option>`` tag escaped, in two halves
    for " selected" to go between. Escaped once per list of choices (the countries, each country's regions:
    plain strings, never lazily translated ones)."""
    return tuple(
        (str(key), format_html('<option value="{}"', key), format_html(">{}</option>", label)) for key, label in choices
    )


class PlainSelect(forms.Select):
    """A select rendered in Python, its options escaped once per list of choices (``option_tags``): the ~250
    countries of an address through the template engine (one template per option) cost most of the page's time,
    and escaping them again for each address a tenth of it."""

    def render(self, name: str, value: object, attrs: dict | None = None, renderer: object = None) -> SafeString:
        chosen = "" if value is None else str(value)
        # choices given as a function (the countries) are read as it answers them: Django would normalise all of
        # them again on each reading
        choices = self.choices.func() if isinstance(self.choices, CallableChoiceIterator) else tuple(self.choices)
        options = "".join(
            f"{opening} selected{rest}" if key == chosen else f"{opening}{rest}"
            for key, opening, rest in option_tags(choices)
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), mark_safe(options)
        )


class RegionField(forms.TypedChoiceField):
    """State/Province: the choices shown are the address's country's; any region id is accepted here, and
    save_customer refuses one that is not the country's, with Magento's message."""

    def valid_value(self, value: object) -> bool:
        return str(value) in region_ids()


class AddressForm(forms.ModelForm):
    """An address of the book (Magento's customer_address_form.xml): the country by name, the region from the
    country's list, or typed for a country without one."""

    country_id = forms.ChoiceField(label="Country", widget=PlainSelect, choices=country_choices)
    region_id = RegionField(label="State/Province", coerce=int, required=False, empty_value=None, widget=PlainSelect)
    street = forms.CharField(label="Street Address", widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = CustomerAddress
        fields = (
            "firstname",
            "lastname",
            "company",
            "street",
            "city",
            "country_id",
            "region_id",
            "region",
            "postcode",
            "telephone",
            "is_default_billing",
            "is_default_shipping",
        )
        labels = {
            "firstname": "First Name",
            "lastname": "Last Name",
            "region": "State/Province (a country without a list)",
            "postcode": "Zip/Postal Code",
            "telephone": "Phone Number",
            "is_default_billing": "Default Billing Address",
            "is_default_shipping": "Default Shipping Address",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            country = self.data.get(self.add_prefix("country_id"))
        else:
            country = self.instance.country_id or DEFAULT_COUNTRY
            self.initial.setdefault("country_id", country)
        self.fields["region_id"].choices = region_choices(str(country))

    def validate_constraints(self) -> None:
        """Moving a default from one address to another is save_customer's to order, not a conflict."""

    def address_data(self) -> CustomerAddressData:
        row = self.cleaned_data
        region = next((r for r in regions_by_country().get(row["country_id"], ()) if r.id == row["region_id"]), None)
        return CustomerAddressData(
            firstname=row["firstname"],
            lastname=row["lastname"],
            company=row["company"] or None,
            street=[line.strip() for line in row["street"].splitlines() if line.strip()],
            city=row["city"],
            country_id=row["country_id"],
            telephone=row["telephone"],
            postcode=row["postcode"],
            region=region.name if region else (row["region"] or None),
            region_id=row["region_id"],
            region_code=region.code if region else None,
            default_billing=row["is_default_billing"],
            default_shipping=row["is_default_shipping"],
            id=row["id"].pk if row.get("id") else None,
        )


class AddressFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """One default billing and one default shipping address, as Magento's radio buttons allow."""
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        for flag, name in (
            ("is_default_billing", "default billing address"),
            ("is_default_shipping", "default shipping address"),
        ):
            if sum(bool(form.cleaned_data.get(flag)) for form in kept) > 1:
                raise forms.ValidationError(ONE_DEFAULT.format(name))

    def address_book(self) -> list[CustomerAddressData]:
        """The addresses the merchant kept, in the page's order: the new book for save_customer."""
        return [form.address_data() for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class AddressInline(admin.StackedInline):
    """Addresses: edited with the account, saved with it by save_customer (never by the formset itself). The
    account's permissions govern the book, as Magento's one Magento_Customer::manage does."""

    model = CustomerAddress
    form = AddressForm
    formset = AddressFormSet
    extra = 0
    verbose_name = "address"
    verbose_name_plural = "Addresses"

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("customers.view_customer") or request.user.has_perm(CHANGE_PERMISSION)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        """On the page of a new customer (obj None), adding the account is enough."""
        return request.user.has_perm(CHANGE_PERMISSION) or (obj is None and request.user.has_perm(ADD_PERMISSION))

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm(CHANGE_PERMISSION)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm(CHANGE_PERMISSION)
