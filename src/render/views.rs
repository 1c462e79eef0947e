//! What templates see. Views are built from the library once (an entry's list item once, however
//! many lists show it) and handed to tera as shared values; no page is re-rendered or
//! re-serialized per list.
//!
//! Every value a template may test is always present (as `none` when unset), so theme authors
//! can write `{% if page.date %}` without tera complaining about undefined fields. The handbook's
//! theme reference lists these names.

use crate::config::Config;
use crate::content::{EntryId, Library};
use crate::i18n::{self, DateStyle};
use crate::markdown;
use serde::Serialize;

#[derive(Serialize)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
}

#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub default_language: String,
    pub languages: Vec<LanguageView>,
}

#[derive(Serialize, Clone)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub current: bool,
    /// The language of `title` when it is not the page's (an untranslated page's title).
    pub text_lang: Option<String>,
}

#[derive(Serialize)]
pub struct SwitchItem {
    pub lang: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
    pub current: bool,
    /// False when that language shows the page untranslated (or not at all).
    pub translated: bool,
}

#[derive(Serialize)]
pub struct Alternate {
    pub lang: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
}

/// A page in a list: title, URL, date and summary, never its whole text.
#[derive(Serialize)]
pub struct ItemView {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub summary: Option<String>,
    pub lang: String,
    pub text_lang: String,
    pub text_dir: &'static str,
    pub fallback: bool,
    /// Shown only with `--drafts`: a draft (`draft: true`), or a page held back until a date.
    pub draft: bool,
    pub embargoed: bool,
    /// The day an embargoed page is published, in the page's language.
    pub embargo_display: Option<String>,
    pub kind: crate::content::Kind,
    /// Prisoners only: status and days in custody.
    pub status: Option<&'static str>,
    pub days: Option<i64>,
}

#[derive(Serialize)]
pub struct OriginalView {
    pub url: String,
    pub title: String,
    pub lang: String,
}

#[derive(Serialize)]
pub struct HeadingView {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct PageView {
    pub title: String,
    pub url: String,
    pub content: String,
    pub summary: Option<String>,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub tags: Vec<TagLink>,
    pub lang: String,
    pub text_lang: String,
    pub text_dir: &'static str,
    pub fallback: bool,
    pub draft: bool,
    pub embargoed: bool,
    pub embargo_display: Option<String>,
    /// A translation made from an older version of the original.
    pub outdated: bool,
    /// The original (default language), for the "outdated" notice.
    pub original: Option<OriginalView>,
    pub kind: crate::content::Kind,
    pub section: String,
    pub headings: Vec<HeadingView>,
    pub word_count: usize,
}

pub fn dir_of(config: &Config, lang: &str) -> &'static str {
    config
        .language(lang)
        .map(|l| l.dir.as_str())
        .unwrap_or("ltr")
}

pub fn site_view(config: &Config, lang: &str) -> SiteView {
    SiteView {
        title: config.title.get(lang, &config.default_language).to_string(),
        description: config
            .description
            .as_ref()
            .map(|d| d.get(lang, &config.default_language).to_string()),
        base_url: config.base_url.clone(),
        default_language: config.default_language.clone(),
        languages: config
            .languages
            .iter()
            .map(|l| LanguageView {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.dir.as_str(),
                url: config.lang_prefix(&l.code),
            })
            .collect(),
    }
}

/// The list item of an entry, built once.
pub fn item(
    config: &Config,
    lib: &Library,
    records: &crate::records::Records,
    id: EntryId,
) -> ItemView {
    let e = &lib.entries[id];
    let p = lib.page_of(id);
    let date = p.fm.date.map(|d| d.date());
    ItemView {
        title: lib.title(id),
        url: e.url.clone(),
        date: date.map(|d| i18n::format_date(d, &e.lang, DateStyle::Long)),
        date_iso: date.map(|d| d.to_string()),
        summary: e.summary.clone(),
        lang: e.lang.clone(),
        text_lang: p.lang.clone(),
        text_dir: dir_of(config, &p.lang),
        fallback: e.fallback,
        draft: e.draft,
        embargoed: e.embargoed,
        embargo_display: p
            .fm
            .publish_after
            .map(|d| i18n::format_date(d.date(), &e.lang, DateStyle::Long)),
        kind: e.kind,
        status: p.fm.status.map(crate::content::Status::as_str),
        days: if e.kind == crate::content::Kind::Prisoners {
            records.custody_days(&p.fm)
        } else {
            None
        },
    }
}

/// The full view of an entry for its own page.
pub fn page_view(config: &Config, lib: &Library, id: EntryId) -> PageView {
    let e = &lib.entries[id];
    let p = lib.page_of(id);
    let fmt = |d: chrono::NaiveDate| i18n::format_date(d, &e.lang, DateStyle::Long);
    let tags =
        p.fm.tags
            .iter()
            .flatten()
            .map(|t| TagLink {
                name: t.clone(),
                url: format!(
                    "{}tags/{}/",
                    config.lang_prefix(&e.lang),
                    crate::util::slugify(t)
                ),
            })
            .collect();
    PageView {
        title: lib.title(id),
        url: e.url.clone(),
        content: markdown::substitute(&p.body.html, &e.link_urls),
        summary: e.summary.clone(),
        date: p.fm.date.map(|d| fmt(d.date())),
        date_iso: p.fm.date.map(|d| d.date().to_string()),
        updated: p.fm.updated.map(|d| fmt(d.date())),
        updated_iso: p.fm.updated.map(|d| d.date().to_string()),
        tags,
        lang: e.lang.clone(),
        text_lang: p.lang.clone(),
        text_dir: dir_of(config, &p.lang),
        fallback: e.fallback,
        draft: e.draft,
        embargoed: e.embargoed,
        embargo_display: p.fm.publish_after.map(|d| fmt(d.date())),
        outdated: e.outdated,
        original: lib
            .entry(&e.canonical, &config.default_language)
            .filter(|&o| o != id)
            .map(|o| OriginalView {
                url: lib.entries[o].url.clone(),
                title: lib.title(o),
                lang: config.default_language.clone(),
            }),
        kind: e.kind,
        section: e.section.clone(),
        headings: p
            .body
            .headings
            .iter()
            .map(|h| HeadingView {
                level: h.level,
                id: h.id.clone(),
                text: h.text.clone(),
            })
            .collect(),
        word_count: p.body.word_count,
    }
}

/// A generated page's address in a language, `None` where that language has no such page.
pub type SamePath<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The language switcher of a page: every site language, linking to the same page in it
/// (or to that language's home when the page does not exist there). `same_path` gives a
/// generated page's address in a language, `None` where that language has no such page.
pub fn switcher(
    config: &Config,
    lib: &Library,
    canonical: Option<&str>,
    lang: &str,
    same_path: Option<SamePath<'_>>,
) -> Vec<SwitchItem> {
    config
        .languages
        .iter()
        .map(|l| {
            let entry = canonical.and_then(|c| lib.entry(c, &l.code));
            let generated = match (entry, same_path) {
                (None, Some(f)) => f(&l.code),
                _ => None,
            };
            let url = match (entry, &generated) {
                (Some(e), _) => lib.entries[e].url.clone(),
                (None, Some(u)) => u.clone(),
                (None, None) => config.lang_prefix(&l.code),
            };
            SwitchItem {
                lang: l.code.clone(),
                name: i18n::autonym(&l.code)
                    .map(str::to_string)
                    .filter(|_| l.name == l.code)
                    .unwrap_or_else(|| l.name.clone()),
                dir: l.dir.as_str(),
                url,
                current: l.code == lang,
                translated: match entry {
                    Some(e) => !lib.entries[e].fallback,
                    None => generated.is_some(),
                },
            }
        })
        .collect()
}

/// hreflang alternates: the real translations (fallback copies are not alternates).
pub fn alternates(config: &Config, lib: &Library, canonical: &str) -> Vec<Alternate> {
    let mut v: Vec<Alternate> = lib
        .translations(config, canonical)
        .filter(|&e| !lib.entries[e].fallback)
        .map(|e| Alternate {
            lang: lib.entries[e].lang.clone(),
            url: config.absolute(&lib.entries[e].url),
        })
        .collect();
    if v.len() > 1
        && let Some(d) = lib.entry(canonical, &config.default_language)
    {
        v.push(Alternate {
            lang: "x-default".into(),
            url: config.absolute(&lib.entries[d].url),
        });
    }
    v
}

/// The Content-Security-Policy of every page: nothing from another host, except the hosts the
/// site allows knowingly (`privacy.allow`), and no inline script.
pub fn csp(config: &Config) -> String {
    let allowed: String = config
        .privacy
        .allow
        .iter()
        .map(|h| {
            format!(
                " https://{}",
                h.trim_start_matches("https://").trim_end_matches('/')
            )
        })
        .collect();
    // Maps are SVG documents in <object>: Chromium checks those against frame-src too.
    let frames = format!(" 'self'{allowed}");
    format!(
        "default-src 'none'; img-src 'self'{allowed}; style-src 'self'; script-src 'self'; font-src 'self'; \
         object-src 'self'; media-src 'self'{allowed}; frame-src{frames}; connect-src 'self'; \
         form-action 'self'; base-uri 'none'"
    )
}

#[derive(Serialize)]
pub struct MirrorView {
    pub url: String,
    pub name: Option<String>,
    pub note: Option<String>,
    pub onion: bool,
    /// The site's own address (base_url), listed first.
    pub main: bool,
}

fn is_onion(url: &str) -> bool {
    url.split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .is_some_and(|h| h.ends_with(".onion"))
}

/// The campaign's address (site.yaml's base_url), its mirrors from site.yaml, and, in a mirror's
/// build with `--base-url`, the mirror's own address when site.yaml does not list it.
pub fn mirrors(config: &Config) -> Vec<MirrorView> {
    let view = |url: &str, name: Option<String>, note: Option<String>, main: bool| MirrorView {
        url: url.to_string(),
        name,
        note,
        onion: is_onion(url),
        main,
    };
    let mut v = vec![view(&config.campaign_url, None, None, true)];
    v.extend(
        config
            .mirrors
            .iter()
            .filter(|m| m.url != config.campaign_url)
            .map(|m| view(&m.url, m.name.clone(), m.note.clone(), false)),
    );
    if !v.iter().any(|m| m.url == config.base_url) {
        v.push(view(&config.base_url, None, None, false));
    }
    v
}

/// `/mirrors.json`: the same list for programs (and for mirrors that check each other).
pub fn mirrors_json(config: &Config) -> String {
    let list: Vec<serde_json::Value> = mirrors(config)
        .into_iter()
        .map(|m| serde_json::json!({ "url": m.url, "name": m.name, "note": m.note, "onion": m.onion, "main": m.main }))
        .collect();
    let doc = serde_json::json!({
        "title": config.title.get(&config.default_language, &config.default_language),
        "base_url": config.campaign_url,
        "signing_key": config.signing_key,
        "mirrors": list,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The onion mirror's base URL, for the Onion-Location hint Tor Browser shows.
pub fn onion_base(config: &Config) -> Option<String> {
    config
        .mirrors
        .iter()
        .map(|m| m.url.as_str())
        .find(|u| is_onion(u))
        .map(|u| {
            if u.ends_with('/') {
                u.to_string()
            } else {
                format!("{u}/")
            }
        })
}
