"""Magento_Directory's countries: the ISO 3166-1 alpha-2 codes an address may name (plain data, no table).

``ALLOWED_COUNTRIES`` is Magento's default ``general/country/allow`` (Magento_Directory etc/config.xml,
2.4.6): the list Magento\\Customer\\Model\\Address\\Validator\\Country checks an address against.
"""

from __future__ import annotations

import html

from backoffice.exceptions import DomainError, InputError, RequiredFieldError

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
