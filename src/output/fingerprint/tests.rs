use super::*;
use chrono::TimeZone;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn the_stretch_is_the_day_in_the_sites_zone_cut_at_embargoes() {
    let now = at("2026-03-10T12:00:00Z");
    assert_eq!(
        stretch(None, [], now),
        (at("2026-03-10T00:00:00Z"), at("2026-03-11T00:00:00Z"))
    );
    // Moscow is three hours ahead: its day starts at 21:00 UTC the day before.
    assert_eq!(
        stretch(Some(chrono_tz::Europe::Moscow), [], now),
        (at("2026-03-09T21:00:00Z"), at("2026-03-10T21:00:00Z"))
    );
    let lifted = at("2026-03-10T09:30:00Z");
    let lifts = at("2026-03-10T15:00:00Z");
    let later = at("2026-04-01T00:00:00Z");
    assert_eq!(
        stretch(
            None,
            [later, lifts, lifted, at("2020-01-01T00:00:00Z")],
            now
        ),
        (lifted, lifts)
    );
    // An embargo that lifts at this very moment has lifted.
    assert_eq!(stretch(None, [now], now).0, now);
}

#[test]
fn a_day_whose_midnight_the_clock_skips_starts_when_the_clock_resumes() {
    // Santiago (Chile) moved its clocks from 00:00 to 01:00 on 2022-09-11.
    let tz = chrono_tz::America::Santiago;
    let start = day_start(
        Some(tz),
        chrono::NaiveDate::from_ymd_opt(2022, 9, 11).unwrap(),
    );
    let expected = tz
        .with_ymd_and_hms(2022, 9, 11, 1, 0, 0)
        .earliest()
        .map(|t| t.with_timezone(&Utc));
    assert_eq!(start, expected);
    // Samoa skipped 30 December 2011 altogether: no day, no stretch, nothing skipped.
    let samoa = chrono_tz::Pacific::Apia;
    assert_eq!(
        day_start(
            Some(samoa),
            chrono::NaiveDate::from_ymd_opt(2011, 12, 30).unwrap()
        ),
        None
    );
}

#[test]
fn the_record_lives_beside_the_output_never_in_it() {
    let p = record_path(Path::new("/srv/site/public")).unwrap();
    assert_eq!(p, Path::new("/srv/site/.public.samizdat.state"));
    assert!(!p.starts_with("/srv/site/public"));
    // `-o out/.` is the folder `out`.
    let d = tempfile::tempdir().unwrap();
    let dot = record_path(&d.path().join("out/.")).unwrap();
    assert_eq!(dot, d.path().join(".out.samizdat.state"));
}

#[test]
fn a_damaged_or_foreign_record_is_not_trusted() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("public");
    std::fs::create_dir(&out).unwrap();
    let state = record_path(&out).unwrap();
    for bad in ["", "{", "null", "{\"format\": 1}", "[1,2,3]"] {
        std::fs::write(&state, bad).unwrap();
        assert!(load(&out).is_none(), "{bad:?}");
    }
    let mut record = Record::new(
        "k".into(),
        (at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z")),
        output_digest(&out).unwrap(),
        &Errors::new(),
    );
    save(&out, &record).unwrap();
    let loaded = load(&out).unwrap();
    assert!(loaded.still_holds("k", at("2026-01-01T12:00:00Z"), &out));
    assert!(!loaded.still_holds("other", at("2026-01-01T12:00:00Z"), &out));
    assert!(!loaded.still_holds("k", at("2026-01-02T00:00:00Z"), &out));
    assert!(!loaded.still_holds("k", at("2025-12-31T23:59:59Z"), &out));
    record.format = FORMAT + 1;
    save(&out, &record).unwrap();
    assert!(
        !load(&out)
            .unwrap()
            .still_holds("k", at("2026-01-01T12:00:00Z"), &out)
    );
    // A link in its place is not followed.
    std::fs::remove_file(&state).unwrap();
    let elsewhere = d.path().join("elsewhere.json");
    std::fs::write(&elsewhere, serde_json::to_vec(&loaded).unwrap()).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &state).unwrap();
    assert!(load(&out).is_none());
    // Saving replaces the link, never writes through it.
    save(&out, &loaded).unwrap();
    assert!(std::fs::symlink_metadata(&state).unwrap().is_file());
    assert_eq!(
        std::fs::read(&elsewhere).unwrap(),
        serde_json::to_vec(&loaded).unwrap()
    );
}

#[test]
fn the_output_digest_sees_every_change_but_reading() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("public");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("a.html"), "a").unwrap();
    let first = output_digest(&out).unwrap();
    let _ = std::fs::read(out.join("a.html")).unwrap();
    assert_eq!(output_digest(&out).unwrap(), first);
    std::fs::write(out.join("b.html"), "b").unwrap();
    let second = output_digest(&out).unwrap();
    assert_ne!(second, first);
    // The same size and time set back by hand: the change time still tells.
    let m = std::fs::metadata(out.join("a.html")).unwrap();
    // Past the granularity of the file system's clock, which a change time is read from.
    std::thread::sleep(std::time::Duration::from_millis(30));
    std::fs::write(out.join("a.html"), "z").unwrap();
    std::fs::File::options()
        .write(true)
        .open(out.join("a.html"))
        .unwrap()
        .set_modified(m.modified().unwrap())
        .unwrap();
    assert_ne!(output_digest(&out).unwrap(), second);
    assert!(output_digest(&d.path().join("missing")).is_none());
}
