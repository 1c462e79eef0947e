//! Records: what the campaign sections know beyond plain pages — prisoners and their cases,
//! appeals and their actions — checked across pages and indexed once per build.
//!
//! [`Records::build`] runs after the library: it resolves `case:` and `action:` references
//! (an unknown name is an error at its line, with the nearest existing name), finds profile
//! photos among the page's assets, and builds the side indexes (case -> prisoners). The views
//! templates get (`prisoner`, `case`, `appeal`) are made per page from these indexes in
//! [`views`]. Days in custody are counted to the build's "today", so a build is reproducible
//! under `SOURCE_DATE_EPOCH`. Calendars are stamped with the content's moment
//! ([`content_moment`]), never the clock, so a rebuild on another day or hour writes the same
//! `.ics` bytes while the content is unchanged.

pub mod views;

use crate::config::Config;
use crate::content::{EntryId, FrontMatter, Kind, Library, Page};
use crate::error::{Errors, nearest};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A profile photo and its smaller copy for lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The asset inside content/: `prisoners/ivan.jpg`.
    pub rel: String,
    /// The resized copy written next to it: `prisoners/ivan.thumb.jpg`.
    pub thumb: String,
}

/// Width in pixels of the copies of profile photos shown in lists.
pub const THUMB_WIDTH: u32 = 400;

#[derive(Debug, Default)]
pub struct Records {
    pub today: NaiveDate,
    /// DTSTAMP of calendars: the content's moment ([`content_moment`]), not the clock's.
    pub now: chrono::DateTime<chrono::Utc>,
    /// Case canonical name -> prisoners' canonical names, sorted by name.
    pub case_members: BTreeMap<String, Vec<String>>,
    /// Page canonical name -> its photo.
    pub photos: BTreeMap<String, Photo>,
    /// Every photo asset that needs a list copy: asset rel -> thumb rel.
    pub thumbs: BTreeMap<String, String>,
}

/// The moment the content calendars are made of was last revised, as it says itself: the
/// latest `updated` (else `date`) of the published pages of actions and prisoners (the pages
/// pickets and birthdays come from); 1970-01-01 when none has one (as feeds do).
///
/// Calendars stamp their events with it (DTSTAMP). Our calendars say `METHOD:PUBLISH`, and
/// with a METHOD, RFC 5545 §3.8.7.2 makes DTSTAMP "the date and time that the instance of the
/// iCalendar object was created" (without one, the time the event's information was last
/// revised). A calendar file is a pure function of the content, so its instance comes into
/// being when that content was last revised, not when a build happened to run: stamping the
/// clock made every rebuild rewrite every calendar (and mirrors fetch them all again) although
/// no event changed. Other pages are left out: a news post changes no calendar, so it must not
/// make every calendar file new for mirrors. Embargoed pages and drafts are left out, so their
/// dates never show. A date still in the future (a page dated ahead) counts as the start of the
/// build's day, so a stamp never lies ahead of the build; it then moves once a day, which the
/// rebuild record ([`crate::output::fingerprint`]) accounts for by expiring at midnight.
///
/// One moment for all calendars, because the views that make the events do not carry their
/// page's dates: an action's edit with a new `updated` restamps the birthdays too.
pub fn content_moment(
    config: &Config,
    lib: &Library,
    now: chrono::DateTime<chrono::Utc>,
    today: NaiveDate,
) -> chrono::DateTime<chrono::Utc> {
    let day_start = crate::content::DateValue::Date(today).instant(config.timezone);
    (0..lib.entries.len())
        .filter(|&e| {
            let e = &lib.entries[e];
            !e.is_index && matches!(e.kind, Kind::Events | Kind::Prisoners)
        })
        .filter_map(|e| {
            let fm = &lib.page_of(e).fm;
            fm.updated.or(fm.date)
        })
        .map(|d| d.instant(config.timezone))
        .map(|t| if t > now { day_start.min(now) } else { t })
        .max()
        .unwrap_or(chrono::DateTime::UNIX_EPOCH)
}

impl Records {
    /// The records of a site, and the warnings found on the way.
    pub fn build(
        config: &Config,
        lib: &Library,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Records, Errors), Errors> {
        let mut errs = Errors::new();
        let today = match config.timezone {
            Some(tz) => now.with_timezone(&tz).date_naive(),
            None => now.date_naive(),
        };
        let mut r = Records {
            today,
            now: content_moment(config, lib, now, today),
            ..Records::default()
        };
        let cases: Vec<&str> = published_in(lib, "cases/");
        let events: Vec<&str> = published_in(lib, "events/");
        let mut members: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
        // Unpublished pages (drafts, embargoes) are checked when they are published: their
        // photo, for one, is held back with them.
        let shown: BTreeSet<crate::content::PageId> = lib.entries.iter().map(|e| e.page).collect();
        for (pid, p) in lib.pages.iter().enumerate() {
            if p.is_index || !shown.contains(&pid) {
                continue;
            }
            let is_original = p.lang == config.default_language || !has_original(lib, config, p);
            match p.kind {
                Kind::Prisoners => {
                    if let Some(case) = &p.fm.case {
                        let target = format!("cases/{case}.md");
                        if lib.translations(config, &target).next().is_some() {
                            if is_original {
                                let name =
                                    p.fm.name
                                        .clone()
                                        .or_else(|| p.fm.title.clone())
                                        .unwrap_or_default();
                                members
                                    .entry(target)
                                    .or_default()
                                    .insert((name, p.canonical.clone()));
                            }
                        } else if p.owns("case") {
                            errs.push(reference_error(p, "case", case, "cases", &cases));
                        }
                    }
                    if ["arrested", "released", "born", "status"]
                        .iter()
                        .any(|k| p.owns(k))
                    {
                        check_dates(p, today, &mut errs);
                    }
                    if let Some(photo) = p.fm.photo.as_ref().filter(|_| p.owns("photo")) {
                        match resolve_asset(lib, p, photo) {
                            Some(rel) => {
                                let thumb = thumb_name(&rel);
                                if lib.asset_set.contains(&thumb) {
                                    errs.push(p.error_at("photo", format!("the list copy of the photo would replace {thumb}")).hint("rename that file"));
                                }
                                r.thumbs.insert(rel.clone(), thumb.clone());
                                r.photos.insert(p.canonical.clone(), Photo { rel, thumb });
                            }
                            None => errs.push(
                                p.error_at("photo", format!("photo `{photo}` is not a file next to the page"))
                                    .hint("put the photo in the same folder as the .md file and write `photo: ./NAME.jpg`"),
                            ),
                        }
                    }
                }
                Kind::Appeals => {
                    if let Some(action) = &p.fm.action
                        && lib
                            .translations(config, &format!("events/{action}.md"))
                            .next()
                            .is_none()
                        && p.owns("action")
                    {
                        errs.push(reference_error(p, "action", action, "events", &events));
                    }
                }
                _ => {}
            }
        }
        r.case_members = members
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(|(_, c)| c).collect()))
            .collect();
        let errs = errs.sorted();
        if errs.has_errors() {
            Err(errs)
        } else {
            Ok((r, errs))
        }
    }

    /// Days in custody as of the build day: from arrest to release, or to today for those in
    /// custody. None when the dates do not allow counting.
    pub fn custody_days(&self, fm: &FrontMatter) -> Option<i64> {
        let arrested = fm.arrested?.date();
        let end = match (fm.released, fm.status) {
            (Some(r), _) => r.date(),
            (None, Some(s)) if s.in_custody() => self.today,
            _ => return None,
        };
        let days = (end - arrested).num_days();
        (days >= 0).then_some(days)
    }

    /// Prisoner entries of a case in `lang`, in name order.
    pub fn members(
        &self,
        config: &Config,
        lib: &Library,
        case_canonical: &str,
        lang: &str,
    ) -> Vec<EntryId> {
        let _ = config;
        self.case_members
            .get(case_canonical)
            .into_iter()
            .flatten()
            .filter_map(|c| lib.entry(c, lang))
            .collect()
    }
}

fn published_in<'a>(lib: &'a Library, prefix: &str) -> Vec<&'a str> {
    let mut names: Vec<&str> = lib
        .entries
        .iter()
        .filter(|e| {
            !e.is_index
                && e.canonical.starts_with(prefix)
                && !e.canonical[prefix.len()..].contains('/')
        })
        .map(|e| e.canonical[prefix.len()..].trim_end_matches(".md"))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn has_original(lib: &Library, config: &Config, p: &Page) -> bool {
    lib.file(&p.canonical, &config.default_language).is_some()
}

fn reference_error(p: &Page, key: &str, value: &str, folder: &str, known: &[&str]) -> crate::Error {
    let e = p.error_at(key, format!("{key} `{value}` names no page in {folder}/"));
    match nearest(value, known.iter().copied()) {
        Some(n) => e.hint(format!(
            "did you mean `{n}`? ({key}: is the file name of a page in {folder}/, without .md)"
        )),
        None if known.is_empty() => {
            e.hint(format!("create {folder}/{value}.md, or remove `{key}:`"))
        }
        None => e.hint(format!(
            "pages in {folder}/: {}",
            known
                .iter()
                .take(12)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn check_dates(p: &Page, today: NaiveDate, errs: &mut Errors) {
    let fm = &p.fm;
    if let (Some(a), Some(r)) = (fm.arrested, fm.released)
        && r.date() < a.date()
    {
        errs.push(
            p.error_at(
                "released",
                format!(
                    "released on {} is before arrested on {}",
                    r.date(),
                    a.date()
                ),
            )
            .hint("check both dates"),
        );
    }
    if let Some(a) = fm.arrested
        && a.date() > today
    {
        errs.push(p.warning_at(
            "arrested",
            format!("arrested on {}, which is after today ({today})", a.date()),
        ));
    }
    if let (Some(b), Some(a)) = (fm.born, fm.arrested)
        && b.date() >= a.date()
    {
        errs.push(
            p.error_at(
                "born",
                format!(
                    "born on {}, not before the arrest on {}",
                    b.date(),
                    a.date()
                ),
            )
            .hint("check both dates"),
        );
    }
    if fm.status.is_some_and(|s| s.in_custody()) && fm.released.is_some() {
        errs.push(
            p.warning_at(
                "released",
                "a release date, but the status says the person is still in custody",
            )
            .hint("set `status: released` (or exile), or remove `released:`"),
        );
    }
}

/// `./a.jpg`, `a.jpg` or `../x/a.jpg` relative to the page, when it is an asset of content/.
fn resolve_asset(lib: &Library, p: &Page, photo: &str) -> Option<String> {
    let rel = crate::content::normalize_link(p.dir(), photo.trim())?;
    // A set, not a scan: 10,000 profiles with photos would compare 10,000 × 10,000 names.
    lib.asset_set.contains(&rel).then_some(rel)
}

/// `prisoners/ivan.jpg` -> `prisoners/ivan.thumb.jpg`.
pub fn thumb_name(rel: &str) -> String {
    match rel.rfind('.') {
        Some(i) if !rel[i..].contains('/') => format!("{}.thumb{}", &rel[..i], &rel[i..]),
        _ => format!("{rel}.thumb"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumb_names() {
        assert_eq!(thumb_name("prisoners/ivan.jpg"), "prisoners/ivan.thumb.jpg");
        assert_eq!(thumb_name("a.b/c"), "a.b/c.thumb");
    }

    #[test]
    fn days_in_custody() {
        let r = Records {
            today: NaiveDate::from_ymd_opt(2026, 1, 10).unwrap(),
            ..Records::default()
        };
        let fm = |s: &str| -> FrontMatter {
            crate::yaml::parse(s, std::path::Path::new("x"), 0).unwrap()
        };
        assert_eq!(
            r.custody_days(&fm("status: detained\narrested: 2026-01-01\n")),
            Some(9)
        );
        assert_eq!(
            r.custody_days(&fm(
                "status: released\narrested: 2015-07-29\nreleased: 2015-08-08\n"
            )),
            Some(10)
        );
        assert_eq!(
            r.custody_days(&fm("status: released\narrested: 2015-07-29\n")),
            None
        );
        assert_eq!(r.custody_days(&fm("status: detained\n")), None);
    }
}
