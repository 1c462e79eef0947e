"""Measuring one command and one output folder.

A command runs under GNU time (`/usr/bin/time`, Debian package `time`), which reports its
wall time, user and system CPU time and maximum resident set size. An output folder is
measured by a snapshot of its files (inode, modification time, size): the number of files and
of bytes, and, comparing two snapshots, how many files a rebuild replaced, touched, added or
removed. A rebuild that leaves a file's bytes alone but writes it again (or swaps in a new
copy) changes its mtime or inode, which is what `rsync` and mirrors see.
"""

import collections
import os
import subprocess
import tempfile
from dataclasses import dataclass

TIME = "/usr/bin/time"


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and why."""


@dataclass
class Timed:
    wall: float     # seconds
    cpu: float      # user + system seconds
    rss_kib: int    # peak resident set size
    stderr: str


def timed(cmd, env):
    """Runs cmd under /usr/bin/time; its stdout is dropped, its stderr kept."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run([TIME, "-f", "%e %U %S %M", "-o", t.name] + cmd, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise BenchError(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-4000:]}")
        fields = t.read().split()
    return Timed(wall=float(fields[-4]), cpu=float(fields[-3]) + float(fields[-2]),
                 rss_kib=int(fields[-1]), stderr=p.stderr)


def snapshot(folder):
    """{path inside folder: (inode, mtime in ns, size)} of every file (not folders)."""
    files = {}
    stack = [folder]
    while stack:
        d = stack.pop()
        with os.scandir(d) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                else:
                    st = e.stat(follow_symlinks=False)
                    files[os.path.relpath(e.path, folder)] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return files


def total_bytes(snap):
    return sum(size for _, _, size in snap.values())


def html_count(snap):
    return sum(1 for p in snap if p.endswith(".html"))


def changed(before, after):
    """Files a rebuild changed as a mirror sees them: new inode or mtime, added, or removed."""
    touched = sum(1 for p, (ino, mtime, _) in after.items()
                  if p not in before or before[p][:2] != (ino, mtime))
    removed = sum(1 for p in before if p not in after)
    return touched + removed


def html_by_section(snap, langs):
    """HTML files by section (first path segment after the language prefix): pages one tool
    builds and the other does not explain part of a difference in time."""
    by_section = collections.Counter()
    for p in snap:
        if not p.endswith(".html"):
            continue
        parts = p.split(os.sep)
        if parts[0] in langs:
            parts = parts[1:]
        by_section[parts[0] if len(parts) > 1 else "(home, 404, redirects)"] += 1
    return by_section


def fs_type(path):
    """The file system path is on (tmpfs, ext4, ...), from /proc/mounts."""
    path = os.path.realpath(path)
    best, kind = "", "?"
    try:
        with open("/proc/mounts") as f:
            for line in f:
                fields = line.split()
                if len(fields) < 3:
                    continue
                mount = fields[1].replace("\\040", " ")
                inside = path == mount or path.startswith(mount.rstrip("/") + "/")
                if inside and len(mount) > len(best):
                    best, kind = mount, fields[2]
    except OSError:
        pass
    return kind
