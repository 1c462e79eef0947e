//! The mutator: from a seed, a deterministic series of changes to the seed site, each written to
//! a log a person can read. Byte-level (flip, insert, delete, duplicate, truncate, splice between
//! files), structure-aware (tokens that mean something to YAML, Markdown, HTML and CSV; wrong
//! values; deep nesting; long lines; repeated headings; line ends and byte-order marks; YAML
//! anchors and tags), file-level (renames, copies, folders named like pages, symbolic links out
//! of the site and in loops, empty and huge files) and picture-level (dimensions, chunk lengths,
//! truncation).

use super::rng::Rng;
use super::seed::{CANARY, Node, Tree};
use super::tokens::{BAD_UTF8, CSV_BITS, FENCES, NAME_VARIANTS, PAGE_KEYS, SITE_KEYS, TOKENS};
use std::collections::BTreeSet;

/// A mutated site and what was done to it.
pub struct Mutated {
    pub tree: Tree,
    pub log: Vec<String>,
    /// Files whose bytes were changed at random (not by a structure-aware change): their
    /// metadata may have become picture data, so their canaries no longer count as private.
    pub raw: BTreeSet<String>,
}

/// Largest size a mutation makes a file grow to, so a case stays within the test's budget.
const HUGE: usize = 6 << 20;

/// `seed`'s case: the seed site with one to six mutations. Seed 0 is the seed site itself.
pub fn mutate(tree: Tree, seed: u64) -> Mutated {
    let mut m = Mutated {
        tree,
        log: Vec::new(),
        raw: BTreeSet::new(),
    };
    if seed == 0 {
        m.log.push("no mutation (the seed site)".into());
        return m;
    }
    let mut rng = Rng::new(seed);
    let mut count = 1;
    while count < 6 && rng.chance(1, 2) {
        count += 1;
    }
    for _ in 0..count {
        let op = rng.weighted(&[
            30, // byte-level
            30, // tokens and key lines
            8,  // lines
            4,  // nesting and bombs
            4,  // line ends, BOM, long lines
            14, // file-level
            10, // pictures
        ]);
        match op {
            0 => bytes(&mut m, &mut rng),
            1 => token(&mut m, &mut rng),
            2 => lines(&mut m, &mut rng),
            3 => nesting(&mut m, &mut rng),
            4 => ends(&mut m, &mut rng),
            5 => files(&mut m, &mut rng),
            _ => picture(&mut m, &mut rng),
        }
    }
    m
}

/// Shortened and escaped for the log.
fn show(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(&b[..b.len().min(48)]);
    let more = if b.len() > 48 {
        format!("...({} bytes)", b.len())
    } else {
        String::new()
    };
    format!("{s:?}{more}")
}

fn file_paths(t: &Tree) -> Vec<String> {
    t.nodes
        .iter()
        .filter(|(p, n)| matches!(n, Node::File(_)) && p.starts_with("site/"))
        .map(|(p, _)| p.clone())
        .collect()
}

fn is_picture(p: &str) -> bool {
    let l = p.to_lowercase();
    [".jpg", ".png", ".gif", ".webp", ".svg"]
        .iter()
        .any(|e| l.ends_with(e))
}

/// A file to change, chosen by weight: pages most, then site.yaml, spreadsheets, the rest.
fn pick_file(m: &Mutated, rng: &mut Rng, text_only: bool) -> Option<String> {
    let all = file_paths(&m.tree);
    let text: Vec<&String> = all
        .iter()
        .filter(|p| {
            !text_only
                || matches!(m.tree.nodes.get(*p), Some(Node::File(b)) if std::str::from_utf8(b).is_ok())
        })
        .collect();
    if text.is_empty() {
        return None;
    }
    let class = |p: &str| -> usize {
        if p == "site/site.yaml" {
            1
        } else if p.ends_with(".csv") {
            2
        } else if p.ends_with(".md") {
            0
        } else {
            3
        }
    };
    // A third of the time, a file with a canary: that is where a change can publish one.
    if rng.chance(1, 3) {
        let secret: Vec<&&String> = text
            .iter()
            .filter(|p| {
                p.contains(CANARY)
                    || matches!(m.tree.nodes.get(**p), Some(Node::File(b)) if b.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()))
            })
            .collect();
        if !secret.is_empty() {
            return Some((**rng.pick(&secret)).clone());
        }
    }
    let weights = [60, 8, 10, 22];
    let want = rng.weighted(&weights);
    let of_class: Vec<&&String> = text.iter().filter(|p| class(p) == want).collect();
    if of_class.is_empty() {
        return Some((*rng.pick(&text)).clone());
    }
    Some((**rng.pick(&of_class)).clone())
}

fn bytes_of<'a>(m: &'a mut Mutated, p: &str) -> &'a mut Vec<u8> {
    match m.tree.nodes.get_mut(p) {
        Some(Node::File(b)) => b,
        _ => unreachable!("{p} is a file"),
    }
}

/// Start of a random line; inside the front matter (after `---`) when there is one and `fm`.
fn line_start(b: &[u8], rng: &mut Rng, fm: bool) -> usize {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            b.iter()
                .enumerate()
                .filter(|(_, c)| **c == b'\n')
                .map(|(i, _)| i + 1),
        )
        .filter(|i| *i <= b.len())
        .collect();
    if fm && b.starts_with(b"---") {
        // Lines 1.. up to and including the closing fence's start.
        let close = starts
            .iter()
            .skip(1)
            .position(|&s| b[s..].starts_with(b"---"))
            .map(|i| i + 1)
            .unwrap_or(starts.len() - 1);
        if close >= 1 {
            return starts[rng.range(1, close)];
        }
    }
    *rng.pick(&starts)
}

fn char_pos(b: &[u8], rng: &mut Rng) -> usize {
    let mut at = rng.below(b.len() + 1);
    while at < b.len() && at > 0 && (b[at] & 0xC0) == 0x80 {
        at -= 1;
    }
    at
}

fn bytes(m: &mut Mutated, rng: &mut Rng) {
    let Some(p) = pick_file(m, rng, false) else {
        return;
    };
    let other = pick_file(m, rng, false);
    let donor: Vec<u8> = other
        .as_ref()
        .and_then(|o| match m.tree.nodes.get(o) {
            Some(Node::File(b)) => Some(b.clone()),
            _ => None,
        })
        .unwrap_or_default();
    m.raw.insert(p.clone());
    let b = bytes_of(m, &p);
    let len = b.len();
    let line = match rng.below(7) {
        0 if len > 0 => {
            let at = rng.below(len);
            let bit = 1u8 << rng.below(8);
            b[at] ^= bit;
            format!("flip bit {bit:#04x} of byte {at} of {p}")
        }
        1 if len > 0 => {
            let at = rng.below(len);
            let v = *rng.pick(&[0u8, 0xFF, b'\n', b'-', b':', b'"', b'<', 0x80, b' ']);
            b[at] = v;
            format!("set byte {at} of {p} to {v:#04x}")
        }
        2 => {
            let at = rng.below(len + 1);
            let n = rng.size(16);
            let ins: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            let l = format!("insert {} at byte {at} of {p}", show(&ins));
            b.splice(at..at, ins);
            l
        }
        3 if len > 0 => {
            let at = rng.below(len);
            let n = rng.size(len - at);
            b.drain(at..at + n);
            format!("delete {n} bytes at {at} of {p}")
        }
        4 if len > 0 => {
            let at = rng.below(len);
            let n = rng.size((len - at).min(4096));
            let dup = b[at..at + n].to_vec();
            let times = rng.size(64);
            let ins: Vec<u8> = dup.repeat(times).into_iter().take(HUGE).collect();
            b.splice(at + n..at + n, ins);
            format!("repeat bytes {at}..{} of {p} {times} more times", at + n)
        }
        5 => {
            let at = rng.below(len + 1);
            b.truncate(at);
            format!("truncate {p} to {at} bytes")
        }
        _ => {
            if donor.is_empty() {
                return;
            }
            let from = rng.below(donor.len());
            let n = rng.size(donor.len() - from);
            let at = rng.below(len + 1);
            let piece = donor[from..from + n].to_vec();
            b.splice(at..at, piece);
            format!(
                "splice {n} bytes from {} (at {from}) into {p} at {at}",
                other.unwrap_or_default()
            )
        }
    };
    m.log.push(line);
}

fn token(m: &mut Mutated, rng: &mut Rng) {
    let Some(p) = pick_file(m, rng, true) else {
        return;
    };
    if is_picture(&p) {
        // Text changes can move an SVG's metadata into its drawing.
        m.raw.insert(p.clone());
    }
    let is_md = p.ends_with(".md");
    let is_csv = p.ends_with(".csv");
    let is_yaml = p == "site/site.yaml";
    let choice = rng.below(10);
    let ins: Vec<u8> = if choice >= 7 && !is_csv {
        // Lines that end (or seem to end) front matter, put inside it.
        let f = rng.pick(FENCES).as_bytes().to_vec();
        let b = bytes_of(m, &p);
        let at = line_start(b, rng, true);
        let line = format!("insert {} at byte {at} of {p}", show(&f));
        b.splice(at..at, f);
        m.log.push(line);
        return;
    } else if is_csv && choice < 5 {
        rng.pick(CSV_BITS).as_bytes().to_vec()
    } else if is_yaml && choice < 4 {
        rng.pick(SITE_KEYS).as_bytes().to_vec()
    } else if is_md && choice < 4 {
        rng.pick(PAGE_KEYS).as_bytes().to_vec()
    } else if choice == 6 && rng.chance(1, 2) {
        rng.pick(BAD_UTF8).to_vec()
    } else if choice == 6 {
        // A value made long: a slug, a title or a tag over file-name limits.
        let key = rng.pick(&["slug", "title", "tags", "summary", "aliases"]);
        let n = *rng.pick(&[250usize, 256, 300, 5000, 100_000]);
        let v = "ж".repeat(n / 2);
        match *key {
            "tags" => format!("tags: [{v}]\n"),
            "aliases" => format!("aliases: [/{v}/]\n"),
            k => format!("{k}: {v}\n"),
        }
        .into_bytes()
    } else {
        rng.pick(TOKENS).as_bytes().to_vec()
    };
    let b = bytes_of(m, &p);
    let whole_line = ins.ends_with(b"\n");
    let at = if whole_line || rng.chance(1, 2) {
        {
            let fm = is_md && rng.chance(3, 4);
            line_start(b, rng, fm)
        }
    } else {
        char_pos(b, rng)
    };
    let line = format!("insert {} at byte {at} of {p}", show(&ins));
    b.splice(at..at, ins);
    m.log.push(line);
}

fn lines(m: &mut Mutated, rng: &mut Rng) {
    let Some(p) = pick_file(m, rng, true) else {
        return;
    };
    if is_picture(&p) {
        // Text changes can move an SVG's metadata into its drawing.
        m.raw.insert(p.clone());
    }
    let b = bytes_of(m, &p);
    let text = String::from_utf8_lossy(b).into_owned();
    let mut ls: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if ls.is_empty() {
        return;
    }
    let i = rng.below(ls.len());
    let line = match rng.below(6) {
        0 => {
            ls.insert(i, ls[i].clone());
            format!("duplicate line {} of {p}: {:?}", i + 1, ls[i])
        }
        1 => {
            let l = ls.remove(i);
            format!("delete line {} of {p}: {l:?}", i + 1)
        }
        2 => {
            let j = rng.below(ls.len());
            ls.swap(i, j);
            format!("swap lines {} and {} of {p}", i + 1, j + 1)
        }
        3 => {
            let n = *rng.pick(&[100usize, 2000, 20_000]);
            let l = if ls[i].ends_with('\n') {
                ls[i].clone()
            } else {
                format!("{}\n", ls[i])
            };
            let rep = l.repeat(n);
            let shown = l.clone();
            ls.insert(i, rep);
            format!("repeat line {} of {p} {n} times: {shown:?}", i + 1)
        }
        4 => {
            // Many headings with one text: their ids must stay linear.
            let n = *rng.pick(&[100usize, 2000, 20_000]);
            ls.push("\n".into());
            ls.push("## same\n\n".repeat(n));
            format!("append {n} headings `## same` to {p}")
        }
        _ => {
            // A line indented or outdented: YAML structure changes.
            let ind = rng.pick(&["  ", "    ", "\t", " "]);
            ls[i] = format!("{ind}{}", ls[i]);
            format!("indent line {} of {p} with {ind:?}", i + 1)
        }
    };
    *b = ls.concat().into_bytes();
    b.truncate(HUGE);
    m.log.push(line);
}

fn nesting(m: &mut Mutated, rng: &mut Rng) {
    let Some(p) = pick_file(m, rng, true) else {
        return;
    };
    if is_picture(&p) {
        // Text changes can move an SVG's metadata into its drawing.
        m.raw.insert(p.clone());
    }
    let depth = *rng.pick(&[10usize, 100, 1000, 10_000, 100_000]);
    let (what, text) = match rng.below(9) {
        0 => ("flow sequences", format!("k: {}\n", "[".repeat(depth))),
        1 => (
            "flow mappings",
            format!("k: {}{}\n", "{a: ".repeat(depth), "}".repeat(depth)),
        ),
        2 => ("block quotes", format!("{}x\n", "> ".repeat(depth))),
        3 => ("list items", format!("{}x\n", "- ".repeat(depth))),
        4 => (
            "block mappings",
            (0..depth.min(3000))
                .map(|i| format!("{}a{i}:\n", " ".repeat(i)))
                .collect::<String>(),
        ),
        5 => (
            "emphasis",
            format!("{}x{}\n", "*_".repeat(depth / 2), "_*".repeat(depth / 2)),
        ),
        6 => ("links", format!("{}x{}\n", "[".repeat(depth), "](u)".repeat(depth))),
        7 => {
            // Billion laughs: nine levels of nine aliases each.
            let mut s = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            for i in 1..=(depth.ilog10() as usize + 5).min(9) {
                let refs = vec![format!("*l{}", i - 1); 9].join(", ");
                s.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
            }
            ("aliases (billion laughs)", s)
        }
        _ => (
            "HTML",
            format!("{}x{}\n", "<div>".repeat(depth), "</div>".repeat(depth)),
        ),
    };
    let b = bytes_of(m, &p);
    let at = line_start(b, rng, true);
    b.splice(at..at, text.into_bytes());
    m.log.push(format!(
        "insert {what} nested {depth} deep at byte {at} of {p}"
    ));
}

fn ends(m: &mut Mutated, rng: &mut Rng) {
    let Some(p) = pick_file(m, rng, true) else {
        return;
    };
    if is_picture(&p) {
        // Text changes can move an SVG's metadata into its drawing.
        m.raw.insert(p.clone());
    }
    let b = bytes_of(m, &p);
    let line = match rng.below(5) {
        0 => {
            let s = String::from_utf8_lossy(b).replace('\n', "\r\n");
            *b = s.into_bytes();
            format!("CRLF line ends in {p}")
        }
        1 => {
            let s = String::from_utf8_lossy(b).replace('\n', "\r");
            *b = s.into_bytes();
            format!("CR line ends in {p}")
        }
        2 => {
            b.splice(0..0, *b"\xEF\xBB\xBF");
            format!("byte-order mark before {p}")
        }
        3 => {
            let n = *rng.pick(&[10_000usize, 1 << 20, 4 << 20]);
            let fm = rng.chance(1, 3);
            let at = line_start(b, rng, fm);
            let mut long = "x".repeat(n);
            long.push('\n');
            b.splice(at..at, long.into_bytes());
            format!("insert a line of {n} bytes at byte {at} of {p}")
        }
        _ => {
            let s = String::from_utf8_lossy(b).replace("\n", "\n\u{202E}");
            *b = s.into_bytes();
            format!("a right-to-left override at the start of every line of {p}")
        }
    };
    m.log.push(line);
}

fn rename_node(m: &mut Mutated, from: &str, to: &str) {
    if let Some(n) = m.tree.nodes.remove(from) {
        m.tree.nodes.insert(to.to_string(), n);
    }
    if m.raw.remove(from) {
        m.raw.insert(to.to_string());
    }
}

/// `x` of `dir/x.md` (or of `dir/x.ru.md`), and the folder.
fn stem_of(p: &str) -> (String, String) {
    let (dir, name) = p.rsplit_once('/').unwrap_or(("", p));
    let stem = name.split('.').next().unwrap_or(name);
    (dir.to_string(), stem.to_string())
}

fn files(m: &mut Mutated, rng: &mut Rng) {
    let all = file_paths(&m.tree);
    if all.is_empty() {
        return;
    }
    let pages: Vec<&String> = all.iter().filter(|p| p.ends_with(".md")).collect();
    let secret: Vec<&&String> = pages.iter().filter(|p| p.contains(CANARY)).collect();
    let page = if !secret.is_empty() && rng.chance(1, 3) {
        (**rng.pick(&secret)).clone()
    } else {
        (*rng.pick(&pages)).clone()
    };
    let any = rng.pick(&all).clone();
    let line = match rng.below(12) {
        0 => {
            // Rename with another case, extension, trailing space...
            let (dir, stem) = stem_of(&any);
            let rest = any.rsplit_once('/').map(|(_, n)| n).unwrap_or(&any);
            let ext = &rest[stem.len()..];
            let to = match rng.below(4) {
                0 => format!("{dir}/{stem}{}", ext.to_uppercase()),
                1 => format!("{dir}/{}{ext}", stem.to_uppercase()),
                2 => format!("{dir}/{stem}{ext} "),
                _ => format!("{dir}/{stem}{}", rng.pick(NAME_VARIANTS)),
            };
            if m.tree.nodes.contains_key(&to) {
                return;
            }
            rename_node(m, &any, &to);
            format!("rename {any} to {to:?}")
        }
        1 => {
            // A copy of a page under another name: an editor's backup, an export...
            let (dir, stem) = stem_of(&page);
            let to = format!("{dir}/{stem}{}", rng.pick(NAME_VARIANTS));
            if let Some(n) = m.tree.nodes.get(&page).cloned() {
                m.tree.nodes.entry(to.clone()).or_insert(n);
            }
            format!("copy {page} to {to:?}")
        }
        2 => {
            // A folder named like a page, with a file and a page in it.
            let (dir, stem) = stem_of(&page);
            let f = format!("{dir}/{stem}/notes.txt");
            m.tree
                .nodes
                .insert(f.clone(), Node::File(b"notes next to the page\n".to_vec()));
            if rng.chance(1, 2) {
                m.tree.nodes.insert(
                    format!("{dir}/{stem}/_index.md"),
                    Node::File(b"---\ntitle: A folder\n---\n".to_vec()),
                );
            }
            format!("add a folder named like {page}: {f}")
        }
        3 => {
            let links: &[(&str, &str)] = &[
                ("site/content/outside-link", "../../outside"),
                ("site/content/news/link.md", "../../../outside/secret.md"),
                ("site/content/news/link.txt", "../../../outside/secret.txt"),
                ("site/static/up", ".."),
                ("site/static/outside", "../../outside"),
                ("site/static/secret.txt", "../../outside/secret.txt"),
                ("site/content/loop", "."),
                ("site/content/self", "self"),
                ("site/content/prisoners/linked.jpg", "../../../outside/photo.jpg"),
                ("site/content/events/days-2014.pickets.csv", "../../../outside/secret.txt"),
                ("site/content/about.md", "../../outside/secret.md"),
                ("site/public", "../outside"),
                ("site/static/root", "/"),
            ];
            let (at, to) = *rng.pick(links);
            m.tree.nodes.insert(at.to_string(), Node::Link(to.to_string()));
            m.raw.remove(at);
            format!("symbolic link {at} -> {to}")
        }
        4 => {
            bytes_of(m, &any).clear();
            format!("empty {any}")
        }
        5 => {
            let f = *rng.pick(&[
                "site/content/empty.md",
                "site/content/news/empty.md",
                "site/content/events/empty.pickets.csv",
                "site/content/news/empty.jpg",
                "site/static/empty.svg",
                "site/data/empty.yaml",
                "site/i18n/ru.ftl",
            ]);
            m.tree.nodes.insert(f.to_string(), Node::File(Vec::new()));
            format!("add an empty {f}")
        }
        6 => {
            // Huge within the budget.
            let n = rng.range(1 << 20, HUGE);
            let what = rng.below(3);
            let b = bytes_of(m, &any);
            match what {
                0 => {
                    let para = "The campaign goes on. ".repeat(4) + "\n\n";
                    while b.len() < n {
                        b.extend(para.as_bytes());
                    }
                }
                1 => {
                    let row = b"London,GB,2014-02-22,14:00,Embassy,Group\n";
                    while b.len() < n {
                        b.extend(row);
                    }
                }
                _ => b.resize(n, b'a'),
            }
            format!("grow {any} to {n} bytes")
        }
        7 => {
            m.tree.nodes.remove(&any);
            format!("delete {any}")
        }
        8 => {
            m.tree.nodes.insert(any.clone(), Node::Dir);
            m.tree.nodes.insert(
                format!("{any}/inside.txt"),
                Node::File(b"a folder where a file was\n".to_vec()),
            );
            format!("replace {any} by a folder")
        }
        9 => {
            // A name that is not UTF-8 (the marker is written as the byte 0xFF).
            let (dir, stem) = stem_of(&page);
            let to = format!("{dir}/{stem}\u{F8FF}.md");
            if let Some(n) = m.tree.nodes.get(&page).cloned() {
                m.tree.nodes.insert(to.clone(), n);
            }
            format!("copy {page} to a name with the byte 0xFF: {to:?}")
        }
        10 => {
            // Files that claim generated paths.
            let f = *rng.pick(&[
                "site/static/index.html",
                "site/static/map/index.html",
                "site/static/404.html",
                "site/static/sitemap.xml",
                "site/static/atom.xml",
                "site/static/tags/bolotnaya/index.html",
                "site/content/tags/bolotnaya/index.html",
                "site/content/news/2014-02-24-verdict/index.html",
                "site/static/ru/index.html",
                "site/static/style.css",
                "site/static/mirrors.json",
                "site/static/.samizdat-output",
                "site/static/prisoners/birthdays.ics",
            ]);
            m.tree
                .nodes
                .insert(f.to_string(), Node::File(b"<p>claimed</p>\n".to_vec()));
            format!("add {f}")
        }
        _ => {
            // Extra inputs a site may have: data files, translations of the theme's strings.
            let (f, text): (&str, &str) = *rng.pick(&[
                ("site/data/groups.yaml", "groups: [a, b]\n"),
                (
                    "site/data/bomb.yaml",
                    "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f]\n",
                ),
                ("site/data/bad name.yaml", "x: 1\n"),
                ("site/i18n/ru.ftl", "read-more = Читать { $x\n"),
                ("site/i18n/fa.ftl", "read-more = { -brand }\n-brand = { read-more }\n"),
                ("site/i18n/de.ftl", "read-more = Weiter\n"),
            ]);
            m.tree
                .nodes
                .insert(f.to_string(), Node::File(text.as_bytes().to_vec()));
            format!("add {f}")
        }
    };
    m.log.push(line);
}

fn picture(m: &mut Mutated, rng: &mut Rng) {
    let pics: Vec<String> = file_paths(&m.tree)
        .into_iter()
        .filter(|p| is_picture(p))
        .collect();
    if pics.is_empty() {
        return;
    }
    let p = rng.pick(&pics).clone();
    let dim = *rng.pick(&[0u32, 1, 16_384, 30_000, 60_000, 65_535, 0xFF_FFFF, u32::MAX]);
    let b = bytes_of(m, &p);
    let lower = p.to_lowercase();
    let line = if b.starts_with(&[0xFF, 0xD8]) {
        jpeg(b, rng, dim)
    } else if b.starts_with(b"\x89PNG") {
        png(b, rng, dim)
    } else if b.starts_with(b"GIF8") {
        gif(b, rng, dim)
    } else if b.starts_with(b"RIFF") {
        webp(b, rng, dim)
    } else if lower.ends_with(".svg") {
        svg(b, rng, dim)
    } else {
        let at = rng.below(b.len() + 1);
        b.truncate(at);
        format!("truncate to {at} bytes")
    };
    m.log.push(format!("picture {p}: {line}"));
}

fn put_u16be(b: &mut [u8], at: usize, v: u16) {
    if at + 2 <= b.len() {
        b[at..at + 2].copy_from_slice(&v.to_be_bytes());
    }
}

fn jpeg(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    // Find the frame header (SOF0..SOF3) by walking the segments.
    let mut i = 2;
    let mut sof = None;
    while i + 4 <= b.len() && b[i] == 0xFF {
        let marker = b[i + 1];
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if (0xC0..=0xC3).contains(&marker) {
            sof = Some(i);
            break;
        }
        if marker == 0xDA {
            break;
        }
        i += 2 + len;
    }
    let d = dim.min(65_535) as u16;
    match (rng.below(4), sof) {
        (0, Some(s)) => {
            put_u16be(b, s + 5, d);
            put_u16be(b, s + 7, d);
            format!("frame header claims {d}x{d} pixels")
        }
        (1, Some(s)) => {
            let comps = rng.below(256) as u8;
            if s + 9 < b.len() {
                b[s + 9] = comps;
            }
            format!("frame header claims {comps} components")
        }
        (2, _) => {
            // A segment length that lies.
            let at = 4 + 2 * rng.below(b.len().saturating_sub(4) / 2);
            let v = *rng.pick(&[0u16, 1, 2, 0xFFFF]);
            let at = at.min(b.len().saturating_sub(2));
            put_u16be(b, at, v);
            format!("write {v:#06x} at byte {at} (a segment length, maybe)")
        }
        _ => {
            let at = rng.below(b.len() + 1);
            b.truncate(at);
            format!("truncate to {at} bytes")
        }
    }
}

fn png(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    let fix_crc = rng.chance(2, 3);
    let refresh = |b: &mut Vec<u8>| {
        // IHDR's CRC over type and data (bytes 12..29).
        if b.len() >= 33 {
            let mut crc = flate2::Crc::new();
            crc.update(&b[12..29]);
            let sum = crc.sum().to_be_bytes();
            b[29..33].copy_from_slice(&sum);
        }
    };
    let line = match rng.below(4) {
        0 if b.len() >= 33 => {
            b[16..20].copy_from_slice(&dim.to_be_bytes());
            b[20..24].copy_from_slice(&dim.to_be_bytes());
            if fix_crc {
                refresh(b);
            }
            format!("IHDR claims {dim}x{dim} pixels (CRC fixed: {fix_crc})")
        }
        1 if b.len() >= 33 => {
            b[24] = *rng.pick(&[1u8, 2, 4, 8, 16, 0, 255]);
            b[25] = *rng.pick(&[0u8, 2, 3, 4, 6, 7, 255]);
            if fix_crc {
                refresh(b);
            }
            format!("IHDR bit depth {} colour type {} (CRC fixed: {fix_crc})", b[24], b[25])
        }
        2 => {
            // A chunk length that lies: walk to a random chunk.
            let mut i = 8;
            let mut starts = Vec::new();
            while i + 8 <= b.len() {
                starts.push(i);
                let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
                i = i.saturating_add(12).saturating_add(len);
            }
            if starts.is_empty() {
                return "no chunk to change".into();
            }
            let s = *rng.pick(&starts);
            let v = *rng.pick(&[0u32, 1, 0x7FFF_FFFF, u32::MAX, 100_000_000]);
            b[s..s + 4].copy_from_slice(&v.to_be_bytes());
            format!("chunk at byte {s} claims {v} bytes")
        }
        _ => {
            let at = rng.below(b.len() + 1);
            b.truncate(at);
            format!("truncate to {at} bytes")
        }
    };
    line
}

fn gif(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    let d = (dim.min(65_535) as u16).to_le_bytes();
    match rng.below(3) {
        0 if b.len() >= 10 => {
            b[6..8].copy_from_slice(&d);
            b[8..10].copy_from_slice(&d);
            format!("screen claims {dim}x{dim}")
        }
        1 => {
            // The image descriptor (after the extensions): its size, and an LZW code size of 12.
            if let Some(i) = b.iter().rposition(|&c| c == 0x2C)
                && i + 11 <= b.len()
            {
                b[i + 5..i + 7].copy_from_slice(&d);
                b[i + 7..i + 9].copy_from_slice(&d);
                b[i + 10] = 12;
            }
            format!("image descriptor claims {dim}x{dim}, LZW code size 12")
        }
        _ => {
            let at = rng.below(b.len() + 1);
            b.truncate(at);
            format!("truncate to {at} bytes")
        }
    }
}

fn webp(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    match rng.below(3) {
        0 if b.len() >= 30 => {
            // VP8X canvas size, 24 bits each, at 24..30.
            let d = dim.min(0xFF_FFFF).to_le_bytes();
            b[24..27].copy_from_slice(&d[..3]);
            b[27..30].copy_from_slice(&d[..3]);
            format!("canvas claims {dim}x{dim}")
        }
        1 if b.len() >= 8 => {
            let v = *rng.pick(&[0u32, 4, u32::MAX, 0x7FFF_FFFF]);
            b[4..8].copy_from_slice(&v.to_le_bytes());
            format!("RIFF size {v}")
        }
        _ => {
            let at = rng.below(b.len() + 1);
            b.truncate(at);
            format!("truncate to {at} bytes")
        }
    }
}

fn svg(b: &mut Vec<u8>, rng: &mut Rng, dim: u32) -> String {
    let text = String::from_utf8_lossy(b).into_owned();
    let (new, line) = match rng.below(5) {
        0 => (
            text.replace("width=\"40\"", &format!("width=\"{dim}00000\""))
                .replace("height=\"20\"", &format!("height=\"{dim}00000\"")),
            format!("size {dim}00000"),
        ),
        1 => {
            let n = *rng.pick(&[1000usize, 100_000]);
            (
                text.replace("<title>", &format!("{}<title>", "<g>".repeat(n)))
                    .replace("</svg>", &format!("{}</svg>", "</g>".repeat(n))),
                format!("groups nested {n} deep"),
            )
        }
        2 => (
            text.replacen(
                "<svg ",
                "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>\n<svg ",
                1,
            )
            .replace("Free them all", "&g;"),
            "entity expansion (billion laughs)".to_string(),
        ),
        3 => (
            text.replacen(
                "<svg ",
                "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\"><!ENTITY o SYSTEM \"../../outside/secret.txt\">]>\n<svg ",
                1,
            )
            .replace("Free them all", "&x;&o;"),
            "external entities".to_string(),
        ),
        _ => (
            text.replace(
                "<title>",
                "<image href=\"../../outside/photo.jpg\"/><image href=\"file:///etc/passwd\"/><script>alert(1)</script><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject><title>",
            ),
            "images and a script".to_string(),
        ),
    };
    *b = new.into_bytes();
    line
}
