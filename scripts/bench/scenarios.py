"""The builds of one run of one tool, and the `cp -r` reference.

A run is three builds in a row into the same folder:

- `clean`: into an empty folder (the folder, and samizdat's record of its last build, are
  removed first);
- `nochange`: again, nothing edited; a rebuild that knows nothing changed should rewrite no
  file (issue 12: no file's mtime or inode changes);
- `edit`: after appending a sentence to one page's body (restored afterwards, so the corpus
  stays the generator's).

Each gives wall, CPU and peak memory of the build, and files, HTML files and bytes of the
output after it; `nochange` and `edit` also how many files changed (see `measure.changed`).
"""

import os
import shutil
from dataclasses import dataclass, field

from . import measure

SCENARIOS = ("clean", "nochange", "edit")
TITLES = {"clean": "clean build", "nochange": "no-change rebuild", "edit": "one-page edit"}


@dataclass
class Tool:
    name: str
    site: str           # the corpus in this tool's flavor
    out: str            # the output folder
    edit: str           # the page the edit scenario changes
    command: list = field(default_factory=list)   # the build command, without time


def samizdat(exe, site, out, edit):
    return Tool("samizdat", site, out, edit,
                [exe, "build", "--root", site, "-o", out, "--timings"])


def hugo(exe, site, out, edit):
    return Tool("hugo", site, out, edit,
                [exe, "--source", site, "--destination", out, "--quiet"])


@dataclass
class Result:
    wall: float
    cpu: float
    rss_kib: int
    files: int
    html: int
    bytes: int
    changed: int = None     # files changed by this build; None for a clean build
    stderr: str = ""
    sections: dict = None   # HTML files by section (clean builds)


def build(tool, env, before, langs):
    """One build of tool into its folder; before: the folder's snapshot (None: clean)."""
    t = measure.timed(tool.command, env)
    after = measure.snapshot(tool.out)
    return after, Result(
        wall=t.wall, cpu=t.cpu, rss_kib=t.rss_kib, files=len(after),
        html=measure.html_count(after), bytes=measure.total_bytes(after),
        changed=None if before is None else measure.changed(before, after),
        stderr=t.stderr,
        sections=measure.html_by_section(after, langs) if before is None else None)


def run(tool, env, langs, run_no):
    """The three builds of one run: {scenario: Result}."""
    shutil.rmtree(tool.out, ignore_errors=True)
    # samizdat's record of its last build (beside the output): a clean build starts without.
    head, tail = os.path.split(tool.out.rstrip("/"))
    try:
        os.remove(os.path.join(head, f".{tail}.samizdat.state"))
    except FileNotFoundError:
        pass
    results = {}
    snap, results["clean"] = build(tool, env, None, langs)
    snap, results["nochange"] = build(tool, env, snap, langs)
    with open(tool.edit, "rb") as f:
        original = f.read()
    try:
        with open(tool.edit, "ab") as f:
            f.write(f"\n\nEdited for the benchmark, run {run_no}: one more sentence.\n".encode())
        _, results["edit"] = build(tool, env, snap, langs)
    finally:
        with open(tool.edit, "wb") as f:
            f.write(original)
    return results


def copy_time(folder, env):
    """Wall time of `cp -r` of folder into a sibling folder (removed again)."""
    dest = folder.rstrip("/") + "-cp"
    shutil.rmtree(dest, ignore_errors=True)
    try:
        return measure.timed(["cp", "-r", folder, dest], env).wall
    finally:
        shutil.rmtree(dest, ignore_errors=True)
