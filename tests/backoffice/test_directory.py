"""backoffice/directory.py: Magento's Address\\Validator\\Country region rules and the generated region table
(vendor/magento/module-customer/Model/Address/Validator/Country.php::validateRegion,
module-directory/etc/di.xml countriesWithNotRequiredStates, module-directory/Setup/Patch/Data/*.php)."""

from __future__ import annotations

import pytest

from backoffice.directory import country_region_error, regions_by_country
from backoffice.directory_data.generate import install_order, iso_code, patch_rows
from backoffice.directory_data.regions import MAGENTO_REGIONS


def rendered(error: object) -> tuple[str, object] | None:
    return None if error is None else (error.message, error.parameters)  # type: ignore[attr-defined]


INVALID = 'Invalid value of "%value" provided for the %fieldName field.'
REQUIRED = '"%fieldName" is required. Enter and try again.'


@pytest.mark.parametrize(
    ("country_id", "region_id", "expected"),
    [
        ("US", 43, None),
        ("US", "43", None),
        ("US", None, (REQUIRED, {"fieldName": "regionId"})),
        ("US", 0, (REQUIRED, {"fieldName": "regionId"})),
        ("US", 79, (INVALID, {"fieldName": "regionId", "value": "79"})),
        ("US", 99999999, (INVALID, {"fieldName": "regionId", "value": "99999999"})),
        ("DE", None, None),  # FR, DE, AT, FI, BE: regions listed, none required
        ("DE", 79, None),
        ("DE", 43, (INVALID, {"fieldName": "regionId", "value": "43"})),
        ("GB", None, None),  # no regions: any region_id passes, as in Magento
        ("GB", 43, None),
        ("ZZ", 43, (INVALID, {"fieldName": "countryId", "value": "ZZ"})),  # the country first
        ("", 43, (REQUIRED, {"fieldName": "countryId"})),
    ],
)
def test_country_region_error_follows_magentos_validator(country_id: str, region_id: object, expected: object) -> None:
    assert rendered(country_region_error(country_id, region_id)) == expected


def test_region_table_has_one_row_per_magento_region_with_consecutive_ids() -> None:
    """DataInstaller::addCountryRegions and InitializeDirectoryData insert one auto-increment row each."""
    assert [row[0] for row in MAGENTO_REGIONS] == list(range(1, len(MAGENTO_REGIONS) + 1))
    assert MAGENTO_REGIONS[42][:4] == (43, "US", "NY", "US-NY")
    assert sum(len(regions) for regions in regions_by_country().values()) == len(MAGENTO_REGIONS)


def test_generator_orders_patches_by_name_after_their_dependencies() -> None:
    def patch(*dependencies: str) -> str:
        listed = "".join(f"            {name}::class,\n" for name in dependencies)
        return f"    public static function getDependencies()\n    {{\n        return [\n{listed}        ];\n    }}\n"

    sources = {
        "InitializeDirectoryData": patch(),
        "AddDataForAlbania": patch("InitializeDirectoryData"),
        "AddDataForAustralia": patch("InitializeDirectoryData", "AddDataForCroatia"),
        "AddDataForCroatia": patch("InitializeDirectoryData"),
    }
    assert install_order(sources) == [
        "InitializeDirectoryData",
        "AddDataForAlbania",
        "AddDataForCroatia",
        "AddDataForAustralia",
    ]


def test_generator_reads_php_rows_and_maps_iso_codes() -> None:
    source = "['FR', 21, 'Côte-d\\'Or'],\n['DE', 'NDS', 'Niedersachsen'],\n['ES', 'Girona', 'Girona'],"
    assert patch_rows(source, "AddDataForX") == [
        ("FR", "21", "Côte-d'Or"),
        ("DE", "NDS", "Niedersachsen"),
        ("ES", "Girona", "Girona"),
    ]
    assert iso_code("FR", "21", "Côte-d'Or") == "FR-21"
    assert iso_code("DE", "NDS", "Niedersachsen") == "DE-NI"
    assert iso_code("ES", "Girona", "Girona") == "ES-GI"
    assert iso_code("US", "AE", "Armed Forces Europe") is None
