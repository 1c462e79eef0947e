"""The bytes of a built site by kind of file: `python3 scripts/output-costs.py public/`.

Prints a Markdown table (files, bytes, bytes per file) like the one in the handbook's
output reference (content/content/reference/output.md#costs)."""
import os, sys, collections
root = sys.argv[1]
langs = {"ru", "de", "fa", "uk", "fr", "es", "en"}
kinds = collections.defaultdict(lambda: [0, 0])
for d, _, fs in os.walk(root):
    for f in fs:
        p = os.path.join(d, f)
        rel = os.path.relpath(p, root)
        parts = rel.split("/")
        if parts[0] in langs:
            parts = parts[1:]
        sec = parts[0] if len(parts) > 1 else ""
        ext = f.rsplit(".", 1)[-1]
        if sec == "map" and len(parts) > 1 and parts[1] == "land":
            k = "map land (shared)"
        elif f == "world.svg":
            k = "map land (shared)"
        elif ext == "html":
            k = "html: " + ({"map": "map pages", "tags": "tag pages"}.get(sec, "pages and lists"))
        elif ext in ("svg", "png", "ics"):
            where = "actions" if sec == "events" else ("map pages" if sec == "map" else "site")
            k = f"{ext}: {where}"
        elif ext == "js":
            k = "search index"
        elif ext == "xml":
            k = "feeds, sitemap"
        else:
            k = "other"
        st = os.stat(p)
        kinds[k][0] += 1
        kinds[k][1] += st.st_size
tot = sum(v[1] for v in kinds.values())
n = sum(v[0] for v in kinds.values())
for k, (c, b) in sorted(kinds.items(), key=lambda x: -x[1][1]):
    print(f"| {k} | {c:,} | {b/1e6:,.1f} MB | {b/c/1e3:,.1f} KB |")
print(f"| all | {n:,} | {tot/1e6:,.1f} MB | |")
