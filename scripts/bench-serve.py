#!/usr/bin/env python3
"""Benchmark of `samizdat serve` (not a test): edit-to-served-page latency and memory.

Starts the preview on a generated site, edits one prisoner profile again and again, and for
each edit measures the time from the file write to the served page containing the new text
(polling the page over HTTP). Reports the latency (median, 90th percentile, max) and the
server's resident memory after the first edit and after the last.

    python3 /work/shared/bench/gen_corpus.py --flavor samizdat --pages 10000 \
        --langs en,ru,de --out target/bench/site-10k
    cargo build --release
    python3 scripts/bench-serve.py --site target/bench/site-10k --edits 1000

--kind text edits the profile's last paragraph (the usual edit: the page, its fallback copies
and its feed are rendered again); --kind summary its front matter summary (the page and the
lists and tags that show it: the library is assembled again); --kind title its title;
--kind status its `status:` (which moves the prisoner between the groups of the prisoners' list).
Several kinds, comma-separated (--kind text,summary), take turns in one session: each is
reported on its own, and memory after edits 1, 10 and 100 of the whole session.
Standard library only; Linux (reads /proc for memory).
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def get(host, port, path):
    c = http.client.HTTPConnection(host, port, timeout=600)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", default="target/bench/site-10k")
    ap.add_argument("--binary", default=os.environ.get("SAMIZDAT", "/work/target/release/samizdat"))
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--kind", default="text", help="text, summary, title, status, or several: text,summary")
    ap.add_argument("--page", default=None, help="the profile to edit (content/prisoners/NAME.md)")
    args = ap.parse_args()

    prisoners = os.path.join(args.site, "content", "prisoners")
    page = args.page or os.path.join(
        prisoners, sorted(f for f in os.listdir(prisoners) if re.fullmatch(r"[a-z0-9-]+\.md", f) and not f.startswith("_"))[0]
    )
    original = open(page, encoding="utf-8").read()
    slug = os.path.basename(page)[:-3]
    m = re.search(r"^slug: *(\S+)", original, re.M)
    if m:
        slug = m.group(1)
    url_path = f"/prisoners/{slug}/"

    env = dict(os.environ, SOURCE_DATE_EPOCH="1790000000", NO_COLOR="1")
    proc = subprocess.Popen(
        [args.binary, "serve", "--root", args.site, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )
    server_times = []

    def read_stderr():
        for line in proc.stderr:
            m = re.search(r"in (\d+) ms$", line.strip())
            if m and line.startswith("rebuilt"):
                server_times.append(int(m.group(1)))
            elif not line.startswith("rebuilt"):
                sys.stderr.write("  server: " + line)

    threading.Thread(target=read_stderr, daemon=True).start()
    line = proc.stdout.readline()
    m = re.search(r"http://([\d.]+):(\d+)/", line)
    if not m:
        proc.kill()
        sys.exit(f"no address in {line!r}")
    host, port = m.group(1), int(m.group(2))
    t0 = time.perf_counter()
    status, _ = get(host, port, url_path)
    print(f"first build served after {time.perf_counter() - t0:.1f} s (status {status}); "
          f"RSS {rss_kib(proc.pid) / 1024:.0f} MiB", flush=True)

    kinds = args.kind.split(",")
    for k in kinds:
        if k not in ("text", "summary", "title", "status"):
            sys.exit(f"unknown kind {k!r}")
    statuses = ["detained", "sentenced", "released"]

    def edited(i, kind, current):
        """The file after edit `i`: one kind of change to its current text, the rest as it is."""
        marker = f"Benchmark edit {i} of the preview."
        if kind == "text":
            body = re.sub(r"\n\nBenchmark edit \d+ of the preview\.\n$", "\n", current)
            return body.rstrip("\n") + f"\n\n{marker}\n", marker
        if kind == "status":
            # The new status shows as its own word on the page; the marker goes into the summary.
            st = statuses[i % len(statuses)]
            t = re.sub(r"^status: .*$", f"status: {st}", current, count=1, flags=re.M)
            return re.sub(r"^summary: .*$", f"summary: \"{marker}\"", t, count=1, flags=re.M), marker
        if kind == "summary":
            return re.sub(r"^summary: .*$", f"summary: \"{marker}\"", current, count=1, flags=re.M), marker
        return re.sub(r"^title: .*$", f"title: {marker}", current, count=1, flags=re.M), marker

    latencies = {k: [] for k in kinds}
    rss = {}
    current = original
    try:
        for i in range(1, args.edits + 1):
            kind = kinds[(i - 1) % len(kinds)]
            text, marker = edited(i, kind, current)
            current = text
            needle = marker.encode()
            start = time.perf_counter()
            with open(page, "w", encoding="utf-8") as f:
                f.write(text)
            while True:
                status, body = get(host, port, url_path)
                if needle in body:
                    break
                if time.perf_counter() - start > 600:
                    sys.exit(f"edit {i} not served after 600 s")
                time.sleep(0.001)
            latencies[kind].append((time.perf_counter() - start) * 1000)
            if i in (1, 10, 100) or i == args.edits:
                rss[i] = rss_kib(proc.pid)
            # Let the watcher go quiet before the next edit, as a person typing would.
            time.sleep(0.03)
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.5)
        proc.kill()
        proc.wait()

    print(f"site: {args.site}; page: {url_path}; edits: {args.edits}")
    for kind in kinds:
        lat = sorted(latencies[kind])
        if not lat:
            continue
        p90 = lat[int(0.9 * (len(lat) - 1))]
        print(f"{kind} edits ({len(lat)}): edit-to-served latency median {statistics.median(lat):.1f} ms, "
              f"p90 {p90:.1f} ms, min {lat[0]:.1f} ms, max {lat[-1]:.1f} ms")
    if server_times:
        st = sorted(server_times)
        print(f"server's own rebuild time: median {statistics.median(st):.0f} ms, max {st[-1]} ms "
              f"(after the {20} ms debounce)")
    for i, kib in sorted(rss.items()):
        print(f"RSS after edit {i}: {kib / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
