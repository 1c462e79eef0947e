//! iCalendar (RFC 5545) files: the `.ics` of each action and `/prisoners/birthdays.ics`.
//!
//! Written by hand rather than with a crate because the format is small and the details that
//! make calendars break in real clients are exactly the ones we must control: CRLF line ends,
//! folding at 75 octets without splitting a UTF-8 sequence, TEXT escaping, and a VTIMEZONE for
//! every TZID that says what the zone really did in the years of the events. The VTIMEZONE is
//! derived from chrono-tz (submodule `vtimezone`) instead of a fixed table, so zones that changed
//! their rules (Europe/Moscow was +04 all year from 2011 to 2014, +03 since) come out right.
//!
//! Output is a pure function of the input: events are sorted by start then UID, DTSTAMP is the
//! moment passed in by the caller, floats have a fixed format. Callers pass the content's moment
//! ([`crate::records::content_moment`]), never the clock, so an unchanged site gives the same
//! bytes on every rebuild (see there for why that is what RFC 5545 asks of DTSTAMP under
//! `METHOD:PUBLISH`). Conventions a caller should know:
//! - `end` of an all-day event is the last day, inclusive; the file says the day after, as
//!   RFC 5545 wants (DTEND is exclusive).
//! - A timed event without `end` lasts two hours (`DEFAULT_DURATION_HOURS`) on the wall clock
//!   of its zone.
//! - A yearly event on 29 February recurs on the last day of February (BYMONTHDAY=-1), so a
//!   leap-day birthday shows up every year rather than every fourth (plain FREQ=YEARLY would
//!   skip non-leap years, RFC 5545 section 3.3.10).
//! - A calendar with no event has no component, which RFC 5545 strictly forbids but every
//!   client reads as an empty calendar; callers may prefer not to write one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

mod vtimezone;

/// A timed event without an end lasts this long (wall-clock hours in its zone).
pub(crate) const DEFAULT_DURATION_HOURS: i64 = 2;

/// When an event starts or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// An all-day event (no time, no zone).
    Date(NaiveDate),
    /// A wall-clock time in a named zone: a picket at 14:00 in London.
    Local(NaiveDateTime, Tz),
    /// An instant in UTC.
    Utc(DateTime<Utc>),
}

/// One VEVENT. `uid` must be stable across builds (e.g. `picket-<hash>@site-host`) and unique
/// in its calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid: String,
    pub start: When,
    /// For [`When::Date`]: the last day, inclusive. For times: the end instant.
    pub end: Option<When>,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    /// Latitude, longitude in degrees.
    pub geo: Option<(f64, f64)>,
    /// Recurs every year (`RRULE:FREQ=YEARLY`), for birthdays.
    pub yearly: bool,
    pub categories: Vec<String>,
}

/// A VCALENDAR being assembled; [`Calendar::render`] writes it.
#[derive(Debug, Clone)]
pub struct Calendar {
    prodid: String,
    name: String,
    dtstamp: DateTime<Utc>,
    events: Vec<Checked>,
    uids: BTreeSet<String>,
}

/// An event that passed validation, with its DTEND worked out (exclusive for dates).
#[derive(Debug, Clone)]
struct Checked {
    event: Event,
    dtend: When,
    sort_key: i64,
}

impl Calendar {
    /// `dtstamp` is every event's DTSTAMP: the moment the calendar's information was created,
    /// derived from the content ([`crate::records::content_moment`]). RFC 5545 §3.8.7.2: with
    /// METHOD (ours is PUBLISH) it is when this instance of the calendar object was created,
    /// which for a file made from the content is when that content was last revised; a clock
    /// here would change every calendar's bytes on every build.
    pub fn new(prodid: &str, name: &str, dtstamp: DateTime<Utc>) -> Self {
        Calendar {
            prodid: prodid.to_string(),
            name: name.to_string(),
            dtstamp,
            events: Vec::new(),
            uids: BTreeSet::new(),
        }
    }

    /// Adds an event after checking it: a non-empty, unique UID; an end of the same kind as
    /// the start and after it; years 1 to 9999; a latitude and longitude in range.
    /// The error names the UID; the caller adds the file it came from.
    pub fn push(&mut self, e: Event) -> Result<()> {
        let uid = e.uid.trim();
        if uid.is_empty() {
            return Err(
                Error::input(format!("calendar event `{}` has an empty UID", e.summary)).hint(
                    "every event needs a stable, unique UID such as `picket-<hash>@site-host`",
                ),
            );
        }
        if uid.chars().any(char::is_control) {
            return Err(Error::input(format!(
                "calendar event UID `{}` contains a control character",
                uid.escape_debug()
            )));
        }
        if self.uids.contains(&e.uid) {
            return Err(
                Error::input(format!("two calendar events have the UID `{}`", e.uid)).hint(
                    "calendar clients treat events with one UID as one event; make UIDs unique",
                ),
            );
        }
        let fail = |msg: &str| Error::input(format!("calendar event `{}`: {msg}", e.uid));
        let dtend = match (e.start, e.end) {
            (When::Date(d), None) => {
                When::Date(d.succ_opt().ok_or_else(|| fail("date out of range"))?)
            }
            (When::Date(d), Some(When::Date(last))) => {
                if last < d {
                    return Err(fail(&format!("ends on {last}, before it starts on {d}")));
                }
                When::Date(last.succ_opt().ok_or_else(|| fail("date out of range"))?)
            }
            (When::Date(_), Some(_)) | (When::Local(..) | When::Utc(_), Some(When::Date(_))) => {
                return Err(fail(
                    "an all-day start needs an all-day end, a timed start a timed end",
                ));
            }
            (When::Local(t, tz), None) => {
                let end = t.checked_add_signed(Duration::hours(DEFAULT_DURATION_HOURS));
                When::Local(end.ok_or_else(|| fail("time out of range"))?, tz)
            }
            (When::Utc(t), None) => {
                let end = t.checked_add_signed(Duration::hours(DEFAULT_DURATION_HOURS));
                When::Utc(end.ok_or_else(|| fail("time out of range"))?)
            }
            (start, Some(end)) => {
                if instant(end) <= instant(start) {
                    return Err(fail("ends before it starts"));
                }
                end
            }
        };
        for w in [e.start, dtend] {
            if !(1..=9999).contains(&naive(w).year()) {
                return Err(fail("year out of range 1-9999"));
            }
        }
        if let Some((lat, lon)) = e.geo {
            let ok = lat.is_finite() && lon.is_finite();
            if !ok || lat.abs() > 90.0 || lon.abs() > 180.0 {
                return Err(fail(&format!(
                    "position {lat}, {lon} is not a latitude, longitude"
                )));
            }
        }
        if let Some(u) = &e.url
            && u.chars().any(|c| c.is_control() || c == ' ')
        {
            return Err(fail("URL contains a space or a control character"));
        }
        self.uids.insert(e.uid.clone());
        let sort_key = instant(e.start);
        self.events.push(Checked {
            event: e,
            dtend,
            sort_key,
        });
        Ok(())
    }

    /// The whole VCALENDAR, CRLF line ends, folded; the same events give the same bytes.
    /// Each content line is assembled in one reused buffer and folded into the output, so a
    /// calendar of thousands of pickets allocates per calendar, not per line.
    pub fn render(&self) -> String {
        let mut events: Vec<&Checked> = self.events.iter().collect();
        events.sort_by(|a, b| (a.sort_key, &a.event.uid).cmp(&(b.sort_key, &b.event.uid)));

        let mut out = String::with_capacity(512 + 512 * events.len());
        let mut line = String::with_capacity(256);
        // `put(|l| ...)`: the line `l` is built in the buffer, then folded into `out`.
        let mut put = |f: &dyn Fn(&mut String)| {
            line.clear();
            f(&mut line);
            fold_into(&mut out, &line);
        };
        put(&|l| l.push_str("BEGIN:VCALENDAR"));
        put(&|l| l.push_str("VERSION:2.0"));
        put(&|l| {
            l.push_str("PRODID:");
            text_into(l, &self.prodid);
        });
        put(&|l| l.push_str("CALSCALE:GREGORIAN"));
        put(&|l| l.push_str("METHOD:PUBLISH"));
        put(&|l| {
            l.push_str("X-WR-CALNAME:");
            text_into(l, &self.name);
        });
        for (tz, first, last) in self.zone_years(&events).into_values() {
            out.push_str(&vtimezone::folded(tz, first, last));
        }
        let mut put = |f: &dyn Fn(&mut String)| {
            line.clear();
            f(&mut line);
            fold_into(&mut out, &line);
        };
        let dtstamp = self.dtstamp.format("%Y%m%dT%H%M%SZ").to_string();
        for c in events {
            let e = &c.event;
            put(&|l| l.push_str("BEGIN:VEVENT"));
            put(&|l| {
                l.push_str("UID:");
                text_into(l, &e.uid);
            });
            put(&|l| {
                l.push_str("DTSTAMP:");
                l.push_str(&dtstamp);
            });
            put(&|l| {
                l.push_str("DTSTART");
                value_into(l, e.start);
            });
            put(&|l| {
                l.push_str("DTEND");
                value_into(l, c.dtend);
            });
            if e.yearly {
                let d = naive(e.start).date();
                if d.month() == 2 && d.day() == 29 {
                    put(&|l| l.push_str("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"));
                } else {
                    put(&|l| l.push_str("RRULE:FREQ=YEARLY"));
                }
            }
            put(&|l| {
                l.push_str("SUMMARY:");
                text_into(l, &e.summary);
            });
            if let Some(d) = &e.description {
                put(&|l| {
                    l.push_str("DESCRIPTION:");
                    text_into(l, d);
                });
            }
            if let Some(loc) = &e.location {
                put(&|l| {
                    l.push_str("LOCATION:");
                    text_into(l, loc);
                });
            }
            if let Some((lat, lon)) = e.geo {
                put(&|l| {
                    let _ = write!(l, "GEO:{};{}", coord(lat), coord(lon));
                });
            }
            if let Some(u) = &e.url {
                put(&|l| {
                    l.push_str("URL:");
                    l.push_str(u);
                });
            }
            if e.categories.iter().any(|c| !c.trim().is_empty()) {
                put(&|l| {
                    l.push_str("CATEGORIES:");
                    let cats = e.categories.iter().filter(|c| !c.trim().is_empty());
                    for (i, cat) in cats.enumerate() {
                        if i > 0 {
                            l.push(',');
                        }
                        text_into(l, cat);
                    }
                });
            }
            put(&|l| l.push_str("END:VEVENT"));
        }
        put(&|l| l.push_str("END:VCALENDAR"));
        out
    }

    /// The years each zone must be described for: those its event times fall in, and for
    /// yearly timed events ten years past the DTSTAMP too (they recur into the future). Not
    /// the clock's year: the bytes must not change on New Year's Day alone.
    /// Keyed by zone name, which orders the VTIMEZONEs.
    fn zone_years(&self, events: &[&Checked]) -> BTreeMap<&'static str, (Tz, i32, i32)> {
        let mut zones: BTreeMap<&'static str, (Tz, i32, i32)> = BTreeMap::new();
        for c in events {
            for w in [c.event.start, c.dtend] {
                if let When::Local(t, tz) = w {
                    let mut last = t.year();
                    if c.event.yearly {
                        last = last.max(self.dtstamp.year()).saturating_add(10);
                    }
                    let span = zones.entry(tz.name()).or_insert((tz, t.year(), last));
                    span.1 = span.1.min(t.year());
                    span.2 = span.2.max(last);
                }
            }
        }
        zones
    }
}

/// Appends one content line, folded so no line exceeds 75 octets (continuations start with a
/// space, which counts), never inside a UTF-8 sequence, each ended by CRLF.
fn fold_into(out: &mut String, line: &str) {
    if line.len() <= 75 {
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let mut used = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(ch);
        used += n;
    }
    out.push_str("\r\n");
}

/// A TEXT value: backslash, semicolon and comma escaped, any line break as `\n`, other
/// control characters (which RFC 5545 does not allow in TEXT) dropped.
fn text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    text_into(&mut o, s);
    o
}

/// [`text`] appended to `o`.
fn text_into(o: &mut String, s: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                o.push_str("\\n");
            }
            '\n' => o.push_str("\\n"),
            '\t' => o.push('\t'),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
}

/// The parameters and value of DTSTART/DTEND, from the colon or semicolon on, appended to `o`.
fn value_into(o: &mut String, w: When) {
    let _ = match w {
        When::Date(d) => write!(o, ";VALUE=DATE:{}", d.format("%Y%m%d")),
        When::Local(t, tz) => write!(o, ";TZID={}:{}", tz.name(), t.format("%Y%m%dT%H%M%S")),
        When::Utc(t) => write!(o, ":{}", t.format("%Y%m%dT%H%M%SZ")),
    };
}

/// Six decimals (about 10 cm) and never `-0.000000`.
fn coord(x: f64) -> String {
    let s = format!("{x:.6}");
    if s == "-0.000000" {
        "0.000000".into()
    } else {
        s
    }
}

/// The wall-clock time of `w` (for dates, midnight).
fn naive(w: When) -> NaiveDateTime {
    match w {
        When::Date(d) => d.and_time(chrono::NaiveTime::MIN),
        When::Local(t, _) => t,
        When::Utc(t) => t.naive_utc(),
    }
}

/// Seconds since the epoch, for ordering. Dates count from midnight UTC; a local time in a
/// DST gap counts as if the clock had not moved.
fn instant(w: When) -> i64 {
    match w {
        When::Date(d) => d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp(),
        When::Utc(t) => t.timestamp(),
        When::Local(t, tz) => match tz.from_local_datetime(&t).earliest() {
            Some(dt) => dt.timestamp(),
            None => {
                let off = tz.offset_from_utc_datetime(&t).fix().local_minus_utc();
                t.and_utc().timestamp() - i64::from(off)
            }
        },
    }
}

#[cfg(test)]
mod tests;
