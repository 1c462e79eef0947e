"""The results as markdown: one table per corpus size, with samizdat / Hugo ratios, then the
issue's targets that the size measures, and samizdat's own stage timings.

Every figure is the median of the runs (wall also shows min–max); files and bytes are the
last run's (a build's output does not change from run to run).
"""

import statistics

from .scenarios import SCENARIOS, TITLES

MIB = 1024 * 1024


def med(results, attr):
    return statistics.median(getattr(r, attr) for r in results)


def ratio(a, b):
    return f"{a / b:.2f}" if b else "–"


def tool_row(scenario, label, rs):
    walls = [r.wall for r in rs]
    last = rs[-1]
    changed = "" if last.changed is None else f"{med(rs, 'changed'):,.0f} of {last.files:,}"
    return (f"| {TITLES[scenario]} | {label} | {med(rs, 'wall'):.2f} ({min(walls):.2f}–"
            f"{max(walls):.2f}) | {med(rs, 'cpu'):.2f} | {med(rs, 'rss_kib') / 1024:,.0f} | "
            f"{last.files:,} | {last.html:,} | {last.bytes / 1e6:,.1f} | {changed} |")


def ratio_row(scenario, s, h):
    return (f"| {TITLES[scenario]} | **samizdat / Hugo** | {ratio(med(s, 'wall'), med(h, 'wall'))} | "
            f"{ratio(med(s, 'cpu'), med(h, 'cpu'))} | "
            f"{ratio(med(s, 'rss_kib'), med(h, 'rss_kib'))} | {ratio(s[-1].files, h[-1].files)} | "
            f"{ratio(s[-1].html, h[-1].html)} | {ratio(s[-1].bytes, h[-1].bytes)} | |")


def size_table(n, nlangs, by_tool, hugo_label):
    lines = [
        f"## {nlangs} × {n:,} pages", "",
        "| build | tool | wall s | CPU s | peak MiB | files | HTML | MB | files changed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    s, h = by_tool.get("samizdat"), by_tool.get("hugo")
    for sc in SCENARIOS:
        lines.append(tool_row(sc, "samizdat", s[sc]))
        if h:
            lines.append(tool_row(sc, hugo_label, h[sc]))
            lines.append(ratio_row(sc, s[sc], h[sc]))
    return lines


def targets(n, by_tool, cp_walls):
    """The targets of issue 12 this size measures, each with its figure."""
    s, h = by_tool["samizdat"], by_tool.get("hugo")
    clean_wall, clean_cpu = med(s["clean"], "wall"), med(s["clean"], "cpu")
    cp = statistics.median(cp_walls)
    out = [
        f"- `cp -r` of samizdat's output: {cp:.2f} s (median; {min(cp_walls):.2f}–"
        f"{max(cp_walls):.2f}); clean build / `cp -r` = **{ratio(clean_wall, cp)}** "
        "(target ≤ 3 at 3 × 5,000 on tmpfs)",
        f"- no-change rebuild / clean build (wall): **{ratio(med(s['nochange'], 'wall'), clean_wall)}** "
        f"(target ≤ 0.2); files whose mtime or inode changed: "
        f"**{med(s['nochange'], 'changed'):,.0f}** of {s['nochange'][-1].files:,} (target 0)",
        f"- one-page edit: {med(s['edit'], 'changed'):,.0f} files changed",
    ]
    if n == 5000:
        out.append(f"- clean build CPU: **{clean_cpu:.2f} s** (target ≤ 6 s at 3 × 5,000, tmpfs)")
    if n == 20000:
        out.append(f"- peak memory: **{med(s['clean'], 'rss_kib') / 1024:,.0f} MiB** "
                   "(target ≤ 1,024 MiB)")
        if h:
            out.append(f"- clean wall / Hugo's: **{ratio(clean_wall, med(h['clean'], 'wall'))}** "
                       f"(target ≤ 0.25); output bytes / Hugo's: "
                       f"**{ratio(s['clean'][-1].bytes, h['clean'][-1].bytes)}** (target ≤ 1.5)")
    return out


def linearity(results):
    """Per-page CPU and memory of the largest size over those of the smallest (target ≤ 1.3)."""
    sizes = sorted(results)
    if len(sizes) < 2:
        return []
    lo, hi = results[sizes[0]]["samizdat"]["clean"], results[sizes[-1]]["samizdat"]["clean"]
    per = {a: (med(hi, a) / sizes[-1]) / (med(lo, a) / sizes[0]) for a in ("cpu", "rss_kib")}
    return ["", f"Linearity, samizdat clean build, per page at {sizes[-1]:,} over per page at "
            f"{sizes[0]:,}: CPU **{per['cpu']:.2f}**, peak memory **{per['rss_kib']:.2f}** "
            "(target ≤ 1.3 from 3 × 1,000 to 3 × 20,000)."]


def stage_timings(stderr):
    """The `--timings` table of samizdat's stderr."""
    at = stderr.find("timings:")
    return stderr[at:].rstrip() if at >= 0 else ""


def sections(by_tool, hugo_label):
    out = []
    for tool, label in (("samizdat", "samizdat"), ("hugo", hugo_label)):
        if tool in by_tool:
            counts = ", ".join(f"{k} {v:,}" for k, v in
                               by_tool[tool]["clean"][-1].sections.most_common())
            out.append(f"- {label}: {counts}")
    return out


def markdown(results, cp, header, nlangs, hugo_label):
    """results: {size: {tool: {scenario: [Result per run]}}}; cp: {size: [cp -r walls]}."""
    lines = [f"# samizdat benchmark ({header['date']})", ""]
    lines += [f"- {k}: {v}" for k, v in header.items() if k != "date"]
    lines += [
        "- each run, per tool (tools alternating, the first one changing every run): a clean "
        "build into an empty folder, a no-change rebuild into the same folder, and a rebuild "
        "after appending a sentence to one profile; figures are medians of the runs (wall: "
        "min–max too); CPU is user + system; peak is the maximum resident set size; files "
        "changed: mtime or inode changed, added or removed",
        "- compare the tools by the ratios of one session: wall times on a shared machine are "
        "noisy, CPU seconds less so",
    ]
    for n in sorted(results):
        by_tool = results[n]
        lines += [""] + size_table(n, nlangs, by_tool, hugo_label)
        lines += [""] + targets(n, by_tool, cp[n])
        lines += ["", "HTML files by section (all languages), clean build:", ""]
        lines += sections(by_tool, hugo_label)
        timing = stage_timings(by_tool["samizdat"]["clean"][-1].stderr)
        if timing:
            lines += ["", "`samizdat build --timings`, last clean build:", "", "```", timing, "```"]
    lines += linearity(results)
    return "\n".join(lines) + "\n"
