//! What the campaign sections add to rendering: the `prisoner`, `case` and `appeal` views of
//! their pages, the grouped prisoners index and the home page's headline counts, the birthdays
//! calendar, and the list copies of profile photos.

use crate::config::Config;
use crate::content::{EntryId, Kind, Library, Status};
use crate::error::Error;
use crate::i18n::{Arg, Strings};
use crate::output::ics::{Calendar, Event, When};
use crate::output::images;
use crate::records::{Records, THUMB_WIDTH, views as rv};
use tera::Context;

/// Adds the view of a campaign page (`prisoner`, `case`, `appeal`) to its context.
pub(super) fn page_extras(
    config: &Config,
    lib: &Library,
    r: &Records,
    id: EntryId,
    c: &mut Context,
) {
    match lib.entries[id].kind {
        Kind::Prisoners => c.insert("prisoner", &rv::prisoner(config, lib, r, id)),
        Kind::Cases => c.insert("case", &rv::case(config, lib, r, id)),
        Kind::Appeals => c.insert("appeal", &rv::appeal(config, lib, r, id)),
        _ => {}
    }
}

/// The grouped prisoners index for `prisoners/`, and the headline counts for the home page.
pub(super) fn list_extras(
    config: &Config,
    lib: &Library,
    r: &Records,
    section: &str,
    lang: &str,
    c: &mut Context,
) {
    if section == "prisoners" || (section.is_empty() && lib.sections.contains_key("prisoners")) {
        c.insert("prisoners", &rv::prisoners_index(config, lib, r, lang));
        c.insert(
            "birthdays_url",
            &has_birthdays(lib, lang)
                .then(|| format!("{}prisoners/birthdays.ics", config.lang_prefix(lang))),
        );
    } else {
        c.insert("prisoners", &tera::Value::none());
        c.insert("birthdays_url", &tera::Value::none());
    }
}

/// Whether `lang` has anyone in custody with a birth date.
pub(super) fn has_birthdays(lib: &Library, lang: &str) -> bool {
    birthday_people(lib, lang).next().is_some()
}

fn birthday_people<'a>(lib: &'a Library, lang: &'a str) -> impl Iterator<Item = EntryId> + 'a {
    lib.sections
        .get("prisoners")
        .and_then(|s| s.pages.get(lang))
        .into_iter()
        .flatten()
        .copied()
        .filter(move |&i| {
            let fm = &lib.page_of(i).fm;
            fm.born.is_some()
                && fm.status.is_some_and(Status::in_custody)
                && !lib.entries[i].draft
                && !lib.entries[i].embargoed
        })
}

/// `/prisoners/birthdays.ics` of a language: one yearly event per person in custody with a
/// `born` date, with the address for postcards.
pub(super) fn birthdays(
    config: &Config,
    lib: &Library,
    r: &Records,
    strings: &Strings,
    lang: &str,
) -> Result<String, Error> {
    let host = config.host();
    let name = format!(
        "{} · {}",
        config.title.get(lang, &config.default_language),
        strings.t(lang, "birthdays-calendar-name", &[])
    );
    let mut cal = Calendar::new("-//samizdat//birthdays//EN", &name, r.now);
    for id in birthday_people(lib, lang) {
        let e = &lib.entries[id];
        let fm = &lib.page_of(id).fm;
        let Some(born) = fm.born else { continue };
        let person = fm.name.clone().unwrap_or_else(|| lib.title(id));
        let url = config.absolute(&e.url);
        let mut description = String::new();
        if let Some(addr) = fm
            .letters
            .as_ref()
            .and_then(|l| l.address.as_deref())
            .filter(|a| !a.trim().is_empty())
        {
            description.push_str(strings.t(lang, "letter-address", &[]).as_str());
            description.push_str(":\n");
            description.push_str(addr.trim_end());
            description.push_str("\n\n");
        }
        description.push_str(&url);
        let slug = e
            .canonical
            .trim_start_matches("prisoners/")
            .trim_end_matches(".md")
            .replace('/', "-");
        cal.push(Event {
            uid: format!("birthday-{slug}-{lang}@{host}"),
            start: When::Date(born.date()),
            end: None,
            summary: strings.t(lang, "birthday-event", &[("name", Arg::Str(person))]),
            description: Some(description),
            location: None,
            url: Some(url),
            geo: None,
            yearly: true,
            categories: vec!["birthday".into()],
        })
        .map_err(|e| e.at(&lib.page_of(id).shown))?;
    }
    Ok(cal.render())
}

/// The list copy of a profile photo, metadata-free; its size is checked against
/// [`images::MAX_PIXELS`] and [`images::MAX_MEMORY`] before it is decoded. `None` when the
/// photo itself cannot be published: the job that publishes it says why, once.
pub(super) fn thumbnail(bytes: &[u8]) -> Result<Option<Vec<u8>>, Error> {
    match images::kind_of(bytes) {
        Some(k @ (images::ImageKind::Jpeg | images::ImageKind::Png)) => {
            match images::thumbnail(bytes, k, THUMB_WIDTH) {
                Ok(t) => Ok(Some(t)),
                Err(_) if images::strip(bytes, k).is_err() => Ok(None),
                Err(e) => Err(e),
            }
        }
        _ => {
            Err(Error::input("a profile photo must be a JPEG or PNG image")
                .hint("convert it to JPEG"))
        }
    }
}
