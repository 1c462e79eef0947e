//! What every job shares: the read-only inputs of a run ([`Ctx`]), each language's base context
//! and navigation (made once a run, not once a page), and the context of a page: switcher,
//! alternates, canonical address and navigation with the current section marked.

use crate::config::Config;
use crate::content::{EntryId, Kind, Library};
use crate::i18n::Strings;
use crate::output::Writer;
use crate::output::urls::UrlMode;
use crate::pickets::Pickets;
use crate::records::Records;
use crate::render::plan::{mirrors_url, search_url, tags_url};
use crate::render::views::{self, NavItem};
use crate::render::{Renderer, maps};
use std::collections::BTreeMap;
use tera::{Context, Value};

/// How this run renders: URL form, live reload (serve), link collection (check).
#[derive(Debug, Clone)]
pub struct RenderSettings {
    pub mode: UrlMode,
    pub live_reload: bool,
    /// Collect the internal links of every page, for `check`.
    pub collect_links: bool,
    /// Write the marker-free offline form (bundle).
    pub offline: bool,
    /// Draw a progress bar on stderr (for sites big enough to take more than a moment).
    pub progress: bool,
}

/// Shared, read-only inputs of every job.
pub(super) struct Ctx<'a> {
    pub(super) config: &'a Config,
    pub(super) lib: &'a Library,
    pub(super) r: &'a Renderer,
    /// List items by entry, made on first use: a run of a few jobs needs only a few.
    items: Vec<std::sync::OnceLock<Value>>,
    /// Each language's base context (site, addresses, policy), the start of every page's.
    pub(super) base: BTreeMap<String, Context>,
    /// Each language's navigation, its titles resolved; a page marks its own section current.
    nav: BTreeMap<String, Vec<NavItem>>,
    pub(super) settings: &'a RenderSettings,
    pub(super) writer: &'a Writer,
    pub(super) records: &'a Records,
    pub(super) pickets: &'a Pickets,
}

impl<'a> Ctx<'a> {
    /// The inputs of a run, with each language's base context and navigation made once.
    pub(super) fn new(
        config: &'a Config,
        lib: &'a Library,
        records: &'a Records,
        pickets: &'a Pickets,
        r: &'a Renderer,
        writer: &'a Writer,
        settings: &'a RenderSettings,
    ) -> Ctx<'a> {
        Ctx {
            config,
            lib,
            r,
            items: (0..lib.entries.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            records,
            pickets,
            base: config
                .codes()
                .map(|l| (l.to_string(), base_context(config, lib, l, settings)))
                .collect(),
            nav: config
                .codes()
                .map(|l| (l.to_string(), nav(config, lib, pickets, &r.strings, l)))
                .collect(),
            settings,
            writer,
        }
    }

    /// The list item of an entry (made once, on first use).
    pub(super) fn item(&self, id: EntryId) -> Value {
        match self.items.get(id) {
            Some(cell) => cell
                .get_or_init(|| {
                    Value::from_serializable(&views::item(self.config, self.lib, self.records, id))
                })
                .clone(),
            None => Value::none(),
        }
    }
}

/// A page's context: the language's base plus switcher, alternates, canonical, navigation.
pub(super) fn page_context(ctx: &Ctx, lang: &str, url: &str, canonical: Option<&str>) -> Context {
    page_context_where(ctx, lang, url, canonical, &|_| true)
}

/// [`page_context`] of a generated page that only some languages have: `exists(l)` says whether
/// language `l` has it, so the switcher and the alternates link only to pages that exist.
pub(super) fn page_context_where(
    ctx: &Ctx,
    lang: &str,
    url: &str,
    canonical: Option<&str>,
    exists: &dyn Fn(&str) -> bool,
) -> Context {
    let (config, lib) = (ctx.config, ctx.lib);
    let mut c = ctx.base.get(lang).cloned().unwrap_or_default();
    let prefix = config.lang_prefix(lang);
    let rest = url.strip_prefix(&prefix).unwrap_or("").to_string();
    let same_path =
        move |l: &str| (l == lang || exists(l)).then(|| format!("{}{rest}", config.lang_prefix(l)));
    let generated = canonical.is_none();
    let f: &dyn Fn(&str) -> Option<String> = &same_path;
    c.insert(
        "switcher",
        &views::switcher(
            config,
            lib,
            canonical,
            lang,
            if generated { Some(f) } else { None },
        ),
    );
    c.insert("nav", &nav_for(ctx, lang, url));
    c.insert("current_path", url);
    match canonical {
        Some(cn) => {
            c.insert("alternates", &views::alternates(config, lib, cn));
            c.insert("canonical", &canonical_url(ctx, cn, lang, url));
        }
        None => {
            let alts: Vec<views::Alternate> = config
                .codes()
                .filter_map(|l| {
                    Some(views::Alternate {
                        lang: l.to_string(),
                        url: config.absolute(&same_path(l)?),
                    })
                })
                .collect();
            c.insert(
                "alternates",
                &if alts.len() > 1 { alts } else { Vec::new() },
            );
            c.insert("canonical", &config.absolute(url));
        }
    }
    c
}

/// The canonical address of the entry `cn` in `lang`, at `url`: its own, but a fallback copy
/// points search engines at the text's own language version.
fn canonical_url(ctx: &Ctx, cn: &str, lang: &str, url: &str) -> String {
    let (config, lib) = (ctx.config, ctx.lib);
    match lib.entry(cn, lang) {
        Some(e) if lib.entries[e].fallback => lib
            .entry(cn, &lib.page_of(e).lang)
            .map(|o| config.absolute(&lib.entries[o].url))
            .unwrap_or_else(|| config.absolute(url)),
        _ => config.absolute(url),
    }
}

fn base_context(config: &Config, lib: &Library, lang: &str, s: &RenderSettings) -> Context {
    let mut c = Context::new();
    let prefix = config.lang_prefix(lang);
    c.insert("lang", lang);
    c.insert("dir", views::dir_of(config, lang));
    // The page language's own name, for "not yet translated into {lang}".
    c.insert(
        "lang_name",
        &crate::i18n::language_name(lang, lang)
            .map(str::to_string)
            .unwrap_or_else(|| lang.to_string()),
    );
    c.insert("site", &views::site_view(config, lang));
    c.insert("home_url", &prefix);
    c.insert("feed_url", &format!("{prefix}atom.xml"));
    c.insert("tags_url", &tags_url(config, lang));
    c.insert(
        "has_tags",
        &lib.tags.get(lang).is_some_and(|t| !t.is_empty()),
    );
    c.insert("mirrors_url", &mirrors_url(config, lang));
    c.insert("search_url", &search_url(config, lang));
    c.insert("csp", &views::csp(config));
    c.insert("site_contact", &crate::records::views::site_contact(config));
    c.insert("stylesheet", "/style.css");
    c.insert("live_reload", &s.live_reload);
    c.insert("noindex", &false);
    c.insert(
        "description",
        &config
            .description
            .as_ref()
            .map(|d| d.get(lang, &config.default_language).to_string()),
    );
    c.insert("canonical", &Value::none());
    c.insert("alternates", &Vec::<views::Alternate>::new());
    c.insert("pager", &Value::none());
    c.insert("items", &Vec::<Value>::new());
    c
}

/// Top-level sections (campaign sections first, in a fixed order) and top-level pages, their
/// titles in `lang`.
fn nav(
    config: &Config,
    lib: &Library,
    pickets: &Pickets,
    strings: &Strings,
    lang: &str,
) -> Vec<NavItem> {
    let mut items: Vec<NavItem> = top_sections(lib, lang)
        .into_iter()
        .map(|p| {
            let (title, text_lang) = section_title(lib, p, lang);
            NavItem {
                title,
                url: format!("{}{p}/", config.lang_prefix(lang)),
                current: false,
                text_lang,
            }
        })
        .collect();
    if pickets
        .langs
        .get(lang)
        .is_some_and(|l| !l.by_action.is_empty())
    {
        items.push(NavItem {
            title: "@nav-map".into(),
            url: maps::map_url(config, lang),
            current: false,
            text_lang: None,
        });
    }
    if let Some(root) = lib.sections.get("") {
        for &e in root.pages.get(lang).into_iter().flatten() {
            let text_lang = lib.entries[e].fallback.then(|| lib.page_of(e).lang.clone());
            items.push(NavItem {
                title: lib.title(e),
                url: lib.entries[e].url.clone(),
                current: false,
                text_lang,
            });
        }
    }
    for it in &mut items {
        it.title = resolve_title(strings, std::mem::take(&mut it.title), lang);
    }
    items
}

/// The top-level sections `lang` has pages or an `_index.md` in: campaign sections first, in
/// a fixed order, then the others by name.
fn top_sections<'a>(lib: &'a Library, lang: &str) -> Vec<&'a String> {
    let order = |p: &str| match Kind::of_section(p) {
        Kind::Prisoners => 0,
        Kind::Cases => 1,
        Kind::Events => 2,
        Kind::Appeals => 3,
        Kind::News => 4,
        Kind::Plain => 5,
    };
    let mut tops: Vec<&String> = lib
        .sections
        .keys()
        .filter(|p| !p.is_empty() && !p.contains('/'))
        .collect();
    tops.sort_by(|a, b| (order(a), a).cmp(&(order(b), b)));
    tops.retain(|p| lib.sections.get(*p).is_some_and(|s| s.listed_in(lang)));
    tops
}

/// A section's title in `lang`: its translated `_index.md` title; for a campaign section the
/// interface string (`@nav-prisoners`, resolved by the caller); else the untranslated title or
/// the folder's name.
/// Returns the title and, when it is in another language than `lang`, that language.
pub(super) fn section_title(lib: &Library, path: &str, lang: &str) -> (String, Option<String>) {
    let index = lib
        .sections
        .get(path)
        .and_then(|s| s.index.get(lang))
        .copied();
    let titled = index.filter(|&e| lib.page_of(e).fm.title.is_some());
    if let Some(e) = titled.filter(|&e| !lib.entries[e].fallback) {
        return (lib.title(e), None);
    }
    if !path.contains('/')
        && let Some(f) = Kind::of_section(path).folder()
    {
        return (format!("@nav-{f}"), None);
    }
    match titled {
        Some(e) => (lib.title(e), Some(lib.page_of(e).lang.clone())),
        None => (
            path.rsplit('/').next().unwrap_or(path).replace('-', " "),
            None,
        ),
    }
}

/// A title that names an interface string (`@nav-prisoners`) as that string in `lang`.
pub(super) fn resolve_title(strings: &Strings, title: String, lang: &str) -> String {
    match title.strip_prefix('@') {
        Some(key) => strings.t(lang, key, &[]),
        None => title,
    }
}

/// The navigation of a page at `current_url`: the language's, made once a run, with the
/// section the page is in marked current.
pub(super) fn nav_for(ctx: &Ctx, lang: &str, current_url: &str) -> Vec<NavItem> {
    let mut items = ctx.nav.get(lang).cloned().unwrap_or_default();
    for it in &mut items {
        it.current = current_url.starts_with(&it.url);
    }
    items
}

/// The text of an HTML fragment (a summary): tags dropped, spaces folded, the entities of
/// Markdown's escaping undone. For a page's description and the search index.
pub(super) fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_string()
}
