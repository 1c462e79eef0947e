//! Prisoner profiles, cases, appeals and the birthdays calendar, as readers see them.

use crate::harness::*;
use chrono::{DateTime, Utc};

fn at(rfc3339: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.to_utc())
}

/// A site with a case, three prisoners, an action and an appeal; built on 2026-01-10.
fn campaign() -> Site {
    let s = Site::small();
    s.write(
        "content/cases/bolotnaya.md",
        "---\ntitle: The Bolotnaya case\n---\nThe case.\n",
    );
    s.write(
        "content/prisoners/ivan.md",
        "---\ntitle: Ivan Petrov\nname: Ivan Petrov\nstatus: detained\nborn: 1990-02-28\narrested: 2026-01-09\ncase: bolotnaya\ncharges: [Mass riots]\nsentence: none yet\ncity: Moscow\ncountry: RU\nrecognized_by: [Memorial]\nletters:\n  address: |\n    SIZO-1, Moscow\n    Matrosskaya Tishina 18\n      Petrov I. I., 1990\n  languages: [ru, en]\n  note: Letters are read by censors.\ntimeline:\n  - {date: 2026-01-09, text: Arrested}\n---\nIvan's story.\n",
    );
    s.write(
        "content/prisoners/ivan.ru.md",
        "---\ntitle: Иван Петров\nname: Иван Петров\n---\nИстория Ивана.\n",
    );
    s.write("content/prisoners/olga.md", "---\ntitle: Olga\nstatus: released\narrested: 2015-07-29\nreleased: 2015-08-08\ncase: bolotnaya\nborn: 1980-01-01\n---\n");
    s.write(
        "content/prisoners/min.md",
        "---\nname: Minimal Person\nstatus: house_arrest\n---\n",
    );
    s.write(
        "content/events/days.md",
        "---\ntitle: Days of solidarity\nstart: 2026-02-20\nend: 2026-02-24\n---\n",
    );
    s.write(
        "content/appeals/free.md",
        "---\ntitle: Free them\ndate: 2026-01-01\ndemands: [Release everyone, Drop the charges]\nsignatories: [Left Front, Autonomous Action]\naction: days\ncontact: {email: a@example.org, telegram: \"@free_them\", signal: \"+44 7700 900123\"}\n---\nText.\n",
    );
    s
}

fn build_on(s: &Site, when: &str) {
    let mut o = s.options();
    o.now = at(when);
    samizdat::build::build(&o).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_full_profile_shows_every_field() {
    let s = campaign();
    build_on(&s, "2026-01-10T12:00:00Z");
    let h = s.out("prisoners/ivan/index.html");
    for needle in [
        "In pre-trial detention",
        "1 day in custody",
        "<time datetime=\"2026-01-09\">9 January 2026</time>",
        "<a href=\"../../cases/bolotnaya/\">The Bolotnaya case</a>",
        "<li>Mass riots</li>",
        "none yet",
        "Moscow, Russia",
        "Memorial",
        "Letters are read by censors.",
        "Russian, English",
    ] {
        assert!(h.contains(needle), "{needle:?} missing in\n{h}");
    }
    // The address exactly as written, line breaks and indentation kept.
    assert!(h.contains("<address class=\"postal\">SIZO-1, Moscow\nMatrosskaya Tishina 18\n  Petrov I. I., 1990</address>"), "{h}");
}

#[test]
fn a_profile_with_only_name_and_status_still_says_how_to_help() {
    let s = campaign();
    build_on(&s, "2026-01-10T12:00:00Z");
    let h = s.out("prisoners/min/index.html");
    assert!(h.contains("Under house arrest"));
    assert!(
        h.contains("<title>Minimal Person"),
        "the name is the title: {h}"
    );
    assert!(h.contains("Minimal Person</h1>"), "{h}");
    assert!(h.contains("There is no address for letters yet"), "{h}");
    assert!(!h.contains("days in custody"), "no arrest date, no count");
}

#[test]
fn a_translation_always_shows_the_current_address() {
    let s = campaign();
    // The translator copied the address when the prisoner was still in SIZO-1; he was moved since.
    s.write(
        "content/prisoners/ivan.ru.md",
        "---\ntitle: Иван Петров\nname: Иван Петров\nletters:\n  address: |\n    SIZO-2, Moscow\n  note: Письма читает цензор.\n---\nИстория Ивана.\n",
    );
    let out = s.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "content/prisoners/ivan.ru.md:5:3: warning: this translation's letters.address differs"
        ),
        "{err}"
    );
    let ru = s.out("ru/prisoners/ivan/index.html");
    assert!(
        ru.contains("Matrosskaya Tishina 18"),
        "the original's address: {ru}"
    );
    assert!(!ru.contains("SIZO-2"), "{ru}");
    assert!(
        ru.contains("Письма читает цензор."),
        "the translated note stays: {ru}"
    );
    // l10n stub leaves the address out of a new translation, and keeps the rest of `letters`.
    s.write(
        "content/prisoners/petr.md",
        "---\nname: Petr\nstatus: detained\nletters:\n  address: |\n    IK-7\n    Segezha\n  note: Write in Russian.\ntags: [a]\n---\n",
    );
    let out = s.run(&["l10n", "stub", "ru"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stub = std::fs::read_to_string(s.path("content/prisoners/petr.ru.md")).expect("stub");
    assert!(
        !stub.contains("IK-7") && !stub.contains("Segezha"),
        "{stub}"
    );
    assert!(stub.contains("letters:\n  # address:"), "{stub}");
    assert!(stub.contains("  note: Write in Russian.\n"), "{stub}");
}

#[test]
fn days_in_custody_use_russian_plurals() {
    let s = campaign();
    for (when, text) in [
        ("2026-01-10T12:00:00Z", "1 день под стражей"),
        ("2026-01-11T12:00:00Z", "2 дня под стражей"),
        ("2026-01-14T12:00:00Z", "5 дней под стражей"),
        ("2026-01-30T12:00:00Z", "21 день под стражей"),
    ] {
        build_on(&s, when);
        let h = s.out("ru/prisoners/ivan/index.html");
        assert!(h.contains(text), "{when}: {text:?} missing");
    }
    // Released: counted from arrest to release, whatever today is.
    assert!(
        s.out("prisoners/olga/index.html")
            .contains("10 days in custody, until release on 8 August 2015")
    );
}

#[test]
fn the_index_groups_by_status_and_case_and_the_home_page_counts() {
    let s = campaign();
    build_on(&s, "2026-01-10T12:00:00Z");
    let idx = s.out("prisoners/index.html");
    assert!(idx.contains("2 people are behind bars"), "{idx}");
    assert!(
        idx.contains("1 in detention")
            && idx.contains("1 under house arrest")
            && idx.contains("1 released"),
        "{idx}"
    );
    let detained = idx.find("id=\"status-detained\"").expect("group");
    let released = idx.find("id=\"status-released\"").expect("group");
    assert!(detained < released, "groups in status order");
    assert!(
        idx.contains("The Bolotnaya case</a>: 2 people prosecuted in this case"),
        "{idx}"
    );
    let home = s.out("index.html");
    assert!(home.contains("2 people are behind bars"), "{home}");
    let ru = s.out("ru/prisoners/index.html");
    assert!(ru.contains("Иван Петров"), "{ru}");
}

#[test]
fn the_case_page_lists_its_prisoners_with_status_and_days() {
    let s = campaign();
    build_on(&s, "2026-01-10T12:00:00Z");
    let h = s.out("cases/bolotnaya/index.html");
    assert!(h.contains("2 people prosecuted in this case"), "{h}");
    assert!(h.contains("<a href=\"../../prisoners/ivan/\">Ivan Petrov</a></td><td>In pre-trial detention</td><td>1</td>"), "{h}");
    assert!(
        h.contains("Olga</a></td><td>Released</td><td>10</td>"),
        "{h}"
    );
    assert!(!h.contains("Minimal Person"));
}

#[test]
fn the_appeal_shows_demands_signatories_contacts_and_its_action() {
    let s = campaign();
    build_on(&s, "2026-01-10T12:00:00Z");
    let h = s.out("appeals/free/index.html");
    assert!(h.contains("<li>Release everyone</li>") && h.contains("<li>Drop the charges</li>"));
    assert!(h.contains("2 signatories") && h.contains("<li>Autonomous Action</li>"));
    assert!(h.contains("<a href=\"mailto:a@example.org\" dir=\"ltr\">a@example.org</a>"));
    assert!(h.contains("<a href=\"https://t.me/free_them\" dir=\"ltr\">@free_them</a>"));
    assert!(
        h.contains("<dd><bdi>+44 7700 900123</bdi></dd>"),
        "a phone number is shown, not linked\n{h}"
    );
    assert!(
        h.contains("<a href=\"../../events/days/\">Days of solidarity</a>"),
        "{h}"
    );
    assert!(h.contains("20 February 2026") && h.contains("24 February 2026"));
}

#[test]
fn references_to_missing_pages_are_errors_at_their_line() {
    let s = campaign();
    s.write(
        "content/prisoners/x.md",
        "---\ntitle: X\nstatus: detained\n\ncase: bolotnya\n---\n",
    );
    s.write(
        "content/appeals/y.md",
        "---\ntitle: Y\naction: nowhere\n---\n",
    );
    let e = s.build_err().to_string();
    assert!(
        e.contains("content/prisoners/x.md:5:1: error: case `bolotnya` names no page in cases/"),
        "{e}"
    );
    assert!(e.contains("did you mean `bolotnaya`?"), "{e}");
    assert!(
        e.contains("content/appeals/y.md:3:1: error: action `nowhere` names no page in events/"),
        "{e}"
    );
}

#[test]
fn impossible_dates_in_profiles_are_errors() {
    let s = campaign();
    s.write(
        "content/prisoners/x.md",
        "---\ntitle: X\nstatus: detained\narrested: 2015-02-29\n---\n",
    );
    let e = s.build_err().to_string();
    assert!(e.contains("content/prisoners/x.md:4:"), "{e}");
    s.write(
        "content/prisoners/x.md",
        "---\ntitle: X\nstatus: released\narrested: 2015-03-01\nreleased: 2015-02-01\n---\n",
    );
    let e = s.build_err().to_string();
    assert!(e.contains("content/prisoners/x.md:5:1: error: released on 2015-02-01 is before arrested on 2015-03-01"), "{e}");
}

#[test]
fn profile_photos_are_stripped_and_get_a_list_copy() {
    let s = campaign();
    let jpeg = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/images/progressive-gps.jpg"
    ))
    .expect("fixture");
    s.write_bytes("content/prisoners/ivan.jpg", &jpeg);
    let text = std::fs::read_to_string(s.path("content/prisoners/ivan.md")).expect("read");
    s.write(
        "content/prisoners/ivan.md",
        &text.replacen("status: detained", "status: detained\nphoto: ./ivan.jpg", 1),
    );
    build_on(&s, "2026-01-10T12:00:00Z");
    for rel in ["prisoners/ivan.jpg", "prisoners/ivan.thumb.jpg"] {
        let b = std::fs::read(s.path("public").join(rel)).expect(rel);
        assert!(!b.windows(4).any(|w| w == b"Exif"), "{rel} has EXIF");
        assert!(
            !b.windows(b"Bolotnaya".len()).any(|w| w == b"Bolotnaya"),
            "{rel} has the comment"
        );
    }
    assert!(
        s.out("prisoners/ivan/index.html")
            .contains("<img src=\"../ivan.jpg\" alt=\"Photo: Ivan Petrov\">")
    );
    assert!(
        s.out("prisoners/index.html")
            .contains("<img src=\"ivan.thumb.jpg\"")
    );
    s.write(
        "content/prisoners/ivan.md",
        &text.replacen(
            "status: detained",
            "status: detained\nphoto: ./missing.jpg",
            1,
        ),
    );
    let e = s.build_err().to_string();
    assert!(e.contains("content/prisoners/ivan.md:5:1: error: photo `./missing.jpg` is not a file next to the page"), "{e}");
}

#[test]
fn birthdays_calendar_lists_those_in_custody_as_rfc5545() {
    let s = campaign();
    build_on(&s, "2026-01-10T12:00:00Z");
    let ics = s.out("prisoners/birthdays.ics");
    assert!(ics.contains("SUMMARY:Birthday: Ivan Petrov\r\n"), "{ics}");
    assert!(
        !ics.contains("Olga"),
        "released people are not in the calendar"
    );
    // 28 February: a plain yearly rule; CRLF everywhere; folded at 75 octets.
    assert!(ics.contains("RRULE:FREQ=YEARLY\r\n"));
    // Stamped with the newest date of the actions and prisoners, not the build's clock; none
    // has one here, so the stamp is 1970's, as a feed's without dates.
    assert!(ics.contains("DTSTAMP:19700101T000000Z\r\n"), "{ics}");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
        assert!(!line.contains('\n'));
    }
    assert!(s.out("ru/prisoners/birthdays.ics").contains("Иван Петров"));
    // An independent parser agrees.
    let script = "import sys, icalendar\ncal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\nev = [e for e in cal.walk('VEVENT')]\nassert len(ev) == 1, ev\nassert str(ev[0]['SUMMARY']) == 'Birthday: Ivan Petrov'\nassert ev[0]['DTSTART'].dt.isoformat() == '1990-02-28'\nassert ev[0]['RRULE']['FREQ'] == ['YEARLY']\nassert 'SIZO-1, Moscow' in str(ev[0]['DESCRIPTION'])\nprint('ok')\n";
    python_check(
        script,
        &s.path("public/prisoners/birthdays.ics"),
        "icalendar",
    );
}

/// Runs a Python check when the module is installed; CI installs it and sets
/// SAMIZDAT_REQUIRE_STOCK_TOOLS=1 so a missing module fails instead of skipping.
pub fn python_check(script: &str, file: &std::path::Path, module: &str) {
    let has = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has {
        assert!(
            std::env::var_os("SAMIZDAT_REQUIRE_STOCK_TOOLS").is_none(),
            "python module {module} is required"
        );
        eprintln!("SKIP: python3 module {module} not installed");
        return;
    }
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_draft_profile_keeps_its_photo_private_and_the_build_going() {
    let s = campaign();
    let jpeg = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/images/progressive-gps.jpg"
    ))
    .expect("fixture");
    s.write_bytes("content/prisoners/secret.jpg", &jpeg);
    s.write(
        "content/prisoners/secret.md",
        "---\ntitle: Secret\nstatus: detained\nphoto: ./secret.jpg\ndraft: true\n---\n",
    );
    build_on(&s, "2026-01-10T12:00:00Z");
    assert!(!s.exists("prisoners/secret.jpg"));
    assert!(!s.exists("prisoners/secret.thumb.jpg"));
}
