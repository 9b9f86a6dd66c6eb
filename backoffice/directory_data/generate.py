"""Generate ``regions.py``: the region ids a fresh Magento 2.4.6 install gives, with the ISO 3166-2 code of each.

Magento's ``directory_country_region`` rows are inserted, one auto-increment id after the other, by the data
patches of vendor/magento/module-directory/Setup/Patch/Data (through Setup/DataInstaller::addCountryRegions, or
InitializeDirectoryData's own loop). The framework applies a module's patches in file-name order (Glob in
Magento\\Framework\\Setup\\Patch\\PatchReader::getPatchClassesPerModule), each after the patches it names in
getDependencies (PatchRegistry::getIterator): InitializeDirectoryData first (ids 1-512), then AddCountries... (no
regions), AddDataForAlbania, AddDataForArgentina, AddDataForCroatia and AddDataForIndia (dependencies of
AddDataForAustralia), AddDataForAustralia, AddDataForBelarus... UpdateRegionNamesForSwitzerland renames regions
and inserts none.

Run once per Magento version, against a Magento source tree or a git directory holding one:

    python -m backoffice.directory_data.generate --git-dir /path/to/magento/.git > backoffice/directory_data/regions.py
    python -m backoffice.directory_data.generate --root /path/to/magento > backoffice/directory_data/regions.py

Each region's ISO code is the subdivision pycountry knows as ``{country}-{Magento's code}`` (US-NY), else the one of
the country whose name is Magento's (accents and case aside: Germany's NDS is DE-NI "Niedersachsen"); None when
ISO has no such subdivision (the US armed forces regions, Finland's former provinces).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pycountry

PATCH_DIR = "vendor/magento/module-directory/Setup/Patch/Data"
PHP_STRING = r"'((?:[^'\\]|\\.)*)'"
ROW = re.compile(rf"\[\s*'([A-Z]{{2}})'\s*,\s*(?:{PHP_STRING}|(\d+))\s*,\s*{PHP_STRING}\s*\]")
DEPENDENCIES = re.compile(r"function getDependencies\(\)[^{]*\{(.*?)\n    \}", re.S)


def php_unquote(text: str) -> str:
    return re.sub(r"\\(['\\])", r"\1", text)


def patch_rows(source: str, name: str) -> list[tuple[str, str, str]]:
    """The (country_id, code, default_name) rows a patch inserts into directory_country_region."""
    if name == "InitializeDirectoryData":  # its second "$data = [" block is the regions' (countries, regions, rates)
        source = source.split("$data = [")[2]
    return [
        (country, php_unquote(code if code else number), php_unquote(region))
        for country, code, number, region in ROW.findall(source)
    ]


def install_order(sources: dict[str, str]) -> list[str]:
    """PatchRegistry::getIterator: in file-name order, each patch after its dependencies."""
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        match = DEPENDENCIES.search(sources[name])
        for dependency in re.findall(r"(\w+)::class", match.group(1) if match else ""):
            visit(dependency)
        order.append(name)

    for name in sorted(sources):
        visit(name)
    return order


def simplified(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def iso_code(country: str, code: str, name: str) -> str | None:
    candidates = [f"{country}-{code}", code]
    for candidate in candidates:
        subdivision = pycountry.subdivisions.get(code=candidate)
        if subdivision is not None and subdivision.country_code == country:
            return subdivision.code
    wanted = simplified(name)
    for subdivision in pycountry.subdivisions.get(country_code=country) or []:
        # ISO names may add the Spanish one in brackets: "Girona [Gerona]"
        if wanted in {simplified(part) for part in re.split(r"\s*[\[\]]\s*", subdivision.name) if part}:
            return subdivision.code
    return None


def regions(read: Callable[[str], str], names: list[str]) -> Iterator[tuple[int, str, str, str | None, str]]:
    sources = {name: read(name) for name in names}
    region_id = 0
    for name in install_order(sources):
        for country, code, default_name in patch_rows(sources[name], name):
            region_id += 1
            yield region_id, country, code, iso_code(country, code, default_name), default_name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--git-dir", help="a git directory holding Magento's source (read at HEAD)")
    where.add_argument("--root", help="a Magento source tree")
    args = parser.parse_args()
    if args.git_dir:
        git = ["git", f"--git-dir={args.git_dir}"]
        listing = subprocess.run(
            [*git, "ls-tree", "--name-only", "HEAD", f"{PATCH_DIR}/"], check=True, capture_output=True, text=True
        ).stdout.split()
        names = [Path(path).stem for path in listing if path.endswith(".php")]

        def read(name: str) -> str:
            return subprocess.run(
                [*git, "show", f"HEAD:{PATCH_DIR}/{name}.php"], check=True, capture_output=True, text=True
            ).stdout
    else:
        folder = Path(args.root) / PATCH_DIR
        names = [path.stem for path in folder.glob("*.php")]

        def read(name: str) -> str:
            return (folder / f"{name}.php").read_text(encoding="utf-8")

    rows = list(regions(read, names))
    out = sys.stdout
    out.write(
        '"""Generated by backoffice/directory_data/generate.py from Magento 2.4.6\'s\n'
        "vendor/magento/module-directory/Setup/Patch/Data/*.php: do not edit.\n\n"
        "(region_id, country_id, Magento's code, ISO 3166-2 code or None, Magento's default name), in install\n"
        'order: the ids a fresh Magento install gives its directory_country_region rows."""\n\n'
        "MAGENTO_REGIONS: tuple[tuple[int, str, str, str | None, str], ...] = (\n"
    )
    for row in rows:
        out.write(f"    {row!r},\n")
    out.write(")\n")


if __name__ == "__main__":
    main()
