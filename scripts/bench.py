#!/usr/bin/env python3
"""Benchmark of samizdat builds: clean builds of generated campaign sites, timed.

Builds samizdat in release, generates corpora with the shared generator
(gen_corpus.py --flavor samizdat --langs en,ru,de --pages N, into target/bench/, reused
when present), then builds each corpus into an empty folder --runs times, measuring wall
time and peak memory with /usr/bin/time. With --hugo it generates the same corpus in the
Hugo flavor and builds it with Debian's hugo, alternating the two tools run by run, so
that both are measured in the same conditions.

Prints a markdown table and writes it to target/bench/results.md. Not a test: figures
from a shared machine are noisy, compare tools only by ratios measured in one session.

Needs: python3 (standard library), cargo, /usr/bin/time (Debian `time`), and for --hugo
Debian's `hugo`:  apt-get install time hugo
"""

import argparse
import collections
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIME = "/usr/bin/time"
# "Today" for the builds: fixed, so that upcoming and past actions are the same on every run
# and every day (the corpus dates actions up to the end of 2026). 2026-09-21 UTC.
DEFAULT_EPOCH = 1790000000


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def die(msg):
    log(f"bench: {msg}")
    sys.exit(1)


def find_generator(explicit):
    """gen_corpus.py: --gen, $SAMIZDAT_BENCH_GEN, or shared/bench/ beside the repository."""
    candidates = [explicit, os.environ.get("SAMIZDAT_BENCH_GEN")]
    for up in (REPO, os.path.dirname(REPO)):
        candidates.append(os.path.join(up, "shared", "bench", "gen_corpus.py"))
        candidates.append(os.path.join(os.path.dirname(up), "shared", "bench", "gen_corpus.py"))
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.abspath(c)
    die("cannot find gen_corpus.py: pass --gen PATH or set SAMIZDAT_BENCH_GEN")


def build_samizdat(out_dir):
    """cargo build --release; returns a private copy of the binary (a target folder shared
    with other checkouts may get another build's binary at the same path meanwhile)."""
    log("==> cargo build --release")
    p = subprocess.run(
        ["cargo", "build", "--release", "--message-format=json-render-diagnostics"],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    if p.returncode != 0:
        die("cargo build --release failed")
    exe = None
    for line in p.stdout.splitlines():
        try:
            m = json.loads(line)
        except ValueError:
            continue
        if m.get("reason") == "compiler-artifact" and m.get("executable") and \
                m.get("target", {}).get("name") == "samizdat":
            exe = m["executable"]
    if not exe:
        die("cargo did not report the samizdat executable")
    os.makedirs(os.path.join(out_dir, "bin"), exist_ok=True)
    copy = os.path.join(out_dir, "bin", "samizdat")
    shutil.copy2(exe, copy)
    return copy


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def corpus(gen, flavor, pages, langs, seed, out_dir):
    """The corpus folder for these arguments, generated unless an identical one is there
    (same arguments, same generator script)."""
    site = os.path.join(out_dir, f"site-{flavor}-{pages}")
    want = {"flavor": flavor, "pages": pages, "langs": langs.split(","), "seed": seed,
            "generator_sha256": file_sha256(gen)}
    stamp = site + ".json"
    try:
        with open(stamp) as f:
            have = json.load(f)
    except (OSError, ValueError):
        have = None
    if have == want and os.path.isfile(os.path.join(site, ".gen_corpus.json")):
        log(f"==> reusing {os.path.relpath(site, REPO)}")
        return site
    log(f"==> generating {os.path.relpath(site, REPO)}")
    cmd = [sys.executable, gen, "--flavor", flavor, "--langs", langs, "--pages", str(pages),
           "--seed", str(seed), "--out", site]
    if subprocess.run(cmd).returncode != 0:
        die(f"gen_corpus.py failed: {' '.join(cmd)}")
    with open(stamp, "w") as f:
        json.dump(want, f)
    return site


def count_html(folder, langs):
    """HTML files under folder, in all and by section (first path segment after the
    language prefix), to see which pages one tool builds and the other does not."""
    by_section = collections.Counter()
    for root, _, files in os.walk(folder):
        parts = os.path.relpath(root, folder).split(os.sep)
        if parts and parts[0] in langs:
            parts = parts[1:]
        section = parts[0] if parts and parts[0] != "." else "(home, 404)"
        by_section[section] += sum(1 for f in files if f.endswith(".html"))
    return sum(by_section.values()), by_section


def timed(cmd, env):
    """Runs cmd under /usr/bin/time: (wall s, CPU s (user + system), peak RSS in KiB,
    stderr of cmd)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run([TIME, "-f", "%e %U %S %M", "-o", t.name] + cmd, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            die(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-4000:]}")
        fields = t.read().split()
    wall, cpu, rss = float(fields[-4]), float(fields[-3]) + float(fields[-2]), int(fields[-1])
    return wall, cpu, rss, p.stderr


def run_samizdat(exe, site, out, env, langs):
    shutil.rmtree(out, ignore_errors=True)
    wall, cpu, rss, err = timed([exe, "build", "--root", site, "-o", out], env)
    m = re.search(r"built (\d+) pages", err)
    html, sections = count_html(out, langs)
    return {"wall": wall, "cpu": cpu, "rss": rss, "html": html, "sections": sections,
            "reported": int(m.group(1)) if m else None}


def run_hugo(site, out, env, langs):
    shutil.rmtree(out, ignore_errors=True)
    wall, cpu, rss, _ = timed(["hugo", "--source", site, "--destination", out, "--quiet"], env)
    html, sections = count_html(out, langs)
    return {"wall": wall, "cpu": cpu, "rss": rss, "html": html, "sections": sections,
            "reported": None}


def version(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def git_commit():
    def git(*a):
        return subprocess.run(["git", *a], cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "?"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return commit + (" + uncommitted changes" if dirty else "")


def machine():
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    load = "?"
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {mem}, {platform.system()} {platform.machine()}, load {load}"


def table(results, langs, runs, args, versions):
    lines = [
        f"# samizdat benchmark ({dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC)",
        "",
        f"- machine: {machine()} (at the end of the runs)",
        f"- samizdat: {versions['samizdat']}, commit {versions['commit']}",
    ]
    if "hugo" in versions:
        lines.append(f"- hugo: {versions['hugo']}")
    lines += [
        f"- corpus: gen_corpus.py --langs {langs} --pages N --seed {args.seed}; "
        f"SOURCE_DATE_EPOCH={args.epoch}",
        f"- {runs} clean builds each into an empty folder, tools alternating; "
        "wall: median (min–max); CPU: user + system, median (steadier than wall on a busy "
        "machine); pages/s: HTML files written / median wall; peak RSS: highest of the runs",
        "",
        "| tool | N | HTML files | wall s | CPU s | pages/s | peak RSS MiB | vs samizdat |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (tool, n), rs in results.items():
        walls = [r["wall"] for r in rs]
        med = statistics.median(walls)
        cpu = statistics.median(r["cpu"] for r in rs)
        html = rs[-1]["html"]
        rss = max(r["rss"] for r in rs) / 1024
        reported = rs[-1]["reported"]
        html_cell = f"{html:,}" + (f" ({reported:,} pages)" if reported is not None else "")
        ratio = ""
        base = results.get(("samizdat", n))
        if tool != "samizdat" and base:
            bmed = statistics.median(r["wall"] for r in base)
            bcpu = statistics.median(r["cpu"] for r in base)
            brss = max(r["rss"] for r in base) / 1024
            if bmed > 0 and bcpu > 0 and brss > 0:
                ratio = (f"{med / bmed:.1f}× wall, {cpu / bcpu:.1f}× CPU, "
                         f"{rss / brss:.1f}× memory")
        lines.append(
            f"| {tool} | {n:,} × {len(langs.split(','))} | {html_cell} | {med:.2f} "
            f"({min(walls):.2f}–{max(walls):.2f}) | {cpu:.2f} | {html / med if med > 0 else 0:,.0f} | "
            f"{rss:,.0f} | {ratio} |")
    if len({tool for tool, _ in results}) > 1:
        lines += ["", "HTML files by section (all languages), from the last run of each size; "
                  "pages one tool builds and the other does not make pages/s differ:", ""]
        for (tool, n), rs in results.items():
            counts = ", ".join(f"{k} {v:,}" for k, v in rs[-1]["sections"].most_common())
            lines.append(f"- {tool} N={n:,}: {counts}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="1000,5000",
                    help="comma-separated corpus sizes, main pages per language (default 1000,5000)")
    ap.add_argument("--langs", default="en,ru,de", help="corpus languages (default en,ru,de)")
    ap.add_argument("--runs", type=int, default=3, help="clean builds per tool and size (default 3)")
    ap.add_argument("--seed", type=int, default=42, help="corpus seed (default 42)")
    ap.add_argument("--hugo", action="store_true", help="also build the Hugo flavor with `hugo`")
    ap.add_argument("--gen", help="path of gen_corpus.py (default: shared/bench/ beside the repo)")
    ap.add_argument("--out", default=os.path.join(REPO, "target", "bench"),
                    help="corpora, outputs and results (default target/bench)")
    ap.add_argument("--samizdat", help="use this samizdat binary instead of building one")
    ap.add_argument("--epoch", type=int, default=DEFAULT_EPOCH,
                    help=f"SOURCE_DATE_EPOCH for the builds (default {DEFAULT_EPOCH})")
    args = ap.parse_args()

    if not os.access(TIME, os.X_OK):
        die(f"{TIME} is missing: apt-get install time")
    if args.hugo and not shutil.which("hugo"):
        die("hugo is missing: apt-get install hugo")
    if args.runs < 1:
        die("--runs must be at least 1")
    try:
        sizes = [int(p) for p in args.pages.split(",") if p]
    except ValueError:
        die(f"--pages wants numbers separated by commas, not {args.pages!r}")
    out_dir = os.path.abspath(args.out)
    os.makedirs(out_dir, exist_ok=True)
    gen = find_generator(args.gen)
    exe = os.path.abspath(args.samizdat) if args.samizdat else build_samizdat(out_dir)
    versions = {"samizdat": version([exe, "--version"]), "commit": git_commit()}
    if args.hugo:
        versions["hugo"] = version(["hugo", "version"])
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(args.epoch), NO_COLOR="1")

    results = {}
    for n in sizes:
        sites = {"samizdat": corpus(gen, "samizdat", n, args.langs, args.seed, out_dir)}
        if args.hugo:
            sites["hugo"] = corpus(gen, "hugo", n, args.langs, args.seed, out_dir)
        for i in range(args.runs):
            for tool, site in sites.items():
                out = os.path.join(out_dir, f"out-{tool}-{n}")
                langs = args.langs.split(",")
                if tool == "samizdat":
                    r = run_samizdat(exe, site, out, env, langs)
                else:
                    r = run_hugo(site, out, env, langs)
                results.setdefault((tool, n), []).append(r)
                log(f"    {tool} N={n} run {i + 1}/{args.runs}: {r['wall']:.2f} s, "
                    f"{r['cpu']:.2f} s CPU, {r['rss'] / 1024:.0f} MiB, {r['html']} HTML files")

    md = table(results, args.langs, args.runs, args, versions)
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write(md)
    print(md, end="")
    log(f"==> written to {os.path.relpath(os.path.join(out_dir, 'results.md'), os.getcwd())}")


if __name__ == "__main__":
    main()
