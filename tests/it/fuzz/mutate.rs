//! The mutator: from a seed, a deterministic series of changes to the seed site, each written to
//! a log a person can read. Byte-level (flip, insert, delete, duplicate, truncate, splice between
//! files), structure-aware (tokens that mean something to YAML, Markdown, HTML and CSV; wrong
//! values; deep nesting; long lines; repeated headings; line ends and byte-order marks; YAML
//! anchors and tags), file-level (renames, copies, folders named like pages, symbolic links out
//! of the site and in loops, empty and huge files) and picture-level (dimensions, chunk lengths,
//! truncation).

use super::rng::Rng;
use super::seed::{CANARY, Node, Tree};
use super::tokens::{BAD_UTF8, CSV_BITS, FENCES, PAGE_KEYS, SITE_KEYS, TOKENS};
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
pub(super) const HUGE: usize = 6 << 20;

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
            5 => super::mutate_files::files(&mut m, &mut rng),
            _ => super::mutate_pictures::picture(&mut m, &mut rng),
        }
    }
    m
}

/// Shortened and escaped for the log.
pub(super) fn show(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(&b[..b.len().min(48)]);
    let more = if b.len() > 48 {
        format!("...({} bytes)", b.len())
    } else {
        String::new()
    };
    format!("{s:?}{more}")
}

pub(super) fn file_paths(t: &Tree) -> Vec<String> {
    t.nodes
        .iter()
        .filter(|(p, n)| matches!(n, Node::File(_)) && p.starts_with("site/"))
        .map(|(p, _)| p.clone())
        .collect()
}

pub(super) fn is_picture(p: &str) -> bool {
    let l = p.to_lowercase();
    [".jpg", ".png", ".gif", ".webp", ".svg"]
        .iter()
        .any(|e| l.ends_with(e))
}

/// A file to change, chosen by weight: pages most, then site.yaml, spreadsheets, the rest.
pub(super) fn pick_file(m: &Mutated, rng: &mut Rng, text_only: bool) -> Option<String> {
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

pub(super) fn bytes_of<'a>(m: &'a mut Mutated, p: &str) -> &'a mut Vec<u8> {
    match m.tree.nodes.get_mut(p) {
        Some(Node::File(b)) => b,
        _ => unreachable!("{p} is a file"),
    }
}

/// Start of a random line; inside the front matter (after `---`) when there is one and `fm`.
pub(super) fn line_start(b: &[u8], rng: &mut Rng, fm: bool) -> usize {
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

pub(super) fn char_pos(b: &[u8], rng: &mut Rng) -> usize {
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
        // In YAML, under a key: one short line nests as deep as many indented ones.
        3 if p.ends_with(".md") || p.ends_with(".yaml") => {
            ("list items", format!("k:\n{}x\n", "- ".repeat(depth)))
        }
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
        6 => (
            "links",
            format!("{}x{}\n", "[".repeat(depth), "](u)".repeat(depth)),
        ),
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
