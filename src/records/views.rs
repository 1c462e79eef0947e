//! The views of prisoners, cases and appeals that templates get, per page and language.
//! Data only: labels and counted phrases come from the theme's strings (`t(key=…)`) in the
//! templates, so translators and theme authors control the words.

use super::Records;
use crate::config::Config;
use crate::content::{EntryId, Library, Status};
use crate::i18n::{self, DateStyle};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct DateView {
    pub display: String,
    pub iso: String,
}

pub fn date_view(d: NaiveDate, lang: &str) -> DateView {
    DateView {
        display: i18n::format_date(d, lang, DateStyle::Long),
        iso: d.to_string(),
    }
}

/// The language of a value shown on a page in another language: a fallback copy's values and
/// the keys a translation leaves to its original are in the original's language, so templates
/// mark (and bidi-isolate) them with `lang` and `dir`. `None` when the value is in the page's own
/// language.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct TextLang {
    pub lang: String,
    pub dir: &'static str,
}

fn text_lang(config: &Config, page_lang: &str, text: &str) -> Option<TextLang> {
    (text != page_lang).then(|| TextLang {
        lang: text.to_string(),
        dir: config.language(text).map_or("ltr", |l| l.dir.as_str()),
    })
}

/// The language of front matter key `key` as entry `id` shows it.
fn key_lang(config: &Config, lib: &Library, id: EntryId, key: &str) -> Option<TextLang> {
    let e = &lib.entries[id];
    let p = lib.page_of(id);
    let inherited =
        !e.fallback && !p.owns(key) && lib.file(&p.canonical, &config.default_language).is_some();
    let from = if inherited {
        config.default_language.as_str()
    } else {
        p.lang.as_str()
    };
    text_lang(config, &e.lang, from)
}

/// The language of the title of entry `target` shown on a page in `lang`.
fn title_lang(config: &Config, lib: &Library, target: EntryId, lang: &str) -> Option<TextLang> {
    text_lang(config, lang, &lib.page_of(target).lang)
}

#[derive(Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct PhotoView {
    pub url: String,
    pub thumb_url: String,
}

#[derive(Serialize)]
pub struct TimelineItem {
    pub date: DateView,
    pub text: String,
}

#[derive(Serialize)]
pub struct LettersView {
    /// Exactly as written, line breaks kept.
    pub address: Option<String>,
    pub address_lang: Option<TextLang>,
    /// Language names in the page's language.
    pub languages: Vec<String>,
    pub note: Option<String>,
    pub note_lang: Option<TextLang>,
}

#[derive(Serialize)]
pub struct PrisonerView {
    pub name: String,
    /// `detained`, `house_arrest`, …: for `t(key="status-" ~ prisoner.status)`.
    pub status: Option<&'static str>,
    pub in_custody: bool,
    pub arrested: Option<DateView>,
    pub released: Option<DateView>,
    pub born: Option<DateView>,
    pub days: Option<i64>,
    pub case: Option<LinkView>,
    /// The language of the case's title (an untranslated case).
    pub case_lang: Option<TextLang>,
    pub charges: Vec<String>,
    pub charges_lang: Option<TextLang>,
    pub sentence: Option<String>,
    pub sentence_lang: Option<TextLang>,
    pub city: Option<String>,
    pub city_lang: Option<TextLang>,
    /// The country's name in the page's language.
    pub country: Option<String>,
    pub recognized_by: Vec<String>,
    pub recognized_by_lang: Option<TextLang>,
    pub photo: Option<PhotoView>,
    pub timeline: Vec<TimelineItem>,
    /// The language of the timeline's texts.
    pub timeline_lang: Option<TextLang>,
    pub letters: Option<LettersView>,
}

pub fn prisoner(config: &Config, lib: &Library, r: &Records, id: EntryId) -> PrisonerView {
    let e = &lib.entries[id];
    let lang = e.lang.as_str();
    let p = lib.page_of(id);
    let fm = &p.fm;
    let case = fm.case.as_ref().and_then(|c| {
        let target = lib.entry(&format!("cases/{c}.md"), lang)?;
        Some(LinkView {
            title: lib.title(target),
            url: lib.entries[target].url.clone(),
        })
    });
    let case_lang = fm
        .case
        .as_ref()
        .and_then(|c| lib.entry(&format!("cases/{c}.md"), lang))
        .and_then(|t| title_lang(config, lib, t, lang));
    // The original's letters block: its address is always published, its note when this page
    // gives none.
    let original = (!e.fallback && p.lang != config.default_language)
        .then(|| lib.file(&p.canonical, &config.default_language))
        .flatten()
        .and_then(|o| lib.pages.get(o))
        .and_then(|o| o.fm.letters.as_ref());
    let letters_lang = |same: bool| {
        if same {
            text_lang(config, lang, &config.default_language)
        } else {
            text_lang(config, lang, &p.lang)
        }
    };
    let mut timeline: Vec<TimelineItem> = fm
        .timeline
        .iter()
        .flatten()
        .map(|t| TimelineItem {
            date: date_view(t.date.date(), lang),
            text: t.text.clone(),
        })
        .collect();
    timeline.sort_by(|a, b| a.date.iso.cmp(&b.date.iso));
    let letters = fm.letters.as_ref().map(|l| LettersView {
        address: l
            .address
            .as_ref()
            .map(|a| a.trim_end().to_string())
            .filter(|a| !a.trim().is_empty()),
        address_lang: letters_lang(original.is_some_and(|o| o.address.is_some())),
        languages: l
            .languages
            .iter()
            .flatten()
            .map(|code| {
                i18n::language_name(code, lang)
                    .or_else(|| i18n::autonym(code))
                    .map(str::to_string)
                    .unwrap_or_else(|| code.clone())
            })
            .collect(),
        note: l.note.clone().filter(|n| !n.trim().is_empty()),
        note_lang: letters_lang(original.is_some_and(|o| o.note.is_some() && o.note == l.note)),
    });
    PrisonerView {
        name: fm.name.clone().unwrap_or_else(|| lib.title(id)),
        status: fm.status.map(Status::as_str),
        in_custody: fm.status.is_some_and(Status::in_custody),
        arrested: fm.arrested.map(|d| date_view(d.date(), lang)),
        released: fm.released.map(|d| date_view(d.date(), lang)),
        born: fm.born.map(|d| date_view(d.date(), lang)),
        days: r.custody_days(fm),
        case,
        case_lang,
        charges: fm.charges.clone().unwrap_or_default(),
        charges_lang: key_lang(config, lib, id, "charges"),
        sentence: fm.sentence.clone(),
        sentence_lang: key_lang(config, lib, id, "sentence"),
        city: fm.city.clone(),
        city_lang: key_lang(config, lib, id, "city"),
        country: fm.country.as_ref().map(|cc| {
            crate::geo::country_name(&cc.to_uppercase(), lang)
                .map(str::to_string)
                .unwrap_or_else(|| cc.clone())
        }),
        recognized_by: fm.recognized_by.clone().unwrap_or_default(),
        recognized_by_lang: key_lang(config, lib, id, "recognized_by"),
        photo: r.photos.get(&e.canonical).map(|p| PhotoView {
            url: format!("/{}", crate::content::encode_path(&p.rel)),
            thumb_url: format!("/{}", crate::content::encode_path(&p.thumb)),
        }),
        timeline,
        timeline_lang: key_lang(config, lib, id, "timeline"),
        letters,
    }
}

/// A prisoner in a list: enough for a row (name, status, days, photo).
#[derive(Serialize)]
pub struct PrisonerRow {
    pub title: String,
    pub url: String,
    pub status: Option<&'static str>,
    pub days: Option<i64>,
    pub thumb_url: Option<String>,
    pub fallback: bool,
    pub text_lang: String,
    pub text_dir: &'static str,
}

pub fn row(config: &Config, lib: &Library, r: &Records, id: EntryId) -> PrisonerRow {
    let e = &lib.entries[id];
    let p = lib.page_of(id);
    PrisonerRow {
        title: p.fm.name.clone().unwrap_or_else(|| lib.title(id)),
        url: e.url.clone(),
        status: p.fm.status.map(Status::as_str),
        days: r.custody_days(&p.fm),
        thumb_url: r
            .photos
            .get(&e.canonical)
            .map(|ph| format!("/{}", crate::content::encode_path(&ph.thumb))),
        fallback: e.fallback,
        text_lang: p.lang.clone(),
        text_dir: config.language(&p.lang).map_or("ltr", |l| l.dir.as_str()),
    }
}

#[derive(Serialize)]
pub struct StatusGroup {
    pub status: &'static str,
    pub count: usize,
    pub rows: Vec<PrisonerRow>,
}

#[derive(Serialize)]
pub struct CaseGroup {
    pub title: String,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct PrisonersIndex {
    /// Everyone with a published profile, in any language.
    pub total: usize,
    /// Those with a profile in this language (listed on its prisoners page).
    pub listed: usize,
    pub in_custody: usize,
    pub by_status: Vec<StatusGroup>,
    pub by_case: Vec<CaseGroup>,
    /// Prisoners whose `case:` names no case, in name order.
    pub without_case: usize,
}

/// The prisoners of `lang`, grouped by status (in the order of SPEC) and by case.
pub fn prisoners_index(config: &Config, lib: &Library, r: &Records, lang: &str) -> PrisonersIndex {
    let ids: Vec<EntryId> = lib
        .sections
        .get("prisoners")
        .and_then(|s| s.pages.get(lang))
        .cloned()
        .unwrap_or_default();
    let mut by_status = Vec::new();
    for st in Status::ALL {
        let mut rows: Vec<PrisonerRow> = ids
            .iter()
            .filter(|&&i| lib.page_of(i).fm.status == Some(st))
            .map(|&i| row(config, lib, r, i))
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| a.title.cmp(&b.title));
        by_status.push(StatusGroup {
            status: st.as_str(),
            count: rows.len(),
            rows,
        });
    }
    // Counts are facts, not translations: with `untranslated: skip` a language without a
    // profile's translation still counts the person (once, whatever languages they are in).
    let mut everyone: std::collections::BTreeMap<&str, EntryId> = Default::default();
    for (i, e) in lib.entries.iter().enumerate() {
        if e.kind == crate::content::Kind::Prisoners && !e.is_index && !e.draft && !e.embargoed {
            everyone.entry(e.canonical.as_str()).or_insert(i);
        }
    }
    let in_custody = everyone
        .values()
        .filter(|&&i| lib.page_of(i).fm.status.is_some_and(Status::in_custody))
        .count();
    let mut by_case: Vec<CaseGroup> = r
        .case_members
        .keys()
        .filter_map(|c| {
            let e = lib.entry(c, lang)?;
            Some(CaseGroup {
                title: lib.title(e),
                url: lib.entries[e].url.clone(),
                count: r.members(config, lib, c, lang).len(),
            })
        })
        .collect();
    by_case.sort_by(|a, b| b.count.cmp(&a.count).then(a.title.cmp(&b.title)));
    let without_case = ids
        .iter()
        .filter(|&&i| lib.page_of(i).fm.case.is_none())
        .count();
    PrisonersIndex {
        total: everyone.len().max(ids.len()),
        listed: ids.len(),
        in_custody,
        by_status,
        by_case,
        without_case,
    }
}

#[derive(Serialize)]
pub struct CaseView {
    pub count: usize,
    pub in_custody: usize,
    pub prisoners: Vec<PrisonerRow>,
}

pub fn case(config: &Config, lib: &Library, r: &Records, id: EntryId) -> CaseView {
    let e = &lib.entries[id];
    let members = r.members(config, lib, &e.canonical, &e.lang);
    let prisoners: Vec<PrisonerRow> = members.iter().map(|&m| row(config, lib, r, m)).collect();
    CaseView {
        count: prisoners.len(),
        in_custody: members
            .iter()
            .filter(|&&m| lib.page_of(m).fm.status.is_some_and(Status::in_custody))
            .count(),
        prisoners,
    }
}

#[derive(Serialize)]
pub struct ContactView {
    pub kind: &'static str,
    /// As the campaign wrote it.
    pub text: String,
    /// A link when one is safe to give: mailto:, t.me, signal.me.
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct ActionView {
    pub title: String,
    pub title_lang: Option<TextLang>,
    pub url: String,
    pub start: Option<DateView>,
    pub end: Option<DateView>,
    pub upcoming: bool,
}

#[derive(Serialize)]
pub struct AppealView {
    pub demands: Vec<String>,
    pub demands_lang: Option<TextLang>,
    pub signatories: Vec<String>,
    pub signatories_lang: Option<TextLang>,
    pub action: Option<ActionView>,
    pub contact: Vec<ContactView>,
}

/// The site's own contact channels (site.yaml `contact:`), for pages without their own.
pub fn site_contact(config: &Config) -> Vec<ContactView> {
    let c = &config.contact;
    let mut v = Vec::new();
    if let Some(t) = c.email.clone().filter(|s| !s.trim().is_empty()) {
        v.push(ContactView {
            kind: "email",
            href: email_href(&t),
            text: t,
        });
    }
    if let Some(t) = c.telegram.clone().filter(|s| !s.trim().is_empty()) {
        v.push(ContactView {
            kind: "telegram",
            href: telegram_href(&t),
            text: t,
        });
    }
    if let Some(t) = c.signal.clone().filter(|s| !s.trim().is_empty()) {
        v.push(ContactView {
            kind: "signal",
            href: signal_href(&t),
            text: t,
        });
    }
    v
}

pub fn appeal(config: &Config, lib: &Library, r: &Records, id: EntryId) -> AppealView {
    let e = &lib.entries[id];
    let fm = &lib.page_of(id).fm;
    let action = fm.action.as_ref().and_then(|a| {
        let t = lib.entry(&format!("events/{a}.md"), &e.lang)?;
        let tfm = &lib.page_of(t).fm;
        let start = tfm.start.map(|d| d.date());
        let end = tfm.end.map(|d| d.date()).or(start);
        Some(ActionView {
            title: lib.title(t),
            title_lang: title_lang(config, lib, t, &e.lang),
            url: lib.entries[t].url.clone(),
            start: start.map(|d| date_view(d, &e.lang)),
            end: tfm.end.map(|d| date_view(d.date(), &e.lang)),
            upcoming: end.is_some_and(|d| d >= r.today),
        })
    });
    let mut contact = Vec::new();
    let c = fm.contact.clone().unwrap_or_default();
    let site = &config.contact;
    let pick = |own: &Option<String>, site: &Option<String>| {
        own.clone()
            .or_else(|| site.clone())
            .filter(|s| !s.trim().is_empty())
    };
    if let Some(t) = pick(&c.email, &site.email) {
        contact.push(ContactView {
            kind: "email",
            href: email_href(&t),
            text: t,
        });
    }
    if let Some(t) = pick(&c.telegram, &site.telegram) {
        contact.push(ContactView {
            kind: "telegram",
            href: telegram_href(&t),
            text: t,
        });
    }
    if let Some(t) = pick(&c.signal, &site.signal) {
        contact.push(ContactView {
            kind: "signal",
            href: signal_href(&t),
            text: t,
        });
    }
    AppealView {
        demands: fm.demands.clone().unwrap_or_default(),
        demands_lang: key_lang(config, lib, id, "demands"),
        signatories: fm.signatories.clone().unwrap_or_default(),
        signatories_lang: key_lang(config, lib, id, "signatories"),
        action,
        contact,
    }
}

fn email_href(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches("mailto:");
    let (user, host) = s.split_once('@')?;
    let ok =
        |p: &str| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || "._+-".contains(c));
    (ok(user) && ok(host) && host.contains('.')).then(|| format!("mailto:{s}"))
}

/// `@name`, `name`, `t.me/name` or `https://t.me/name` -> `https://t.me/name`.
fn telegram_href(s: &str) -> Option<String> {
    let s = s.trim();
    let name = s
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("t.me/")
        .trim_start_matches("telegram.me/")
        .trim_start_matches('@');
    let ok = (4..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| format!("https://t.me/{name}"))
}

/// Only Signal's own links are linked; a phone number or username is shown as text, since a
/// `tel:` link could start a call from the wrong app.
fn signal_href(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = (s.starts_with("https://signal.me/") || s.starts_with("https://signal.group/"))
        && !s.contains(char::is_whitespace)
        && !s.contains(['"', '<', '>']);
    ok.then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_links_only_where_safe() {
        assert_eq!(
            email_href("a.b@example.org").as_deref(),
            Some("mailto:a.b@example.org")
        );
        assert_eq!(email_href("write to us"), None);
        assert_eq!(
            telegram_href("@bolotnaya_solidarity").as_deref(),
            Some("https://t.me/bolotnaya_solidarity")
        );
        assert_eq!(
            telegram_href("https://t.me/some_chan").as_deref(),
            Some("https://t.me/some_chan")
        );
        assert_eq!(telegram_href("javascript:alert(1)"), None);
        assert_eq!(signal_href("+44 7700 900123"), None);
        assert_eq!(
            signal_href("https://signal.me/#eu/abc").as_deref(),
            Some("https://signal.me/#eu/abc")
        );
    }
}
