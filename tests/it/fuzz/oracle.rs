//! The canary oracle: which canaries a mutated site may legitimately publish, judged from the
//! mutated files by the handbook's rules, and which canaries reached the output anyway.
//!
//! A mutation may legitimately publish a canary (deleting `draft: true` publishes the draft), so
//! the oracle does not compare with the seed: it reads each mutated file as the handbook says
//! samizdat must (front matter ends only at a `---` line; a draft, an embargoed page and
//! everything that belongs to them are withheld; `private:` values, HTML comments, comments of
//! site.yaml, unnamed spreadsheet columns and picture metadata are never published) and collects
//! the canaries that are published by those rules. Any other canary in an output byte or an
//! output file name is a leak. Where a rule is unsure (YAML that does not parse, a `draft:` that
//! is not `false`), the canary counts as private: samizdat must then fail or withhold.

use super::seed::{CANARY, Node, Tree};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeSet;
use yaml_rust2::{Yaml, YamlLoader};

/// "Today" for every build of the fuzz test.
pub const NOW: &str = "2026-01-01T00:00:00";

/// Every canary in `bytes`: the prefix and the letters after it.
pub fn canaries(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let p = CANARY.as_bytes();
    let mut i = 0;
    while let Some(at) = find(&bytes[i..], p) {
        let start = i + at;
        let mut end = start + p.len();
        while end < bytes.len() && bytes[end].is_ascii_lowercase() {
            end += 1;
        }
        out.push(String::from_utf8_lossy(&bytes[start..end]).into_owned());
        i = end;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn add_all(set: &mut BTreeSet<String>, bytes: &[u8]) {
    set.extend(canaries(bytes));
}

/// How a page reads by the handbook.
#[derive(Debug, Default)]
pub struct PageRef {
    /// A draft, under embargo, or not a valid page (samizdat must fail or withhold it).
    pub withheld: bool,
    /// Canaries its publication shows.
    pub exposed: BTreeSet<String>,
}

fn withheld() -> PageRef {
    PageRef {
        withheld: true,
        exposed: BTreeSet::new(),
    }
}

/// YAML the oracle will not parse itself (aliases that multiply, deep nesting, huge): the case
/// decides by samizdat's answer alone, taken to be private.
fn too_costly(yaml: &str) -> bool {
    yaml.len() > 64 << 10
        || yaml.matches('*').count() > 8
        || yaml.matches(['[', '{']).count() + yaml.matches("- ").count() > 2000
        || yaml.lines().count() > 5000
}

fn scalars(y: &Yaml, skip_private: bool, out: &mut BTreeSet<String>) {
    match y {
        Yaml::String(s) | Yaml::Real(s) => add_all(out, s.as_bytes()),
        Yaml::Array(a) => a.iter().for_each(|v| scalars(v, false, out)),
        Yaml::Hash(h) => {
            for (k, v) in h {
                if skip_private && k.as_str() == Some("private") {
                    continue;
                }
                scalars(k, false, out);
                scalars(v, false, out);
            }
        }
        _ => {}
    }
}

fn parse_yaml(text: &str) -> Option<Vec<Yaml>> {
    if too_costly(text) {
        return None;
    }
    YamlLoader::load_from_str(text).ok()
}

/// Whether `v` (the value of `publish_after:`) is a moment before [`NOW`].
fn is_past(v: &Yaml) -> bool {
    let Some(s) = v.as_str() else {
        return false;
    };
    let s = s.trim();
    let now = NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M:%S").expect("NOW");
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).is_some_and(|m| m < now);
    }
    if let Ok(m) = chrono::DateTime::parse_from_rfc3339(s) {
        return m.naive_utc() < now;
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(m) = NaiveDateTime::parse_from_str(s, f) {
            return m < now;
        }
    }
    false
}

/// A Markdown file as the handbook reads it.
pub fn page_ref(bytes: &[u8]) -> PageRef {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return withheld();
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let is_fence = |l: &str| l.trim_end() == "---";
    let mut exposed = BTreeSet::new();
    let first = text.split_inclusive('\n').next().unwrap_or("");
    let body = if is_fence(first) {
        let mut off = first.len();
        let mut close = None;
        for l in text[first.len()..].split_inclusive('\n') {
            if is_fence(l) {
                close = Some((off, off + l.len()));
                break;
            }
            off += l.len();
        }
        let Some((end, body_start)) = close else {
            return withheld();
        };
        let yaml = &text[first.len()..end];
        if yaml.lines().any(|l| l.trim_end() == "...") {
            return withheld();
        }
        let Some(docs) = parse_yaml(yaml) else {
            return withheld();
        };
        match docs.as_slice() {
            [] => {}
            [Yaml::Hash(h)] => {
                for (k, v) in h {
                    match k.as_str() {
                        Some("draft") if *v != Yaml::Boolean(false) => return withheld(),
                        Some("publish_after") if !is_past(v) => return withheld(),
                        _ => {}
                    }
                }
                scalars(&docs[0], true, &mut exposed);
            }
            _ => return withheld(),
        }
        &text[body_start..]
    } else {
        text
    };
    body_exposed(body, &mut exposed);
    PageRef {
        withheld: false,
        exposed,
    }
}

/// `html` without its comments (an unclosed one runs to the end).
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i + 2..].find("-->") {
            Some(j) => rest = &rest[i + 2 + j + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Canaries a Markdown body shows: all but those inside HTML comments.
fn body_exposed(body: &str, out: &mut BTreeSet<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    if !body.contains(CANARY) {
        return;
    }
    let mut html = String::new();
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    for ev in Parser::new_ext(body, opts) {
        match &ev {
            Event::Html(h) | Event::InlineHtml(h) => {
                html.push_str(h);
                continue;
            }
            Event::Text(t) | Event::Code(t) | Event::FootnoteReference(t) => {
                add_all(out, t.as_bytes())
            }
            Event::Start(Tag::Link {
                dest_url,
                title,
                id,
                ..
            })
            | Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) => {
                for s in [dest_url, title, id] {
                    add_all(out, s.as_bytes());
                }
            }
            Event::Start(Tag::Heading { id, classes, .. }) => {
                if let Some(id) = id {
                    add_all(out, id.as_bytes());
                }
                for c in classes {
                    add_all(out, c.as_bytes());
                }
            }
            Event::Start(Tag::FootnoteDefinition(l)) => add_all(out, l.as_bytes()),
            _ => {}
        }
        add_all(out, without_comments(&std::mem::take(&mut html)).as_bytes());
    }
    add_all(out, without_comments(&html).as_bytes());
}

/// Whether the Markdown in `bytes` links to `file_name` (next to it): a file only a withheld
/// page links to is withheld with it, but a link a mutation broke no longer counts.
fn links_to(bytes: &[u8], file_name: &str) -> bool {
    use pulldown_cmark::{Event, Parser, Tag};
    let text = String::from_utf8_lossy(bytes);
    Parser::new(&text).any(|ev| match ev {
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            dest_url.trim_start_matches("./") == file_name
        }
        _ => false,
    })
}

/// Canaries of a pickets spreadsheet that its named columns publish.
fn csv_exposed(bytes: &[u8], out: &mut BTreeSet<String>) {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return;
    }
    // The separator: whichever of , ; and tab the header row holds most of (the handbook's
    // rule for spreadsheets saved in other languages' settings).
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'\n' if !quoted => break,
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).fold(0, |b, i| if counts[i] > counts[b] { i } else { b });
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter([b',', b';', b'\t'][best])
        .flexible(true)
        .has_headers(false)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut records = rdr.byte_records();
    let Some(Ok(header)) = records.next() else {
        return;
    };
    let named: Vec<bool> = header.iter().map(|h| !h.is_empty()).collect();
    for h in header.iter() {
        add_all(out, h);
    }
    for rec in records.flatten() {
        for (j, cell) in rec.iter().enumerate() {
            if named.get(j).copied().unwrap_or(false) {
                add_all(out, cell);
            }
        }
    }
}

fn is_picture(bytes: &[u8], path: &str) -> bool {
    bytes.starts_with(&[0xFF, 0xD8])
        || bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"GIF8")
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
        || path.to_lowercase().trim_end().ends_with(".svg")
        || find(&bytes[..bytes.len().min(4096)], b"<svg").is_some()
}

fn looks_like_page(bytes: &[u8], path: &str) -> bool {
    let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = b.split(|c| *c == b'\n').next().unwrap_or(b);
    let first = String::from_utf8_lossy(first);
    first.trim_end() == "---"
        || path
            .to_lowercase()
            .trim_end_matches([' ', '.', '~'])
            .ends_with(".md")
}

fn file_at<'a>(tree: &'a Tree, p: &str) -> Option<&'a [u8]> {
    match tree.nodes.get(p) {
        Some(Node::File(b)) => Some(b),
        _ => None,
    }
}

/// The pages a file belongs to: `D/S.md` for `D/S.ext`, `D/S.LANG.md` and everything in
/// the folder `D/S/`.
fn owners(tree: &Tree, p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut parts: Vec<&str> = p.split('/').collect();
    let name = parts.pop().unwrap_or("");
    // Folders named like a page, at any depth.
    for i in 3..=parts.len() {
        let page = format!("{}.md", parts[..i].join("/"));
        if file_at(tree, &page).is_some() {
            out.push(page);
        }
    }
    let dir = parts.join("/");
    let pieces: Vec<&str> = name.split('.').collect();
    let single_ext = pieces.len() == 2 && pieces[1] != "md";
    let translation = pieces.len() == 3 && pieces[2] == "md";
    let pickets = name.ends_with(".pickets.csv") && pieces.len() == 3;
    if single_ext || translation || pickets {
        let page = format!("{dir}/{}.md", pieces[0]);
        if page != p && file_at(tree, &page).is_some() {
            out.push(page);
        }
    }
    out
}

/// The canaries the mutated site may publish by the handbook's rules.
pub fn exposed(tree: &Tree, raw: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut page_cache = std::collections::BTreeMap::new();
    let mut withheld_page = |p: &str, b: &[u8]| -> bool {
        *page_cache
            .entry(p.to_string())
            .or_insert_with(|| page_ref(b).withheld)
    };
    for (p, node) in &tree.nodes {
        if !p.starts_with("site/") {
            continue;
        }
        let Node::File(b) = node else {
            continue;
        };
        let owned_by_withheld = owners(tree, p).iter().any(|o| {
            let ob = file_at(tree, o).unwrap_or_default();
            withheld_page(o, ob)
        });
        if owned_by_withheld {
            continue;
        }
        if let Some((_, page, name)) = tree.linked_only.iter().find(|(f, _, _)| f == p) {
            let file_name = p.rsplit('/').next().unwrap_or(p);
            let page_withheld = file_at(tree, page)
                .is_some_and(|pb| withheld_page(page, pb) && links_to(pb, file_name));
            let named_elsewhere = tree.nodes.iter().any(|(q, n)| {
                q != p
                    && q != page
                    && (q.contains(name.as_str())
                        || matches!(n, Node::File(qb) if find(qb, name.as_bytes()).is_some()))
            });
            if page_withheld && !named_elsewhere {
                continue;
            }
        }
        if p == "site/site.yaml" {
            let text = String::from_utf8_lossy(b);
            if let Some(docs) = parse_yaml(text.strip_prefix('\u{FEFF}').unwrap_or(&text)) {
                docs.iter().for_each(|d| scalars(d, false, &mut out));
            }
            continue;
        }
        let mut path_too = true;
        if looks_like_page(b, p) {
            let r = page_ref(b);
            if r.withheld {
                path_too = false;
            }
            out.extend(r.exposed);
        } else if p.ends_with(".pickets.csv") {
            csv_exposed(b, &mut out);
        } else if is_picture(b, p) && !raw.contains(p) {
            // Pictures: only their names are shown.
        } else {
            add_all(&mut out, b);
        }
        if path_too {
            add_all(&mut out, p.as_bytes());
        }
    }
    // Folders (empty, or put in place of a file) show their names.
    for (p, node) in &tree.nodes {
        if p.starts_with("site/") && matches!(node, Node::Dir) {
            add_all(&mut out, p.as_bytes());
        }
    }
    out
}

/// Leaks in a folder of output: `(canary, where)` for each canary in a file's bytes or name
/// that the site may not publish.
pub fn leaks(out_dir: &std::path::Path, allowed: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut seed_ids = BTreeSet::new();
    for (p, n) in &super::seed::seed().nodes {
        add_all(&mut seed_ids, p.as_bytes());
        if let Node::File(b) = n {
            add_all(&mut seed_ids, b);
        }
    }
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(out_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e
            .path()
            .strip_prefix(out_dir)
            .unwrap_or(e.path())
            .to_string_lossy()
            .into_owned();
        // Lower case, so a canary upper-cased on its way out is found too.
        let mut ids = canaries(rel.to_lowercase().as_bytes());
        if e.file_type().is_file()
            && let Ok(b) = std::fs::read(e.path())
        {
            ids.extend(canaries(&b.to_ascii_lowercase()));
        }
        for id in ids {
            // A canary the output made longer (a heading id joins words: `zqkanaryxphone`) is
            // the published one; a canary of the seed must be published by name.
            let derived = !seed_ids.contains(&id) && allowed.iter().any(|a| id.starts_with(a));
            if !allowed.contains(&id) && !derived {
                found.push((id, rel.clone()));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}
