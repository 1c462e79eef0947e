//! Links between pages: written as links to the `.md` source (SPEC §3), checked and rewritten
//! to the target's URL in the linking page's language.
//!
//! Each entry gets the list of URLs its Markdown placeholders stand for; the HTML itself is not
//! touched until rendering, so a page's text exists once however many languages show it.
//! A missing page, file or heading is an error at the link's line; an anchor that exists in the
//! original but not in a translation is a warning (the link then goes to the page's top).

use super::library::{EntryId, Library, PageId};
use super::page::Page;
use crate::config::Config;
use crate::error::{Error, nearest};
use crate::markdown::{self, Link};
use crate::util::escape_xml;
use rayon::prelude::*;
use std::collections::BTreeSet;

pub(crate) type Resolved = (EntryId, Vec<String>, Option<String>, Vec<Error>);

/// Resolves the links of every entry, a page at a time, in parallel.
pub(crate) fn resolve_all(lib: &Library, config: &Config) -> Vec<Resolved> {
    let mut by_page: Vec<Vec<EntryId>> = vec![Vec::new(); lib.pages.len()];
    for (id, e) in lib.entries.iter().enumerate() {
        by_page[e.page].push(id);
    }
    by_page
        .par_iter()
        .enumerate()
        .flat_map_iter(|(pid, entries)| resolve_page(lib, config, pid, entries))
        .collect()
}

/// Resolves the links and summary of `entries`, which show page `pid`.
pub(crate) fn resolve_page(
    lib: &Library,
    config: &Config,
    pid: PageId,
    entries: &[EntryId],
) -> Vec<Resolved> {
    let page = &lib.pages[pid];
    entries
        .iter()
        .map(|&eid| {
            let lang = &lib.entries[eid].lang;
            let mut errs = Vec::new();
            let urls: Vec<String> = page
                .body
                .links
                .iter()
                .map(|l| match resolve(lib, config, page, lang, l) {
                    Ok((url, warning)) => {
                        errs.extend(warning);
                        url
                    }
                    Err(e) => {
                        errs.push(e);
                        "#".to_string()
                    }
                })
                .collect();
            let summary = match &page.fm.summary {
                Some(s) => Some(format!("<p>{}</p>", escape_xml(s.trim()))),
                None => page
                    .body
                    .summary_html
                    .as_ref()
                    .map(|h| markdown::substitute(h, &urls)),
            };
            (eid, urls, summary, errs)
        })
        .collect()
}

/// Links of the content to paths of the built site that are neither pages nor files of
/// content/ (`/leaflet.pdf` from static/, `/map/`, `/ru/news/`): they can only be checked
/// against the output, once it is rendered. Each is (file, line, column, link as written).
pub fn site_path_links(lib: &Library) -> Vec<(std::path::PathBuf, usize, usize, String)> {
    let mut out = Vec::new();
    for p in &lib.pages {
        if lib.broken.contains(&p.canonical) {
            continue;
        }
        for l in &p.body.links {
            let path = l.dest.split(['#', '?']).next().unwrap_or("");
            let decoded = percent_decode(path);
            let Some(abs) = decoded.strip_prefix('/') else {
                continue;
            };
            if abs.ends_with(".md") || l.dest.starts_with("//") {
                continue;
            }
            let Some(target) = normalize("", abs) else {
                continue;
            };
            let folder = target.trim_end_matches('/');
            if lib.asset_set.contains(&target)
                || (!folder.is_empty() && lib.folders.contains(folder))
            {
                continue;
            }
            out.push((p.shown.clone(), l.line, l.column, l.dest.clone()));
        }
    }
    out
}

fn link_error(page: &Page, link: &Link, message: String) -> Error {
    Error::input(message)
        .at(&page.shown)
        .line(link.line)
        .col(link.column)
}

/// The URL a link stands for in `lang`, and a warning when the link had to be softened.
fn resolve(
    lib: &Library,
    config: &Config,
    from: &Page,
    lang: &str,
    link: &Link,
) -> Result<(String, Option<Error>), Error> {
    let dest = link.dest.as_str();
    if dest.starts_with(markdown::PLACEHOLDER) {
        return Err(link_error(
            from,
            link,
            format!("`{dest}` is reserved for samizdat's own use"),
        ));
    }
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        if let Some(a) = frag
            && !a.is_empty()
            && !from.body.anchors.contains(a)
        {
            return Err(link_error(
                from,
                link,
                format!("this page has no heading with the id `{a}`"),
            )
            .hint(hint_anchor(from, a)));
        }
        return Ok((dest.to_string(), None));
    }
    let decoded = percent_decode(path);
    let target = if let Some(abs) = decoded.strip_prefix('/') {
        normalize("", abs)
    } else {
        normalize(from.dir(), &decoded)
    };
    let Some(target) = target else {
        return Err(link_error(
            from,
            link,
            format!("`{dest}` points outside content/"),
        ));
    };
    let with_frag = |url: String| match frag {
        Some(f) if !f.is_empty() => format!("{url}#{f}"),
        _ => url,
    };

    if target.ends_with(".md") {
        let (canonical, explicit) = canonical_of(&target, config);
        let Some(entry) = lib
            .entry(&canonical, explicit.as_deref().unwrap_or(lang))
            .or_else(|| lib.entry(&canonical, &config.default_language))
            .or_else(|| lib.translations(config, &canonical).next())
        else {
            if lib.broken.contains(&canonical) {
                // Its own error is reported; the build fails on it.
                return Ok((String::new(), None));
            }
            if lib.unpublished.contains(&canonical) {
                return Err(link_error(
                    from,
                    link,
                    format!(
                        "links to {canonical}, which is not published (a draft or under embargo)"
                    ),
                )
                .hint("remove the link until that page is published, or publish it"));
            }
            let known: Vec<&str> = lib.entries.iter().map(|e| e.canonical.as_str()).collect();
            let mut e = link_error(
                from,
                link,
                format!("links to {target}, which does not exist in content/"),
            );
            if let Some(n) = nearest(&canonical, known) {
                e = e.hint(format!("did you mean {n}?"));
            } else {
                e = e.hint("links point at the Markdown file: relative (../cases/x.md) or from content/ (/cases/x.md)");
            }
            return Err(e);
        };
        let url = lib.entries[entry].url.clone();
        if let Some(a) = frag.filter(|a| !a.is_empty()) {
            let shown = lib.page_of(entry);
            if !shown.body.anchors.contains(a) {
                let original_has = lib
                    .entry(&canonical, &config.default_language)
                    .is_some_and(|o| lib.page_of(o).body.anchors.contains(a));
                if original_has {
                    let w = link_error(from, link, format!("{} has no heading with the id `{a}` (the original has one); the link goes to the top of the page", shown.shown.display()))
                        .hint(format!("give the translated heading the same id: `## … {{#{a}}}`"));
                    let mut w = w;
                    w.severity = crate::error::Severity::Warning;
                    return Ok((url, Some(w)));
                }
                return Err(link_error(
                    from,
                    link,
                    format!("{canonical} has no heading with the id `{a}`"),
                )
                .hint(hint_anchor(shown, a)));
            }
        }
        return Ok((with_frag(url), None));
    }

    if lib.asset_set.contains(&target) {
        return Ok((with_frag(format!("/{}", encode_path(&target))), None));
    }
    let folder = target.trim_end_matches('/');
    if lib.folders.contains(folder) && !folder.is_empty() {
        return Ok((
            with_frag(format!("{}{folder}/", config.lang_prefix(lang))),
            None,
        ));
    }
    if decoded.starts_with('/') {
        // A path of the built site (static/ or generated pages): `check` verifies it.
        return Ok((dest.to_string(), None));
    }
    Err(link_error(
        from,
        link,
        format!("links to `{dest}`, which is not a file in content/ ({target})"),
    )
    .hint("put the file next to the page, or in static/ and link it from the site root as /NAME"))
}

fn hint_anchor(page: &Page, anchor: &str) -> String {
    let ids = page.body.anchors.iter().map(String::as_str);
    match nearest(anchor, ids) {
        Some(n) => format!("did you mean `#{n}`?"),
        None if page.body.headings.is_empty() => "that page has no headings".into(),
        None => format!(
            "its headings have the ids: {}",
            page.body
                .headings
                .iter()
                .map(|h| h.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `prisoners/x.ru.md` -> (`prisoners/x.md`, Some("ru")).
fn canonical_of(target: &str, config: &Config) -> (String, Option<String>) {
    let stem = target.strip_suffix(".md").unwrap_or(target);
    if let Some((base, cand)) = stem.rsplit_once('.')
        && config.is_language(cand)
        && !base.ends_with('/')
    {
        return (format!("{base}.md"), Some(cand.to_string()));
    }
    (target.to_string(), None)
}

/// Joins `rel` onto `dir` (both inside content/), resolving `.` and `..`; None if it leaves.
pub fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if rel.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Percent-encodes what may not stand in a URL path as it is (spaces, `#`, `?`, `%`).
pub fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '%' => out.push_str("%25"),
            '"' => out.push_str("%22"),
            _ => out.push(c),
        }
    }
    out
}

impl Library {
    /// The files of content/ a page uses (links, images, `photo:`): what `withhold_assets` keeps
    /// or withholds with the page.
    pub(super) fn assets_used(&self, p: &Page) -> BTreeSet<String> {
        p.body
            .links
            .iter()
            .map(|l| l.dest.split(['#', '?']).next().unwrap_or("").to_string())
            .chain(p.fm.photo.clone())
            .filter_map(|d| match d.strip_prefix('/') {
                Some(abs) => normalize("", abs),
                None => normalize(p.dir(), &d),
            })
            .filter(|r| self.asset_set.contains(r))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_stays_inside() {
        assert_eq!(
            normalize("prisoners/", "../cases/b.md").as_deref(),
            Some("cases/b.md")
        );
        assert_eq!(normalize("", "./a.jpg").as_deref(), Some("a.jpg"));
        assert_eq!(normalize("a/", "../../x.md"), None);
        assert_eq!(normalize("a/b/", "../").as_deref(), Some("a/"));
    }

    #[test]
    fn decoding_and_encoding() {
        assert_eq!(percent_decode("my%20file.pdf"), "my file.pdf");
        assert_eq!(encode_path("my file#1.pdf"), "my%20file%231.pdf");
    }
}
