#!/usr/bin/env python3
"""Regenerates src/i18n/languages.tsv from Unicode CLDR's JSON data.

    cd /tmp && npm install cldr-localenames-full@48.2.0
    python3 src/i18n/make_languages.py /tmp/node_modules/cldr-localenames-full > src/i18n/languages.tsv

One row per CLDR language code (a primary subtag with an English name in CLDR, or with locale
data of its own), without the special codes und, zxx, mul and mis. Columns: the code; its
autonym (its name in itself, with the first letter in title case as a language switcher shows
it; empty where CLDR has no data for the language); then its name in each of the 31 languages
of /work/shared/geodata/language-names.tsv, as CLDR writes them inside a sentence (lower case
in Russian, French, Spanish...), empty where CLDR has none.

Data: Unicode CLDR 48, Copyright (c) 2004-2026 Unicode, Inc., Unicode License v3; the full
notice is copied into the header of the output.
"""

import json
import os
import sys

COLUMNS = ("en ru uk be de fr es it pl fa ar he tr ka hy kk ky uz az pt nl cs lt lv et ro sr bg "
           "zh ja ko").split()
SPECIAL = {"und", "zxx", "mul", "mis", "root"}


def names(base, lang):
    path = os.path.join(base, "main", lang, "languages.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)["main"][lang]["localeDisplayNames"]["languages"]


def clean(s):
    # A tab or newline in a name would break the table; CLDR has none, this keeps it so.
    return s.replace("\t", " ").replace("\n", " ").strip()


def main():
    base = sys.argv[1]
    by_lang = {c: names(base, c) for c in COLUMNS}
    locales = sorted(d for d in os.listdir(os.path.join(base, "main")) if "-" not in d)
    codes = {k for k in by_lang["en"] if "-" not in k} | set(locales)
    codes = sorted(c for c in codes if c not in SPECIAL)
    out = sys.stdout
    out.write("# Language names from Unicode CLDR 48 (npm cldr-localenames-full 48.2.0).\n")
    out.write("# Made by src/i18n/make_languages.py; do not edit by hand.\n")
    out.write("# The data's licence, which must travel with every copy:\n#\n")
    with open(os.path.join(base, "LICENSE"), encoding="utf-8") as f:
        for line in f.read().strip().splitlines():
            out.write(("# " + line).rstrip() + "\n")
    out.write("\t".join(["code", "autonym"] + COLUMNS) + "\n")
    for code in codes:
        own = names(base, code).get(code, "")
        autonym = clean(own[:1].title() + own[1:]) if own else ""
        row = [code, autonym] + [clean(by_lang[c].get(code, "")) for c in COLUMNS]
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
