//! The list pages of sections (the home page is the list of the root), with their pagers: the
//! section's own text and title, its sub-sections, a page of its entries' list items, and what
//! campaign sections add (the grouped prisoners index, the events index, the home page's
//! newest pages of each section).

use super::context::{Ctx, nav_for, page_context_where, plain, resolve_title, section_title};
use super::maps;
use super::write::{Out, write_page};
use crate::content::{EntryId, Kind, Section};
use crate::error::Error;
use crate::render::plan::{list_pages, list_url, paged};
use crate::render::{campaign, views};
use serde::Serialize;
use tera::Value;

#[derive(Serialize)]
struct SectionView {
    title: String,
    /// The language of `title` when it is not the page's (an untranslated section's own title).
    title_lang: Option<String>,
    title_dir: Option<&'static str>,
    url: String,
    path: String,
    content: Option<String>,
    fallback: bool,
    text_lang: String,
    text_dir: &'static str,
    draft: bool,
    embargoed: bool,
    outdated: bool,
    original: Option<views::OriginalView>,
    subsections: Vec<SubView>,
}

#[derive(Serialize)]
struct SubView {
    title: String,
    url: String,
}

#[derive(Serialize)]
pub(super) struct Pager {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
}

/// The pager of page `n` of `of` of the list at `url`.
pub(super) fn pager(url: &str, n: usize, of: usize) -> Pager {
    Pager {
        current: n,
        total: of,
        prev_url: (n > 1).then(|| paged(url, n - 1)),
        next_url: (n < of).then(|| paged(url, n + 1)),
    }
}

/// The list items of page `page_no` of a list of `ids`.
pub(super) fn page_items(ctx: &Ctx, ids: &[EntryId], page_no: usize) -> Vec<Value> {
    let per = ctx.config.paginate.max(1);
    ids.iter()
        .skip((page_no - 1) * per)
        .take(per)
        .map(|&i| ctx.item(i))
        .collect()
}

#[derive(Serialize)]
struct HomeBlock {
    id: String,
    title: String,
    url: String,
    items: Vec<Value>,
}

/// Page `page_no` of `of` of the list of `section` in `lang`.
pub(super) fn list(
    ctx: &Ctx,
    section: &str,
    lang: &str,
    page_no: usize,
    of: usize,
) -> Result<Out, Error> {
    let (config, lib) = (ctx.config, ctx.lib);
    let s = &lib.sections[section];
    let url = list_url(config, section, lang);
    let page_url = paged(&url, page_no);
    let index = s.index.get(lang).copied();
    // The same rule as the plan's: a language lists a section it has pages or an _index.md in
    // (the home page always), as many pages as its own entries fill.
    let exists = |l: &str| {
        let n = s.pages.get(l).map_or(0, Vec::len);
        let shown = s.listed_in(l);
        shown && page_no <= list_pages(config, section, n)
    };
    let mut c = page_context_where(
        ctx,
        lang,
        &page_url,
        index.map(|i| lib.entries[i].canonical.as_str()),
        &exists,
    );
    let all = s.pages.get(lang).map(Vec::as_slice).unwrap_or(&[]);
    c.insert("items", &page_items(ctx, all, page_no));
    c.insert("pager", &pager(&url, page_no, of));
    let sv = section_view(ctx, s, lang, index, url);
    c.insert("page_title", &sv.title);
    c.insert("section", &sv);
    campaign::list_extras(config, lib, ctx.records, section, lang, &mut c);
    maps::list_extras(ctx, section, lang, &mut c);
    if let Some(i) = index
        && let Some(sm) = &lib.entries[i].summary
    {
        c.insert("description", &plain(sm));
    }
    let tpl = if section.is_empty() {
        c.insert("home_sections", &home_sections(ctx, lang));
        "index.html".to_string()
    } else {
        let folder = Kind::of_section(section).folder().unwrap_or("");
        let specific = format!("{folder}/section.html");
        ctx.r
            .pick(&[specific.as_str(), "section.html"])
            .unwrap_or("section.html")
            .to_string()
    };
    let what = index
        .map(|i| lib.page_of(i).shown.display().to_string())
        .unwrap_or_else(|| format!("the list page {page_url}"));
    let html = ctx.r.render(&tpl, &c, &what)?;
    write_page(ctx, &page_url, html, lang)
}

/// The `section` of a list page: its title and text (from its `_index.md` in `lang`, if any)
/// and its sub-sections.
fn section_view(
    ctx: &Ctx,
    s: &Section,
    lang: &str,
    index: Option<EntryId>,
    url: String,
) -> SectionView {
    let (config, lib) = (ctx.config, ctx.lib);
    let (title, title_lang) = list_title(ctx, &s.path, lang, index);
    SectionView {
        title,
        title_dir: title_lang.as_deref().map(|l| views::dir_of(config, l)),
        title_lang,
        url,
        content: index
            .map(|i| {
                crate::markdown::substitute(&lib.page_of(i).body.html, &lib.entries[i].link_urls)
            })
            .filter(|h| !h.trim().is_empty()),
        fallback: index.is_some_and(|i| lib.entries[i].fallback),
        text_lang: index
            .map(|i| lib.page_of(i).lang.clone())
            .unwrap_or_else(|| lang.to_string()),
        text_dir: index
            .map(|i| views::dir_of(config, &lib.page_of(i).lang))
            .unwrap_or(views::dir_of(config, lang)),
        draft: false,
        embargoed: false,
        outdated: index.is_some_and(|i| lib.entries[i].outdated),
        original: index
            .filter(|&i| lib.entries[i].outdated)
            .and_then(|i| lib.entry(&lib.entries[i].canonical, &config.default_language))
            .map(|o| views::OriginalView {
                url: lib.entries[o].url.clone(),
                title: lib.title(o),
                lang: config.default_language.clone(),
            }),
        path: s.path.clone(),
        subsections: subsections(ctx, s, lang),
    }
}

/// A list's title and, when it is in another language than `lang`, that language: the home
/// page's is its `_index.md` title or the site's.
fn list_title(
    ctx: &Ctx,
    section: &str,
    lang: &str,
    index: Option<EntryId>,
) -> (String, Option<String>) {
    let (config, lib) = (ctx.config, ctx.lib);
    if section.is_empty() {
        match index {
            Some(i) if !lib.entries[i].fallback && lib.page_of(i).fm.title.is_some() => {
                (lib.title(i), None)
            }
            _ => (
                config.title.get(lang, &config.default_language).to_string(),
                None,
            ),
        }
    } else {
        let (t, l) = section_title(lib, section, lang);
        (resolve_title(&ctx.r.strings, t, lang), l)
    }
}

/// The sub-sections of a section, each titled by its `_index.md` in `lang` or its folder.
fn subsections(ctx: &Ctx, s: &Section, lang: &str) -> Vec<SubView> {
    let lib = ctx.lib;
    s.subsections
        .iter()
        .filter_map(|sub| {
            // A sub-section with no list page in this language is not linked.
            let ss = lib.sections.get(sub).filter(|ss| ss.listed_in(lang))?;
            let title = ss
                .index
                .get(lang)
                .map(|&i| lib.title(i))
                .unwrap_or_else(|| sub.rsplit('/').next().unwrap_or("").to_string());
            Some(SubView {
                title,
                url: list_url(ctx.config, sub, lang),
            })
        })
        .collect()
}

/// The newest pages of each top-level section, for the home page.
fn home_sections(ctx: &Ctx, lang: &str) -> Vec<HomeBlock> {
    nav_for(ctx, lang, "")
        .into_iter()
        .filter_map(|n| {
            let path = n
                .url
                .trim_start_matches(&ctx.config.lang_prefix(lang))
                .trim_end_matches('/')
                .to_string();
            let s = ctx.lib.sections.get(&path)?;
            let items: Vec<Value> = s
                .pages
                .get(lang)?
                .iter()
                .take(5)
                .map(|&i| ctx.item(i))
                .collect();
            Some(HomeBlock {
                id: crate::util::slugify(&path),
                title: n.title,
                url: n.url,
                items,
            })
        })
        .collect()
}
