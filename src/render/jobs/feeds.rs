//! The files for programs rather than readers: each language's Atom feed and calendar of
//! prisoners' birthdays, the sitemap and robots.txt. (The calendars of pickets are the maps'.)

use super::context::Ctx;
use super::write::{Out, write};
use crate::content::EntryId;
use crate::error::Error;
use crate::output::feeds::{self, FeedEntry, SitemapUrl};
use crate::output::urls::{self, UrlMode};
use crate::render::plan::file_in;
use crate::render::{campaign, views};

/// `atom.xml` of a language: its 30 newest dated pages, whole.
pub(super) fn feed(ctx: &Ctx, lang: &str) -> Result<Out, Error> {
    let xml = atom(ctx, lang);
    let rel = file_in(&ctx.config.lang_prefix(lang), "atom.xml");
    write(ctx, &rel, xml.as_bytes())
}

/// `prisoners/birthdays.ics` of a language.
pub(super) fn birthdays(ctx: &Ctx, lang: &str) -> Result<Out, Error> {
    let config = ctx.config;
    let ics = campaign::birthdays(config, ctx.lib, ctx.records, &ctx.r.strings, lang)?;
    let rel = file_in(&config.lang_prefix(lang), "prisoners/birthdays.ics");
    write(ctx, &rel, ics.as_bytes())
}

/// `sitemap.xml`: every published entry with its translations, and the generated lists.
pub(super) fn sitemap(ctx: &Ctx) -> Result<Out, Error> {
    write(ctx, "sitemap.xml", sitemap_xml(ctx).as_bytes())
}

/// `robots.txt`, pointing at the sitemap.
pub(super) fn robots(ctx: &Ctx) -> Result<Out, Error> {
    let txt = feeds::robots(&ctx.config.absolute("/sitemap.xml"));
    write(ctx, "robots.txt", txt.as_bytes())
}

/// The Atom feed of `lang`.
fn atom(ctx: &Ctx, lang: &str) -> String {
    let config = ctx.config;
    let full = UrlMode::Full {
        base_url: config.base_url.clone(),
    };
    let entries: Vec<FeedEntry> = newest(ctx, lang)
        .into_iter()
        .map(|i| feed_entry(ctx, i, &full))
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or("1970-01-01T00:00:00Z");
    let prefix = config.lang_prefix(lang);
    let title = config.title.get(lang, &config.default_language);
    let subtitle = config
        .description
        .as_ref()
        .map(|d| d.get(lang, &config.default_language));
    feeds::atom(&feeds::Feed {
        title,
        subtitle,
        lang,
        self_url: &config.absolute(&format!("{prefix}atom.xml")),
        home_url: &config.absolute(&prefix),
        updated,
        entries: &entries,
    })
}

/// The 30 newest dated pages of `lang` written in it (no fallback copies, drafts or embargoed
/// pages), newest first.
fn newest(ctx: &Ctx, lang: &str) -> Vec<EntryId> {
    let lib = ctx.lib;
    let mut ids: Vec<EntryId> = lib
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.lang == lang && !e.fallback && !e.is_index && !e.draft && !e.embargoed)
        .filter(|(i, _)| lib.date(*i).is_some())
        .map(|(i, _)| i)
        .collect();
    // The 30 newest without sorting them all (`order` is total: the same 30 as a full sort).
    if ids.len() > 30 {
        ids.select_nth_unstable_by(29, |&a, &b| lib.order(a, b));
        ids.truncate(30);
    }
    ids.sort_by(|&a, &b| lib.order(a, b));
    ids
}

/// An entry of the feed: its whole text, links absolute.
fn feed_entry(ctx: &Ctx, i: EntryId, full: &UrlMode) -> FeedEntry {
    let (config, lib) = (ctx.config, ctx.lib);
    let e = &lib.entries[i];
    let p = lib.page_of(i);
    let published = p.fm.date.map(|d| d.rfc3339(config.timezone));
    let updated =
        p.fm.updated
            .map(|d| d.rfc3339(config.timezone))
            .or_else(|| published.clone())
            .unwrap_or_default();
    FeedEntry {
        title: lib.title(i),
        url: config.absolute(&e.url),
        published,
        updated,
        summary_html: e.summary.as_ref().map(|s| urls::finish(s, &e.url, full)),
        content_html: urls::finish(
            &crate::markdown::substitute(&p.body.html, &e.link_urls),
            &e.url,
            full,
        ),
    }
}

/// The sitemap's XML: entries that are not copies, drafts or embargoed, with their
/// alternates, and the list pages no `_index.md` stands for; sorted, each address once.
fn sitemap_xml(ctx: &Ctx) -> String {
    let (config, lib) = (ctx.config, ctx.lib);
    let mut urls: Vec<SitemapUrl> = Vec::new();
    for (i, e) in lib.entries.iter().enumerate() {
        if e.fallback || e.draft || e.embargoed {
            continue;
        }
        let p = lib.page_of(i);
        let alternates = views::alternates(config, lib, &e.canonical)
            .into_iter()
            .map(|a| (a.lang, a.url))
            .collect();
        urls.push(SitemapUrl {
            loc: config.absolute(&e.url),
            lastmod: p.fm.updated.or(p.fm.date).map(|d| d.date().to_string()),
            alternates,
        });
    }
    for (path, s) in &lib.sections {
        for lang in config.codes() {
            if s.index.contains_key(lang) || (!s.pages.contains_key(lang) && !path.is_empty()) {
                continue;
            }
            let url = if path.is_empty() {
                config.lang_prefix(lang)
            } else {
                format!("{}{path}/", config.lang_prefix(lang))
            };
            urls.push(SitemapUrl {
                loc: config.absolute(&url),
                lastmod: None,
                alternates: Vec::new(),
            });
        }
    }
    urls.sort_by(|a, b| a.loc.cmp(&b.loc));
    urls.dedup_by(|a, b| a.loc == b.loc);
    feeds::sitemap(&urls)
}
