//! Where each job's files go and on whose behalf: [`Job::declare`], the one place per kind of
//! output that names its files (the map jobs' is [`MapJob::declare`](super::maps)), and the
//! sources named in conflict messages (a page's `slug:` line, a tag's line, an alias).

use super::job::Job;
use super::{
    Declared, Origin, Scope, list_url, mirrors_url, out_path, paged, search_url, tag_url, tags_url,
};
use crate::config::Config;
use crate::content::{EntryId, Library, PageId};
use crate::output::names;
use std::path::PathBuf;

impl Job {
    /// The files this job writes and on whose behalf: the one place that says where each kind
    /// of output goes. Jobs write with the same helpers ([`out_path`], [`super::file_in`]), and the
    /// writer refuses a file not declared here.
    pub(super) fn declare(&self, s: &Scope, d: &mut Declared) {
        let (config, lib) = (s.config, s.lib);
        match self {
            Job::Page(id) => {
                d.file(out_path(&lib.entries[*id].url));
                d.source(|| page_source(config, lib, *id));
            }
            Job::List {
                section,
                lang,
                page_no,
                ..
            } => {
                d.file(out_path(&paged(&list_url(config, section, lang), *page_no)));
                d.source(|| list_source(lib, section, lang, *page_no));
            }
            Job::TagIndex(lang) => {
                d.file(out_path(&tags_url(config, lang)));
                d.source(|| Origin::made(format!("the {lang} list of tags")));
            }
            Job::Tag {
                lang,
                slug,
                page_no,
                ..
            } => {
                d.file(out_path(&paged(&tag_url(config, lang, slug), *page_no)));
                d.source(|| tag_source(config, lib, lang, slug, *page_no));
            }
            Job::NotFound => {
                d.file("404.html".into());
                d.source(|| Origin::made("the page-not-found page"));
            }
            Job::Alias(i) => {
                d.file(lib.aliases[*i].file.clone());
                d.source(|| alias_source(lib, *i));
            }
            Job::Feed(lang) => {
                d.file_in(&config.lang_prefix(lang), "atom.xml");
                d.source(|| Origin::made(format!("the {lang} feed")));
            }
            Job::Sitemap => {
                d.file("sitemap.xml".into());
                d.source(|| Origin::made("the sitemap"));
            }
            Job::Robots => {
                d.file("robots.txt".into());
                d.source(|| Origin::made("robots.txt"));
            }
            Job::Copy { rel, shown, .. } => {
                d.file(rel.clone());
                d.source(|| match shown.strip_prefix("theme ") {
                    Some(_) => Origin::made(format!("the theme's {rel}")),
                    None => Origin::file(shown, "", "rename or move the file"),
                });
            }
            Job::Thumb { rel, shown, .. } => {
                d.file(rel.clone());
                d.source(|| {
                    Origin::file(
                        shown,
                        format!("its copy for lists, {rel}"),
                        "rename the photo or the other file",
                    )
                });
            }
            Job::Birthdays(lang) => {
                d.file_in(&config.lang_prefix(lang), "prisoners/birthdays.ics");
                d.source(|| Origin::made(format!("the {lang} calendar of birthdays")));
            }
            Job::Map(m) => m.declare(s, d),
            Job::Mirrors(lang) => {
                d.file(out_path(&mirrors_url(config, lang)));
                d.source(|| Origin::made(format!("the {lang} page of mirrors")));
            }
            Job::Search(lang) => {
                let url = search_url(config, lang);
                d.file_in(&url, "index.js");
                d.file(out_path(&url));
                d.source(|| Origin::made(format!("the {lang} search page and index")));
            }
            Job::MirrorsJson => {
                d.file("mirrors.json".into());
                d.source(|| Origin::made("the list of mirrors for programs"));
            }
            Job::OnionHeaders => {
                d.file(".htaccess".into());
                d.file("_headers".into());
                d.source(|| Origin::made("the Onion-Location headers of the onion mirror"));
            }
        }
    }
}

/// The source of a page's address: its `slug:` line (its own or, for a translation that keeps
/// the original's slug, the original's), else its file.
fn page_source(config: &Config, lib: &Library, id: EntryId) -> Origin {
    let e = &lib.entries[id];
    let p = lib.page_of(id);
    let copy = if e.fallback {
        format!(", its copy in {}", e.lang)
    } else {
        String::new()
    };
    match (&p.fm.slug, key_at(config, lib, e.page, "slug")) {
        (Some(slug), Some((file, pos))) => Origin::file(
            file,
            format!("slug `{}`{copy}", names::abbreviate(slug)),
            "give the page another `slug:`",
        )
        .at(Some(pos)),
        _ => Origin::file(
            &p.shown,
            copy.trim_start_matches(", ").to_string(),
            "rename the file, or give the page a `slug:`",
        ),
    }
}

/// Where the front matter key `key` of a page is written: in the file itself or, inherited, in
/// its original.
fn key_at(
    config: &Config,
    lib: &Library,
    page: PageId,
    key: &str,
) -> Option<(PathBuf, (usize, usize))> {
    let p = &lib.pages[page];
    if let Some(pos) = p.key_pos(key) {
        return Some((p.shown.clone(), pos));
    }
    let o = lib.file(&p.canonical, &config.default_language)?;
    let op = &lib.pages[o];
    op.key_pos(key).map(|pos| (op.shown.clone(), pos))
}

/// A list page: the section's `_index.md`, or its folder; the home page is samizdat's.
fn list_source(lib: &Library, section: &str, lang: &str, page_no: usize) -> Origin {
    let page = page_suffix(page_no);
    if section.is_empty() {
        return Origin::made(format!("the {lang} home page{page}"));
    }
    let index = lib
        .sections
        .get(section)
        .and_then(|s| s.index.get(lang))
        .map(|&i| lib.page_of(i).shown.clone());
    Origin::file(
        index.unwrap_or_else(|| PathBuf::from(format!("content/{section}/"))),
        format!("the {lang} list of the folder's pages{page}"),
        "rename the folder",
    )
}

/// A tag page: the line of the first page that gives the tag.
fn tag_source(config: &Config, lib: &Library, lang: &str, slug: &str, page_no: usize) -> Origin {
    let page = page_suffix(page_no);
    let Some(t) = lib.tags.get(lang).and_then(|ts| ts.get(slug)) else {
        return Origin::made(format!("the {lang} tag page {slug}"));
    };
    let what = format!("tag `{}` in {lang}{page}", names::abbreviate(&t.name));
    for &e in &t.entries {
        let p = lib.page_of(e);
        let Some(i) =
            p.fm.tags
                .iter()
                .flatten()
                .position(|x| crate::util::slugify(x) == slug)
        else {
            continue;
        };
        let at = key_at(config, lib, lib.entries[e].page, &format!("tags.{i}"));
        if let Some((file, pos)) = at {
            return Origin::file(file, what, "rename the tag").at(Some(pos));
        }
        return Origin::file(&p.shown, what, "rename the tag");
    }
    Origin::made(what)
}

/// `, page 2` after what makes the second page of a list; nothing after the first.
fn page_suffix(page_no: usize) -> String {
    if page_no > 1 {
        format!(", page {page_no}")
    } else {
        String::new()
    }
}

/// An alias: its line in the page's `aliases:` list.
fn alias_source(lib: &Library, i: usize) -> Origin {
    let a = &lib.aliases[i];
    let p = lib.page_of(a.to);
    let written =
        p.fm.aliases
            .as_ref()
            .and_then(|v| v.get(a.index))
            .cloned()
            .unwrap_or_default();
    let pos = p
        .key_pos(&format!("aliases.{}", a.index))
        .or_else(|| p.key_pos("aliases"));
    Origin::file(
        &p.shown,
        format!("alias `{}`", names::abbreviate(&written)),
        "change or remove the alias",
    )
    .at(pos)
}
