use super::*;

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2014, 1, 10, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn local(y: i32, m: u32, d: u32, h: u32, tz: Tz) -> When {
    When::Local(date(y, m, d).and_hms_opt(h, 0, 0).unwrap_or_default(), tz)
}

fn ev(uid: &str, start: When) -> Event {
    Event {
        uid: uid.into(),
        start,
        end: None,
        summary: format!("event {uid}"),
        description: None,
        location: None,
        url: None,
        geo: None,
        yearly: false,
        categories: Vec::new(),
    }
}

fn render(events: Vec<Event>) -> String {
    let mut cal = Calendar::new("-//samizdat//samizdat//EN", "Days of action", stamp());
    for e in events {
        assert_eq!(cal.push(e), Ok(()));
    }
    cal.render()
}

/// The logical lines: CRLF split and folds undone.
fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The onsets (UTC seconds) and offsets (TZOFFSETTO, seconds) of the VTIMEZONE of `tzid`.
fn observances(ics: &str, tzid: &str) -> Vec<(i64, i32)> {
    let lines = unfold(ics);
    let Some(begin) = lines.iter().position(|l| *l == format!("TZID:{tzid}")) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let (mut start, mut from, mut to) = (None, None, None);
    for l in &lines[begin..] {
        if l == "END:VTIMEZONE" {
            break;
        }
        if let Some(v) = l.strip_prefix("DTSTART:") {
            start = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok();
        } else if let Some(v) = l.strip_prefix("TZOFFSETFROM:") {
            from = parse_offset(v);
        } else if let Some(v) = l.strip_prefix("TZOFFSETTO:") {
            to = parse_offset(v);
        } else if (l == "END:STANDARD" || l == "END:DAYLIGHT")
            && let (Some(s), Some(f), Some(t)) = (start, from, to)
        {
            found.push((s.and_utc().timestamp() - i64::from(f), t));
        }
    }
    found
}

/// The offset a client applies at UTC instant `u`: that of the latest onset at or before it.
fn offset_at(obs: &[(i64, i32)], u: i64) -> Option<i32> {
    obs.iter()
        .filter(|o| o.0 <= u)
        .max_by_key(|o| o.0)
        .map(|o| o.1)
}

fn offset_from_vtimezone(ics: &str, tzid: &str, u: i64) -> Option<i32> {
    offset_at(&observances(ics, tzid), u)
}

fn parse_offset(v: &str) -> Option<i32> {
    let sign = if v.starts_with('-') { -1 } else { 1 };
    let d: Vec<i32> = v
        .as_bytes()
        .get(1..)?
        .chunks(2)
        .filter_map(|c| std::str::from_utf8(c).ok()?.parse().ok())
        .collect();
    Some(sign * (d.first()? * 3600 + d.get(1)? * 60 + d.get(2).copied().unwrap_or(0)))
}

fn utc(y: i32, m: u32, d: u32, h: u32) -> i64 {
    date(y, m, d)
        .and_hms_opt(h, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp()
}

#[test]
fn long_cyrillic_summary_folds_at_75_octets_and_unfolds_to_the_original() {
    let summary: String = "Свободу узникам Болотной! "
        .chars()
        .cycle()
        .take(200)
        .collect();
    let mut e = ev("a@x", When::Date(date(2014, 1, 18)));
    e.summary = summary.clone();
    let ics = render(vec![e]);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF in output");
    assert!(!ics.replace("\r\n", "").contains('\r'), "bare CR in output");
    let physical: Vec<&[u8]> = ics.as_bytes().split(|&b| b == b'\n').collect();
    for line in &physical {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(
            line.len() <= 75,
            "line of {} octets: {:?}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "a fold split a UTF-8 sequence"
        );
    }
    let folded = ics.lines().filter(|l| l.starts_with(' ')).count();
    assert!(
        folded >= 5,
        "200 Cyrillic letters (400 octets) need several continuation lines"
    );
    // Escaping turns ", " into "\, "; nothing else in this text changes.
    let want = format!("SUMMARY:{}", summary.replace(',', "\\,"));
    assert!(unfold(&ics).contains(&want));
}

#[test]
fn text_values_are_escaped() {
    let mut e = ev("a@x", When::Date(date(2014, 1, 18)));
    e.summary = "Pickets; London, Paris\\Berlin".into();
    e.description = Some("line one\nline two\r\nline three\u{7}".into());
    e.location = Some("Russian Embassy, 6/7 Kensington Palace Gardens".into());
    e.categories = vec!["action".into(), "a,b".into(), " ".into()];
    let lines = unfold(&render(vec![e]));
    let has = |s: &str| lines.iter().any(|l| l == s);
    assert!(
        has("SUMMARY:Pickets\\; London\\, Paris\\\\Berlin"),
        "{lines:?}"
    );
    assert!(
        has("DESCRIPTION:line one\\nline two\\nline three"),
        "{lines:?}"
    );
    assert!(has(
        "LOCATION:Russian Embassy\\, 6/7 Kensington Palace Gardens"
    ));
    assert!(has("CATEGORIES:action,a\\,b"), "{lines:?}");
}

#[test]
fn calendar_header_and_dtstamp_of_every_event_is_the_moment_given() {
    let ics = render(vec![
        ev("b@x", When::Date(date(2014, 1, 18))),
        ev("a@x", local(2014, 1, 19, 14, Tz::Europe__London)),
    ]);
    let lines = unfold(&ics);
    assert_eq!(
        lines[..6],
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//samizdat//samizdat//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Days of action"
        ]
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| *l == "DTSTAMP:20140110T000000Z")
            .count(),
        2
    );
}

#[test]
fn all_day_event_ends_the_day_after_its_last_day() {
    let mut e = ev("days@x", When::Date(date(2014, 1, 18)));
    e.end = Some(When::Date(date(2014, 1, 26)));
    let lines = unfold(&render(vec![e, ev("one@x", When::Date(date(2014, 2, 1)))]));
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20140118".into()));
    assert!(lines.contains(&"DTEND;VALUE=DATE:20140127".into()));
    assert!(
        lines.contains(&"DTEND;VALUE=DATE:20140202".into()),
        "a single day ends the next day"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("BEGIN:VTIMEZONE")),
        "dates need no zone"
    );
}

#[test]
fn local_times_carry_tzid_default_two_hours_and_one_vtimezone_per_zone() {
    let london = Tz::Europe__London;
    let mut with_end = ev("b@x", local(2014, 1, 19, 14, london));
    with_end.end = Some(local(2014, 1, 19, 15, london));
    let ics = render(vec![ev("a@x", local(2014, 1, 19, 14, london)), with_end]);
    let lines = unfold(&ics);
    assert!(lines.contains(&"DTSTART;TZID=Europe/London:20140119T140000".into()));
    assert!(
        lines.contains(&"DTEND;TZID=Europe/London:20140119T160000".into()),
        "default 2 hours"
    );
    assert!(lines.contains(&"DTEND;TZID=Europe/London:20140119T150000".into()));
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VTIMEZONE").count(), 1);
    assert_eq!(
        offset_from_vtimezone(&ics, "Europe/London", utc(2014, 1, 19, 14)),
        Some(0)
    );
    assert_eq!(
        offset_from_vtimezone(&ics, "Europe/London", utc(2014, 7, 1, 12)),
        Some(3600)
    );
    assert!(
        lines.contains(&"DTSTART:20140330T010000".into()),
        "spring forward at 01:00 GMT"
    );
    assert!(
        lines.contains(&"DTSTART:20141026T020000".into()),
        "fall back at 02:00 BST"
    );
}

#[test]
fn moscow_is_plus_four_in_2013_and_plus_three_in_2015() {
    let moscow = Tz::Europe__Moscow;
    let only_2013 = render(vec![ev("a@x", local(2013, 7, 1, 19, moscow))]);
    for u in [
        utc(2013, 1, 15, 12),
        utc(2013, 7, 1, 12),
        utc(2013, 12, 31, 12),
    ] {
        assert_eq!(
            offset_from_vtimezone(&only_2013, "Europe/Moscow", u),
            Some(4 * 3600)
        );
    }
    assert!(
        only_2013.contains("DTSTART:20110327T020000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0400")
    );
    let only_2015 = render(vec![ev("a@x", local(2015, 7, 1, 19, moscow))]);
    for u in [utc(2015, 1, 15, 12), utc(2015, 7, 1, 12)] {
        assert_eq!(
            offset_from_vtimezone(&only_2015, "Europe/Moscow", u),
            Some(3 * 3600)
        );
    }
    assert!(
        only_2015.contains("DTSTART:20141026T020000\r\nTZOFFSETFROM:+0400\r\nTZOFFSETTO:+0300")
    );
    assert!(
        !only_2015.contains("BEGIN:DAYLIGHT"),
        "Moscow has had no DST since 2011"
    );
}

#[test]
fn zones_without_dst_get_one_standard_observance() {
    let tokyo = render(vec![ev("a@x", local(2014, 6, 1, 12, Tz::Asia__Tokyo))]);
    let block: Vec<String> = unfold(&tokyo)
        .into_iter()
        .skip_while(|l| l != "BEGIN:VTIMEZONE")
        .take_while(|l| l != "END:VTIMEZONE")
        .collect();
    assert_eq!(
        block.iter().filter(|l| *l == "BEGIN:STANDARD").count(),
        1,
        "{block:?}"
    );
    assert!(block.contains(&"TZOFFSETTO:+0900".into()));
    let utc_zone = render(vec![ev("a@x", local(2014, 6, 1, 12, Tz::Etc__UTC))]);
    assert!(utc_zone.contains(
        "BEGIN:STANDARD\r\nDTSTART:20090101T000000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000"
    ));
}

/// Our VTIMEZONE must give the offset chrono-tz gives, for every zone, at any time in the
/// years of the events: 2011-2015 (Russia's two rule changes), 1989-1992 (the end of the USSR),
/// 2008 (Morocco's first DST in decades, after the look-back finds no transition).
#[test]
fn vtimezone_agrees_with_chrono_tz_for_every_zone() {
    for (first, last) in [(2011, 2015), (1989, 1992), (2008, 2008)] {
        for tz in chrono_tz::TZ_VARIANTS.iter() {
            let mut a = ev("a@x", local(first, 6, 1, 12, *tz));
            a.end = Some(local(last, 6, 2, 12, *tz));
            let obs = observances(&render(vec![a]), tz.name());
            let mut u = utc(first, 1, 1, 0);
            while u < utc(last + 1, 1, 1, 0) {
                let t = DateTime::from_timestamp(u, 0)
                    .unwrap_or_default()
                    .naive_utc();
                let want = tz.offset_from_utc_datetime(&t).fix().local_minus_utc();
                assert_eq!(offset_at(&obs, u), Some(want), "{} at {t}", tz.name());
                u += 5 * 86_400 + 3_600;
            }
        }
    }
}

#[test]
fn yearly_events_recur_and_leap_day_birthdays_fall_on_the_last_of_february() {
    let mut b = ev("born@x", When::Date(date(1982, 6, 18)));
    b.yearly = true;
    let mut leap = ev("leap@x", When::Date(date(1980, 2, 29)));
    leap.yearly = true;
    let lines = unfold(&render(vec![b, leap]));
    let i = lines
        .iter()
        .position(|l| l == "DTSTART;VALUE=DATE:19820618")
        .unwrap_or(0);
    assert_eq!(
        lines[i + 1..i + 3],
        ["DTEND;VALUE=DATE:19820619", "RRULE:FREQ=YEARLY"]
    );
    let j = lines
        .iter()
        .position(|l| l == "DTSTART;VALUE=DATE:19800229")
        .unwrap_or(0);
    assert_eq!(lines[j + 2], "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1");
}

#[test]
fn output_is_sorted_by_start_then_uid_whatever_the_push_order() {
    let events = vec![
        ev("c@x", When::Date(date(2014, 1, 18))),
        ev("b@x", local(2014, 1, 19, 14, Tz::Europe__London)),
        ev("a@x", When::Date(date(2014, 1, 18))),
        ev(
            "d@x",
            When::Utc(
                Utc.with_ymd_and_hms(2014, 1, 19, 13, 0, 0)
                    .single()
                    .unwrap_or_default(),
            ),
        ),
    ];
    let forward = render(events.clone());
    let backward = render(events.into_iter().rev().collect());
    assert_eq!(forward, backward);
    let uids: Vec<String> = unfold(&forward)
        .into_iter()
        .filter_map(|l| l.strip_prefix("UID:").map(String::from))
        .collect();
    assert_eq!(uids, ["a@x", "c@x", "d@x", "b@x"]);
    assert!(forward.contains("DTSTART:20140119T130000Z\r\n"));
}

#[test]
fn geo_and_url_are_written_plainly() {
    let mut e = ev("a@x", When::Date(date(2014, 1, 18)));
    e.geo = Some((51.505, -0.0000001));
    e.url = Some("https://example.org/events/days-2014/".into());
    let lines = unfold(&render(vec![e]));
    assert!(
        lines.contains(&"GEO:51.505000;0.000000".into()),
        "{lines:?}"
    );
    assert!(lines.contains(&"URL:https://example.org/events/days-2014/".into()));
}

#[test]
fn bad_events_are_errors_naming_the_uid() {
    let mut cal = Calendar::new("p", "n", stamp());
    let blank = cal.push(ev("  ", When::Date(date(2014, 1, 18))));
    assert!(blank.is_err_and(|e| e.message.contains("empty UID")));
    assert_eq!(cal.push(ev("a@x", When::Date(date(2014, 1, 18)))), Ok(()));
    let dup = cal.push(ev("a@x", When::Date(date(2014, 1, 19))));
    assert!(dup.is_err_and(|e| e.message.contains("a@x")));
    let mut back = ev("b@x", local(2014, 1, 19, 14, Tz::Europe__London));
    back.end = Some(local(2014, 1, 19, 13, Tz::Europe__London));
    assert!(
        cal.push(back)
            .is_err_and(|e| e.message.contains("b@x") && e.message.contains("before"))
    );
    let mut mixed = ev("c@x", When::Date(date(2014, 1, 18)));
    mixed.end = Some(local(2014, 1, 19, 13, Tz::Europe__London));
    assert!(cal.push(mixed).is_err());
    let mut far = ev("d@x", When::Date(date(2014, 1, 18)));
    far.geo = Some((91.0, 0.0));
    assert!(cal.push(far).is_err());
    let mut nan = ev("e@x", When::Date(date(2014, 1, 18)));
    nan.geo = Some((f64::NAN, 0.0));
    assert!(cal.push(nan).is_err());
    let mut url = ev("f@x", When::Date(date(2014, 1, 18)));
    url.url = Some("https://x/\r\nX-EVIL:1".into());
    assert!(cal.push(url).is_err());
    assert_eq!(
        unfold(&cal.render())
            .iter()
            .filter(|l| *l == "BEGIN:VEVENT")
            .count(),
        1
    );
}

const PY_CHECK: &str = r#"
import json, sys, datetime
from icalendar import Calendar
from dateutil.rrule import rrulestr
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
errors = [[c.name, str(e)] for c in cal.walk() for e in c.errors]
ours = {str(z['TZID']): z.to_tz(lookup_tzid=False) for z in cal.walk('VTIMEZONE')}
def when(prop):
    v = prop.dt
    if not isinstance(v, datetime.datetime):
        return {'date': v.isoformat()}
    tzid = prop.params.get('TZID')
    out = {'wall': v.replace(tzinfo=None).isoformat(), 'offset': v.utcoffset().total_seconds(), 'tzid': tzid}
    if tzid:
        out['our_offset'] = v.replace(tzinfo=None).replace(tzinfo=ours[tzid]).utcoffset().total_seconds()
    return out
events = []
for e in cal.walk('VEVENT'):
    d = {'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'start': when(e['DTSTART']), 'end': when(e['DTEND'])}
    if 'RRULE' in e:
        start = e['DTSTART'].dt
        start = datetime.datetime(start.year, start.month, start.day)
        rule = rrulestr(e['RRULE'].to_ical().decode(), dtstart=start)
        d['2023'] = [x.date().isoformat() for x in rule.between(datetime.datetime(2023, 1, 1), datetime.datetime(2024, 1, 1))]
        d['2024'] = [x.date().isoformat() for x in rule.between(datetime.datetime(2024, 1, 1), datetime.datetime(2025, 1, 1))]
    events.append(d)
strict = None
try:
    from ical.calendar_stream import IcsCalendarStream
except ImportError:
    pass
else:
    try:
        c = IcsCalendarStream.calendar_from_ics(open(sys.argv[1]).read())
        strict = {'events': len(c.events), 'm15': c.events and [str(e.dtstart) for e in c.events if e.uid == 'm15@example.org']}
    except Exception as e:
        strict = {'error': repr(e)}
print(json.dumps({'errors': errors, 'name': str(cal['X-WR-CALNAME']), 'events': events, 'strict': strict}))
"#;

/// Python's `icalendar` (what many tools are built on) reads our output back: no parse
/// errors, the same events, the right offsets from our own VTIMEZONE, recurrences that expand.
#[test]
fn python_icalendar_reads_it_back() {
    let has_icalendar = std::process::Command::new("python3")
        .args(["-c", "import icalendar, dateutil"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_icalendar {
        eprintln!(
            "SKIPPED python_icalendar_reads_it_back: `python3 -c 'import icalendar'` failed; `pip install icalendar` to run it"
        );
        return;
    }
    let long: String = "Пикет у посольства; «Свобода», "
        .chars()
        .cycle()
        .take(180)
        .collect();
    let mut days = ev("days-2014@example.org", When::Date(date(2014, 1, 18)));
    days.end = Some(When::Date(date(2014, 1, 26)));
    days.summary = long.clone();
    days.description = Some("first line\nsecond, with comma; and \\ backslash".into());
    let mut moscow_2015 = ev("m15@example.org", local(2015, 5, 6, 19, Tz::Europe__Moscow));
    moscow_2015.geo = Some((55.75, 37.62));
    let mut born = ev("born@example.org", When::Date(date(1982, 6, 18)));
    born.yearly = true;
    let mut leap = ev("leap@example.org", When::Date(date(1980, 2, 29)));
    leap.yearly = true;
    let ics = render(vec![
        days,
        ev(
            "london@example.org",
            local(2014, 1, 19, 14, Tz::Europe__London),
        ),
        ev("m13@example.org", local(2013, 5, 6, 19, Tz::Europe__Moscow)),
        moscow_2015,
        ev(
            "utc@example.org",
            When::Utc(
                Utc.with_ymd_and_hms(2014, 1, 19, 13, 0, 0)
                    .single()
                    .unwrap_or_default(),
            ),
        ),
        born,
        leap,
    ]);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join("cal.ics");
    std::fs::write(&path, &ics).unwrap_or_else(|e| panic!("write: {e}"));
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(PY_CHECK)
        .arg(&path)
        .output();
    let out = out.unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(v["errors"], serde_json::json!([]), "{ics}");
    assert_eq!(v["name"], "Days of action");
    // The `ical` package validates strictly (pydantic models); optional.
    if v["strict"].is_null() {
        eprintln!("SKIPPED strict check: `pip install ical` to run it");
    } else {
        assert_eq!(v["strict"]["error"], serde_json::Value::Null, "{ics}");
        assert_eq!(v["strict"]["events"], 7);
        assert_eq!(
            v["strict"]["m15"],
            serde_json::json!(["2015-05-06 19:00:00+03:00"])
        );
    }
    let events = v["events"].as_array().cloned().unwrap_or_default();
    let find = |uid: &str| {
        events
            .iter()
            .find(|e| e["uid"] == uid)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(events.len(), 7);

    let days = find("days-2014@example.org");
    assert_eq!(days["summary"], long.as_str());
    assert_eq!(days["start"]["date"], "2014-01-18");
    assert_eq!(days["end"]["date"], "2014-01-27");
    for (uid, wall, off) in [
        ("london@example.org", "2014-01-19T14:00:00", 0.0),
        ("m13@example.org", "2013-05-06T19:00:00", 14400.0),
        ("m15@example.org", "2015-05-06T19:00:00", 10800.0),
    ] {
        let s = &find(uid)["start"];
        assert_eq!(s["wall"], wall, "{uid}");
        assert_eq!(s["offset"], off, "{uid}: offset by the TZID's name");
        assert_eq!(s["our_offset"], off, "{uid}: offset by our VTIMEZONE");
    }
    assert_eq!(
        find("m15@example.org")["end"]["wall"],
        "2015-05-06T21:00:00"
    );
    assert_eq!(find("utc@example.org")["start"]["offset"], 0.0);
    assert_eq!(
        find("born@example.org")["2023"],
        serde_json::json!(["2023-06-18"])
    );
    assert_eq!(
        find("leap@example.org")["2023"],
        serde_json::json!(["2023-02-28"])
    );
    assert_eq!(
        find("leap@example.org")["2024"],
        serde_json::json!(["2024-02-29"])
    );
}

/// The folding of RFC 5545 §3.1 the slow way, character by character: what `fold_into` must
/// match for every line, short ones taking its fast path included.
fn fold_reference(line: &str) -> String {
    let mut out = String::new();
    let mut used = 0;
    for ch in line.chars() {
        if used + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(ch);
        used += ch.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[test]
fn lines_fold_the_same_whether_short_or_long() {
    let lines = [
        String::new(),
        "BEGIN:VEVENT".to_string(),
        "x".repeat(74),
        "x".repeat(75),
        "x".repeat(76),
        format!("{}x", "é".repeat(37)),
        "я".repeat(38),
        format!("SUMMARY:{}", "Пикет у посольства · ".repeat(9)),
    ];
    for line in &lines {
        let mut out = String::new();
        super::fold_into(&mut out, line);
        assert_eq!(out, fold_reference(line), "{line}");
    }
}

#[test]
fn memoized_time_zones_are_the_folded_lines() {
    for (tz, first, last) in [
        (chrono_tz::Europe::Moscow, 2011, 2014),
        (chrono_tz::Europe::Berlin, 2026, 2026),
        (chrono_tz::Asia::Tokyo, 2025, 2027),
    ] {
        let expected: String = super::vtimezone::compute_lines(tz, first, last)
            .iter()
            .map(|l| fold_reference(l))
            .collect();
        assert_eq!(&*super::vtimezone::folded(tz, first, last), expected);
        // The second call is served from the cache, with the same bytes.
        assert_eq!(&*super::vtimezone::folded(tz, first, last), expected);
    }
}
