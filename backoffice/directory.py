"""Magento_Directory's countries and regions (plain data, no table): what an address may name, and what
GET /V1/directory/countries serves.

``ALLOWED_COUNTRIES`` is Magento's default ``general/country/allow`` (Magento_Directory etc/config.xml,
2.4.6): the list Magento\\Customer\\Model\\Address\\Validator\\Country checks an address against.
Country names and ISO codes come from pycountry (ISO 3166-1); regions are the ones Magento installs, with
Magento's ids and codes (directory_data/regions.py, generated from Magento's data patches) and ISO 3166-2 names.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache

import pycountry

from backoffice.directory_data.regions import MAGENTO_REGIONS
from backoffice.exceptions import DomainError, InputError, NotFoundError, RequiredFieldError

INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'

# <general><country><allow> of Magento_Directory's etc/config.xml, as Magento ships it.
GENERAL_COUNTRY_ALLOW = (
    "AF,AL,DZ,AS,AD,AO,AI,AQ,AG,AR,AM,AW,AU,AT,AX,AZ,BS,BH,BD,BB,BY,BE,BZ,BJ,BM,BL,BT,BO,BQ,BA,BW,BV,BR,IO,VG,BN,"
    "BG,BF,BI,KH,CM,CA,CD,CV,KY,CF,TD,CL,CN,CX,CW,CC,CO,KM,CG,CK,CR,HR,CU,CY,CZ,DK,DJ,DM,DO,EC,EG,SV,GQ,ER,EE,ET,"
    "FK,FO,FJ,FI,FR,GF,PF,TF,GA,GM,GE,DE,GG,GH,GI,GR,GL,GD,GP,GU,GT,GN,GW,GY,HT,HM,HN,HK,HU,IS,IM,IN,ID,IR,IQ,IE,"
    "IL,IT,CI,JE,JM,JP,JO,KZ,KE,KI,KW,KG,LA,LV,LB,LS,LR,LY,LI,LT,LU,ME,MF,MO,MK,MG,MW,MY,MV,ML,MT,MH,MQ,MR,MU,YT,"
    "FX,MX,FM,MD,MC,MN,MS,MA,MZ,MM,NA,NR,NP,NL,AN,NC,NZ,NI,NE,NG,NU,NF,KP,MP,NO,OM,PK,PW,PA,PG,PY,PE,PH,PN,PL,PS,"
    "PT,PR,QA,RE,RO,RS,RU,RW,SH,KN,LC,PM,VC,WS,SM,ST,SA,SN,SC,SL,SG,SK,SI,SB,SO,ZA,GS,KR,ES,LK,SD,SR,SJ,SZ,SE,CH,"
    "SX,SY,TL,TW,TJ,TZ,TH,TG,TK,TO,TT,TN,TR,TM,TC,TV,VI,UG,UA,AE,GB,US,UM,UY,UZ,VU,VA,VE,VN,WF,EH,XK,YE,ZM,ZW"
)
ALLOWED_COUNTRIES: frozenset[str] = frozenset(GENERAL_COUNTRY_ALLOW.split(","))


def country_error(country_id: str | None) -> DomainError | None:
    """Magento\\Customer\\Model\\Address\\Validator\\Country::validateCountry: ``"countryId" is required`` when
    empty, ``Invalid value of "ZZ" provided for the countryId field.`` when not an allowed country (compared as
    sent: "us" is not "US"; the value HTML-escaped as Magento's Escaper prints it), else None."""
    if not str(country_id or "").strip():
        return RequiredFieldError("countryId")
    if country_id not in ALLOWED_COUNTRIES:
        value = html.escape(country_id, quote=True).replace("&#x27;", "&#039;")
        return InputError(INVALID_FIELD_VALUE, parameters={"fieldName": "countryId", "value": value})
    return None


# Magento_Directory etc/di.xml, countriesWithNotRequiredStates: the countries with regions whose addresses may omit
# one. Every other country with regions is in general/region/state_required (set by Setup/DataInstaller).
COUNTRIES_WITH_OPTIONAL_REGION = frozenset({"FR", "DE", "AT", "FI", "BE"})
# Magento's codes outside ISO 3166-1 (pycountry's historic_countries has AN and FX): Kosovo as
# Setup/Patch/Data/AddCountriesCaribbeanCuracaoKosovoSintMaarten.php adds it; its name as CLDR's.
NON_ISO_COUNTRIES = {"XK": ("XKX", "Kosovo")}


class CountryNotAvailable(NotFoundError):
    """Magento\\Directory\\Model\\CountryInformationAcquirer::getCountryInfo."""

    message = "The country isn't available."


@dataclass(frozen=True)
class Region:
    """Magento\\Directory\\Api\\Data\\RegionInformationInterface (id is Magento's region_id)."""

    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Country:
    """Magento\\Directory\\Api\\Data\\CountryInformationInterface; ``available_regions`` is None for a country
    without regions (Magento then leaves the key out)."""

    id: str
    two_letter_abbreviation: str
    three_letter_abbreviation: str
    full_name_locale: str
    full_name_english: str
    available_regions: tuple[Region, ...] | None


def region_name(iso_code: str | None, magento_name: str) -> str:
    """The ISO 3166-2 name (without the alternative ISO adds in brackets: "Girona [Gerona]" is "Girona"), or
    Magento's name for the regions ISO has no code for (the US armed forces regions, Latvia's former novadi)."""
    subdivision = pycountry.subdivisions.get(code=iso_code) if iso_code else None
    if subdivision is None:
        return magento_name
    return re.sub(r"\s*\[[^\]]*\]", "", subdivision.name)


@cache
def regions_by_country() -> dict[str, tuple[Region, ...]]:
    """Each country's regions, ordered by name as Magento's Region collection orders them."""
    grouped: dict[str, list[Region]] = {}
    for region_id, country_id, code, iso_code, magento_name in MAGENTO_REGIONS:
        grouped.setdefault(country_id, []).append(Region(region_id, code, region_name(iso_code, magento_name)))
    return {
        country_id: tuple(sorted(regions, key=lambda region: (region.name.casefold(), region.id)))
        for country_id, regions in grouped.items()
    }


@cache
def allowed_countries() -> dict[str, Country]:
    """The allowed countries by id, in id order (Magento's country collection, loaded by its primary key)."""
    regions = regions_by_country()
    countries = {}
    for country_id in sorted(ALLOWED_COUNTRIES):
        record = pycountry.countries.get(alpha_2=country_id) or pycountry.historic_countries.get(alpha_2=country_id)
        if record is not None:
            alpha_3, name = record.alpha_3, getattr(record, "common_name", None) or record.name
        else:
            alpha_3, name = NON_ISO_COUNTRIES[country_id]
        countries[country_id] = Country(country_id, country_id, alpha_3, name, name, regions.get(country_id))
    return countries


def get_country(country_id: str) -> Country:
    """GET /V1/directory/countries/{countryId}: an allowed country, else Magento's 404."""
    country = allowed_countries().get(country_id)
    if country is None:
        raise CountryNotAvailable()
    return country


def country_region_error(country_id: str | None, region_id: int | str | None) -> DomainError | None:
    """Magento\\Customer\\Model\\Address\\Validator\\Country::validate: the country (``country_error``), then the
    region: for a country with regions, ``"regionId" is required`` when none is given and the country requires one
    (all but COUNTRIES_WITH_OPTIONAL_REGION), ``Invalid value of "1" provided for the regionId field.`` when the id
    is not one of the country's. A country without regions takes any region_id, as Magento's does."""
    error = country_error(country_id)
    if error is not None:
        return error
    regions = regions_by_country().get(str(country_id))
    if not regions:
        return None
    given = "" if region_id is None else str(region_id)
    if given in ("", "0") and country_id not in COUNTRIES_WITH_OPTIONAL_REGION:  # PHP: empty("0") is true
        return RequiredFieldError("regionId")
    if given not in ("", "0") and given not in {str(region.id) for region in regions}:
        value = html.escape(given, quote=True).replace("&#x27;", "&#039;")
        return InputError(INVALID_FIELD_VALUE, parameters={"fieldName": "regionId", "value": value})
    return None


def country_name(country_id: str) -> str:
    """The directory's name of the country ("United States" for US), as Magento's address templates print it."""
    country = allowed_countries().get(country_id)
    return country.full_name_locale if country is not None else country_id


def address_lines(
    *, name: str, company: str | None, street: str, city: str | None, region: str | None, postcode: str | None,
    country_id: str, telephone: str | None,
) -> list[str]:
    """Magento's address template: name, company, street lines, "City, Region, Postcode", country, T: phone (the
    order's addresses, the customer's address book)."""
    locality = ", ".join(part for part in (city, region, postcode) if part)
    parts = (name, company, *street.splitlines(), locality, country_name(country_id),
             f"T: {telephone}" if telephone else "")
    return [part for part in parts if part]
