#!/usr/bin/env python3
"""Generate the generic CLDR number pack: crates/sitrep-annotate/data/lang/cldr/numbers.tsv.

For every language the language detector (whatlang) can name that has no hand-written pack
(crates/sitrep-annotate/data/lang/<code>/), it writes from the Unicode CLDR JSON data:
  decimal and group separators (Latin digits), compact-number words after a number with their
  factor ("mio." 1e6, "mld." 1e9, "tis." 1e3), currency names (display name and every plural
  form) and local symbols -> ISO 4217 code, the bare head noun of the language's own currency
  ("kroner", "koruna": the name without the words naming the country or the language), and the
  approximately / at-least / at-most / range patterns of `miscPatterns` ("~{0}", "{0}+",
  "vähintään {0}", "ca. {0}") with the `approximatelySign`.

The CLDR data comes from the npm registry packages cldr-numbers-full, cldr-core and
cldr-localenames-full (all of one CLDR version). Install them, then run:

    npm install --prefix /tmp/cldr-npm cldr-numbers-full@48.2.0 cldr-core@48.2.0 cldr-localenames-full@48.2.0
    python3 scripts/gen-cldr-pack.py /tmp/cldr-npm/node_modules > crates/sitrep-annotate/data/lang/cldr/numbers.tsv

The output is committed: the build never needs the network or the packages.
"""

import json
import os
import re
import sys

# ISO 639-1 codes whatlang names (crates/sitrep-ingest/src/lang.rs, `iso639_1`), without English
# and the languages with a hand-written pack in crates/sitrep-annotate/data/lang/.
HAND_PACKS = {"en", "de", "fr", "es", "it", "pt", "pl", "ru", "uk", "ko", "ja", "zh"}
WHATLANG = (
    "ar nl tr sv da nb fi cs sk ro hu bg be sr hr sl el he fa hi bn ur vi th id lt lv et ka hy tl af "
    "eo la ca az uz ta te mr gu pa kn ml ne si km my am yi zu sn ak jv or tk mk"
).split()
# CLDR locale ids where they differ from the ISO 639-1 code.
CLDR_ID = {"tl": "fil"}

# Words of the shape "0 WORD" only; a word of one letter ("K", "t", "M") is too ambiguous to read.
MIN_LETTERS = 2


def load(root, pkg, locale, name):
    path = os.path.join(root, pkg, "main", locale, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)["main"][locale]


def clean(s):
    """A CLDR pattern fragment as text: quotes dropped, spaces trimmed."""
    return s.replace("'", "").strip(" \u00a0\u202f\u2009")


def compact_words(formats):
    """(word, factor) of a decimalFormats short/long table: "00 mio'.'" at 10000000 -> (mio, 1e6)."""
    out = []
    for key, pat in formats.items():
        size = int(key.split("-")[0])
        m = re.fullmatch(r"(0+)([\s\u00a0\u202f]*)(.+)", pat)
        if not m:
            continue  # a word before the number, or none
        word = clean(m.group(3)).rstrip(".").lower()
        if " " in word or sum(c.isalpha() for c in word) < MIN_LETTERS or not all(c.isalpha() or c == "." for c in word):
            continue
        factor = size // 10 ** (len(m.group(1)) - 1)
        out.append((word, factor))
    return out


def bound_phrase(pattern):
    """("before"|"after", phrase) of a pattern with one "{0}", else None."""
    if pattern.count("{0}") != 1:
        return None
    before, after = pattern.split("{0}")
    before, after = clean(before), clean(after)
    if before and not after:
        return ("before", before)
    if after and not before:
        return ("after", after)
    return None


def main(root):
    core = os.path.join(root, "cldr-core", "supplemental")
    with open(os.path.join(core, "currencyData.json"), encoding="utf-8") as f:
        regions = json.load(f)["supplemental"]["currencyData"]["region"]
    with open(os.path.join(core, "likelySubtags.json"), encoding="utf-8") as f:
        likely = json.load(f)["supplemental"]["likelySubtags"]
    with open(os.path.join(root, "cldr-core", "package.json"), encoding="utf-8") as f:
        version = json.load(f)["version"]

    def current(region):
        """The currencies a region uses today (legal tender, no end date)."""
        for entry in regions.get(region, []):
            for code, info in entry.items():
                if "_to" not in info and info.get("_tender") != "false":
                    yield code

    in_use = sorted({c for r in regions for c in current(r)})
    rows = []
    for lang in WHATLANG:
        if lang in HAND_PACKS:
            continue
        loc = CLDR_ID.get(lang, lang)
        nums = load(root, "cldr-numbers-full", loc, "numbers.json")
        if nums is None:
            continue
        nums = nums["numbers"]
        sym = nums.get("symbols-numberSystem-latn", {})
        rows.append((lang, "decimal", sym.get("decimal", "."), ""))
        rows.append((lang, "group", sym.get("group", ","), ""))
        seen = set()
        for length in ("short", "long"):
            table = nums.get("decimalFormats-numberSystem-latn", {}).get(length, {}).get("decimalFormat", {})
            for word, factor in compact_words(table):
                if word not in seen:
                    seen.add(word)
                    rows.append((lang, "scale", word, str(factor)))
        misc = nums.get("miscPatterns-numberSystem-latn", {})
        bounds = set()
        for name, role in (("approximately", "approx"), ("atLeast", "at_least"), ("atMost", "at_most")):
            found = bound_phrase(misc.get(name, ""))
            if found:
                bounds.add((role, found[0], found[1]))
        approx_sign = clean(sym.get("approximatelySign", ""))
        if approx_sign:
            bounds.add(("approx", "before", approx_sign))
        for role, where, phrase in sorted(bounds):
            rows.append((lang, role, phrase, where))
        rng = misc.get("range", "")
        if rng.count("{0}") == 1 and rng.count("{1}") == 1:
            sep = clean(rng.split("{0}")[1].split("{1}")[0])
            if sep:
                rows.append((lang, "range", sep, ""))
        cur = load(root, "cldr-numbers-full", loc, "currencies.json")
        names = load(root, "cldr-localenames-full", loc, "territories.json")
        langs = load(root, "cldr-localenames-full", loc, "languages.json")
        if cur is None:
            continue
        cur = cur["numbers"]["currencies"]
        # The language's own currencies: those of its main territory (CLDR's likely subtags:
        # nl -> NL, not Suriname, so a bare "dollar" stays no Surinamese dollar).
        region = likely.get(loc, "").split("-")[-1]
        own = {code: {region} for code in current(region)}
        place_words = set()
        if langs:
            place_words.add(langs["localeDisplayNames"]["languages"].get(loc, ""))
        money = {}
        signs = {}
        for code in in_use:
            c = cur.get(code)
            if not c:
                continue
            forms = {v for k, v in c.items() if k.startswith("displayName")}
            for form in forms:
                money.setdefault(form.lower(), code)
            for k in ("symbol", "symbol-alt-narrow"):
                s = c.get(k, "")
                # A symbol of its own ("kr.", "Kč", "лв."), not the code nor a bare "$" (whose dollar?).
                if s and s != code and s not in ("$", "¤") and code in own:
                    signs.setdefault(s, code)
            if code in own and names:
                around = set(place_words)
                for region in own[code]:
                    around.add(names["localeDisplayNames"]["territories"].get(region, ""))
                prefixes = {w.lower()[:4] for p in around for w in p.split() if len(w) >= 4}
                for form in forms:
                    head = [w for w in form.lower().split() if w[:4] not in prefixes]
                    if len(head) == 1 and len(head) < len(form.split()) and len(head[0]) >= 3:
                        money.setdefault(head[0], code)
        for form, code in sorted(money.items()):
            rows.append((lang, "money", form, code))
        for form, code in sorted(signs.items()):
            rows.append((lang, "sign", form, code))

    out = sys.stdout
    out.write(
        "# sitrep generic language pack: the number conventions, compact-number words, currency names and\n"
        "# bound patterns of every language whatlang names that has no hand-written pack.\n"
        f"# Generated by scripts/gen-cldr-pack.py from Unicode CLDR {version} (npm packages cldr-numbers-full,\n"
        f"# cldr-core and cldr-localenames-full {version}); do not edit by hand, rerun the script.\n"
        "# CLDR data: Copyright (c) 1991-2025 Unicode, Inc., under the Unicode License v3\n"
        "# (https://www.unicode.org/license.txt).\n"
        "# LANG <TAB> FIELD <TAB> FORM <TAB> VALUE. FIELD: decimal | group (the separator, Latin digits);\n"
        "# scale (a word after a number, lower case, without its final dot; VALUE the factor); money (a\n"
        "# currency name, lower case; VALUE the ISO 4217 code; a one-word name is the head noun of the\n"
        "# language's own currency, its name without the words naming the country or the language);\n"
        "# sign (a local currency symbol -> code); approx | at_least | at_most (a bound, VALUE before or\n"
        "# after the number); range (the mark between the two figures of a range).\n"
    )
    for row in rows:
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cldr-npm/node_modules")
