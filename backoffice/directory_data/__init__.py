"""Magento_Directory data this back-office ships: the region ids Magento's install gives (``regions.py``, generated
by ``generate.py`` from Magento's data patches). Country and region names come from pycountry (ISO 3166)."""
