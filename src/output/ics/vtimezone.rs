//! VTIMEZONE components derived from chrono-tz, which does not expose its transition table:
//! we find the transitions by probing offsets and bisecting to the second.
//!
//! Each transition becomes its own STANDARD or DAYLIGHT sub-component with a single onset
//! (no RRULE). That is longer than a rule-based description but always true, including for
//! zones whose rules changed (Moscow 2011 and 2014) and zones with no DST at all. We list every
//! transition in the calendar years the events span, plus the one in force at the start of
//! that span, so a client finds the right offset for any time in those years. When the zone
//! has not changed for [`LOOK_BACK_YEARS`] before the span (Tokyo since 1951, UTC ever), the
//! observance in force is given an onset on 1 January that many years earlier instead: still
//! true, and it spares probing a century of history.

use chrono::{DateTime, NaiveDate, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz, TzOffset};

/// chrono-tz has no transitions outside these years; probing beyond them is wasted work.
const FIRST_YEAR: i32 = 1800;
const LAST_YEAR: i32 = 2100;
/// Probe step when walking forward through the event years. Two transitions closer than this
/// would be missed; in the tz data of chrono-tz 0.10 no zone has two within two days.
const STEP_FORWARD: i64 = 12 * 3600;
/// How far back we look for the transition in force at the start of the event years.
const LOOK_BACK_YEARS: i32 = 5;

/// What a zone observes at an instant: total UTC offset, DST part, abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    offset: i32,
    dst: i32,
    name: Option<String>,
}

#[derive(Debug, Clone)]
struct Transition {
    at: i64,
    from: State,
    to: State,
}

/// The zone's offset record at `t`; comparing two is cheap (no allocation), which matters
/// because we probe thousands of instants per zone.
fn probe(tz: Tz, t: i64) -> TzOffset {
    let when = DateTime::from_timestamp(t, 0)
        .unwrap_or_default()
        .naive_utc();
    tz.offset_from_utc_datetime(&when)
}

fn state(tz: Tz, t: i64) -> State {
    let off = probe(tz, t);
    State {
        offset: off.fix().local_minus_utc(),
        dst: i32::try_from(off.dst_offset().num_seconds()).unwrap_or(0),
        name: off.abbreviation().map(str::to_string),
    }
}

/// 1 January of `y`, 00:00 UTC, in seconds.
fn jan1(y: i32) -> i64 {
    NaiveDate::from_ymd_opt(y, 1, 1)
        .unwrap_or_default()
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .timestamp()
}

/// [`jan1`] within the years chrono-tz has data for.
fn year_start(y: i32) -> i64 {
    jan1(y.clamp(FIRST_YEAR, LAST_YEAR))
}

/// The first second in `(lo, hi]` whose offset differs from `at_lo`, given that `hi`'s does.
fn bisect(tz: Tz, mut lo: i64, mut hi: i64, at_lo: TzOffset) -> i64 {
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if probe(tz, mid) == at_lo {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Every transition in `[from, to)`.
fn transitions(tz: Tz, from: i64, to: i64) -> Vec<Transition> {
    let mut found = Vec::new();
    let mut t = from;
    let mut cur = probe(tz, t);
    while t < to {
        let next = (t + STEP_FORWARD).min(to);
        if probe(tz, next) == cur {
            t = next;
            continue;
        }
        let at = bisect(tz, t, next, cur);
        found.push(Transition {
            at,
            from: state(tz, t),
            to: state(tz, at),
        });
        t = at;
        cur = probe(tz, at);
    }
    found
}

/// The last transition before `t` if there was one in the `LOOK_BACK_YEARS` before it: step
/// back until the state differs, then take the last transition from there to `t`.
fn previous(tz: Tz, t: i64) -> Option<Transition> {
    let cur = probe(tz, t - 1);
    let floor = (t - i64::from(LOOK_BACK_YEARS) * 366 * 86_400).max(year_start(FIRST_YEAR));
    let mut lo = t - 1;
    while lo > floor {
        lo = (lo - STEP_FORWARD).max(floor);
        if probe(tz, lo) != cur {
            return transitions(tz, lo, t).pop();
        }
    }
    None
}

fn offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// The VTIMEZONE of `tz` for the years `first..=last` as folded content lines (CRLF ends),
/// memoized: a site writes thousands of calendars (one per action and city) over a few zones
/// and years, and finding transitions by sampling is the costly part. The cache holds derived
/// reference data, not build state; its key borrows the zone's static name, so a hit
/// allocates nothing.
pub(super) fn folded(tz: Tz, first: i32, last: i32) -> std::sync::Arc<str> {
    type Cache =
        std::sync::Mutex<std::collections::BTreeMap<(&'static str, i32, i32), std::sync::Arc<str>>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(|| std::sync::Mutex::new(std::collections::BTreeMap::new()));
    let key = (tz.name(), first, last);
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return v;
    }
    let mut out = String::new();
    for line in compute_lines(tz, first, last) {
        super::fold_into(&mut out, &line);
    }
    let v: std::sync::Arc<str> = out.into();
    if let Ok(mut c) = cache.lock() {
        c.insert(key, v.clone());
    }
    v
}

/// The content lines (unfolded) of the VTIMEZONE of `tz` covering the years `first..=last`.
pub(super) fn compute_lines(tz: Tz, first: i32, last: i32) -> Vec<String> {
    // A day either side: local midnight on 1 January is the previous day in UTC east of
    // Greenwich, and the next day west of it.
    let from = year_start(first) - 86_400;
    let to = year_start(last.saturating_add(1)) + 86_400;
    let in_force = previous(tz, from).unwrap_or_else(|| {
        // Unchanged for LOOK_BACK_YEARS: an onset on 1 January back then, local time.
        let s = state(tz, from);
        let onset = jan1((first - LOOK_BACK_YEARS).max(1)) - i64::from(s.offset);
        Transition {
            at: onset,
            from: s.clone(),
            to: s,
        }
    });
    let mut list = vec![in_force];
    list.extend(transitions(tz, from, to));

    let mut out = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{}", tz.name())];
    // Zones with negative DST in the tz database (Europe/Dublin: winter is "DST" -1h) would
    // otherwise label both seasons STANDARD; call the season with no DST part DAYLIGHT there.
    let negative = list.iter().any(|t| t.from.dst < 0 || t.to.dst < 0);
    for t in &list {
        let daylight = t.to.dst > 0 || (negative && t.to.dst == 0);
        let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
        // DTSTART is the onset in the local time that was in force before it.
        let local = DateTime::from_timestamp(t.at + i64::from(t.from.offset), 0)
            .unwrap_or_default()
            .naive_utc();
        out.push(format!("BEGIN:{kind}"));
        out.push(format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")));
        out.push(format!("TZOFFSETFROM:{}", offset(t.from.offset)));
        out.push(format!("TZOFFSETTO:{}", offset(t.to.offset)));
        if let Some(n) = &t.to.name {
            out.push(format!("TZNAME:{}", super::text(n)));
        }
        out.push(format!("END:{kind}"));
    }
    out.push("END:VTIMEZONE".into());
    out
}
