#!/usr/bin/env python3
"""Benchmark for the maps: a site with 100,000 pickets in 5,000 cities, from spreadsheets.

Writes a samizdat site (English and Russian) with 100 actions of 1,000 pickets each, the
pickets in `events/NAME.pickets.csv`, their cities drawn from the project's own gazetteer
(geodata/cities.tsv.gz), then builds it with the release binary and prints wall time, CPU and
peak memory (GNU time). Standard library only; nothing is fetched.

    python3 scripts/bench-pickets.py [--pickets 100000] [--cities 5000] [--out target/bench/pickets]
"""
import argparse, gzip, os, random, shutil, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--pickets", type=int, default=100_000)
ap.add_argument("--cities", type=int, default=5_000)
ap.add_argument("--actions", type=int, default=100)
ap.add_argument("--out", default=os.path.join(root, "target/bench/pickets"))
ap.add_argument("--samizdat", default=os.path.join(root, "target/release/samizdat"))
args = ap.parse_args()

rows = []
with gzip.open(os.path.join(root, "geodata/cities.tsv.gz"), "rt", encoding="utf-8") as f:
    for line in f:
        c = line.rstrip("\n").split("\t")
        if len(c) > 7 and c[3] not in ("XC", "XS", "XK"):
            rows.append((int(c[7] or 0), c[1], c[3]))
rows.sort(reverse=True)
# The biggest cities, one name per (name, country): the data's main spelling finds them.
seen, cities = set(), []
for pop, name, cc in rows:
    if (name, cc) not in seen and "," not in name and '"' not in name:
        seen.add((name, cc))
        cities.append((name, cc))
    if len(cities) == args.cities:
        break

site = args.out
if os.path.exists(site):
    shutil.rmtree(site)
os.makedirs(os.path.join(site, "content/events"))
with open(os.path.join(site, "site.yaml"), "w") as f:
    f.write("title: Picket benchmark\nbase_url: https://example.org/\nlanguages:\n  en: {name: English}\n  ru: {name: Русский}\n")
with open(os.path.join(site, "content/_index.md"), "w") as f:
    f.write("---\ntitle: Picket benchmark\n---\n")
rnd = random.Random(42)
per = args.pickets // args.actions
for a in range(args.actions):
    with open(os.path.join(site, f"content/events/a{a:03}.md"), "w") as f:
        f.write(f"---\ntitle: Action {a}\nstart: 2026-{1 + a % 12:02}-10\n---\nText.\n")
    with open(os.path.join(site, f"content/events/a{a:03}.pickets.csv"), "w", encoding="utf-8") as f:
        f.write("city,country,date,time,place,organiser\n")
        for i in range(per):
            # Every city gets pickets: walk the list, then random ones.
            name, cc = cities[(a * per + i) % len(cities)] if a * per + i < len(cities) * 2 else rnd.choice(cities)
            f.write(f'{name},{cc},2026-{1 + a % 12:02}-{10 + i % 5},{10 + i % 8}:00,"Square {i}",Group {i % 50}\n')

out = os.path.join(site, "public")
t0 = time.time()
cmd = ["/usr/bin/time", "-f", "%e %U %S %M", args.samizdat, "build", "--root", site, "-o", out]
p = subprocess.run(cmd, capture_output=True, text=True)
if p.returncode != 0:
    sys.exit(p.stderr[-3000:])
wall, user, sys_, rss = p.stderr.strip().splitlines()[-1].split()
summary = [l for l in p.stderr.splitlines() if l.startswith("built ")]
city_pages = sum(1 for d, _, fs in os.walk(os.path.join(out, "map")) if "index.html" in fs and d.count(os.sep) - out.count(os.sep) == 3)
print(f"{args.pickets} pickets, {len(cities)} cities, {args.actions} actions, 2 languages")
print(summary[0] if summary else "")
print(f"city pages (default language): {city_pages}")
print(f"wall {wall} s, CPU {float(user) + float(sys_):.1f} s, peak RSS {int(rss) // 1024} MiB")
