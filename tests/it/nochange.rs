//! A rebuild that changes nothing does nothing: `samizdat build` keeps a record beside the
//! output and skips the build while the inputs, the program, the options, the build's day and
//! embargoes, and the output itself are what the record says; any change builds again.

use crate::harness::*;
use samizdat::build::{BuildOptions, BuildReport, build};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

fn at(rfc3339: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.to_utc())
}

/// Every entry of `dir` (output and what lies beside it): (inode, modification time in ns).
fn identities(dir: &Path) -> BTreeMap<String, (u64, i128)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let t = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
            (rel, (m.ino(), t))
        })
        .collect()
}

/// A small campaign: pages in two languages, a day of action with a spreadsheet of pickets,
/// a page under embargo, a static file, a data file, interface strings.
fn site() -> Site {
    let s = Site::small();
    s.write("content/events/days.md", "---\ntitle: Days of solidarity\ndate: 2026-01-15\nstart: 2026-02-20\nend: 2026-02-24\npickets:\n  - {city: London, country: GB, date: 2026-02-21, time: \"14:00\", place: Embassy}\n---\nJoin us.\n");
    s.write(
        "content/events/days.pickets.csv",
        "city,country,date,time,place\r\nBerlin,DE,2026-02-22,12:00,Embassy\r\n",
    );
    s.write(
        "content/news/soon.md",
        "---\ntitle: The verdict\ndate: 2026-06-01\npublish_after: 2026-06-01T12:00:00Z\n---\nSecret until noon.\n",
    );
    s.write("static/leaflet.txt", "Free them all.\n");
    s.write(
        "content/reports/one.md",
        "---\ntitle: A report\n---\nText.\n",
    );
    s.write("data/groups.yaml", "- London group\n");
    s
}

fn opts(s: &Site, when: &str) -> BuildOptions {
    BuildOptions {
        remember: true,
        now: at(when),
        ..s.options()
    }
}

fn run(o: &BuildOptions) -> BuildReport {
    build(o).unwrap_or_else(|e| panic!("build failed:\n{e}"))
}

/// Builds at `when`: whether it built (`false`: it found the output up to date).
fn builds(s: &Site, when: &str) -> bool {
    run(&opts(s, when)).up_to_date.is_none()
}

/// A change made to the site.
type Edit = Box<dyn Fn(&Site)>;

const NOON: &str = "2026-05-10T12:00:00Z";

#[test]
fn a_rebuild_without_changes_touches_nothing_and_says_so() {
    let s = site();
    let first = s.run(&["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("built "), "{}", stderr(&first));
    let before = identities(s.root());
    let again = s.run(&["build"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let said = stderr(&again);
    assert!(
        said.contains("nothing changed since the last build at ")
            && said.contains("the output is up to date"),
        "{said}"
    );
    // Every file and folder of the site and its output: same inode, same time.
    assert_eq!(identities(s.root()), before);
    // --force builds, and unchanged files still keep their inode and time.
    let forced = s.run(&["build", "--force"]);
    assert!(stderr(&forced).contains("built "), "{}", stderr(&forced));
    let out = s.path("public");
    let files = identities(&out);
    assert!(files.len() > 20, "{files:?}");
    for (rel, id) in files {
        if out.join(&rel).is_file() {
            assert_eq!(before.get(&format!("public/{rel}")), Some(&id), "{rel}");
        }
    }
    // Quiet: no line at all.
    let quiet = s.run(&["build", "-q"]);
    assert!(
        quiet.status.success() && stderr(&quiet).is_empty(),
        "{}",
        stderr(&quiet)
    );
}

#[test]
fn every_kind_of_input_change_builds_again_and_a_touch_does_not() {
    let s = site();
    assert!(builds(&s, NOON));
    assert!(!builds(&s, NOON));
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a content edit",
            Box::new(|s| s.write("content/about.md", "---\ntitle: About us\n---\nEdited.\n")),
        ),
        (
            "an added page",
            Box::new(|s| s.write("content/news/second.md", "---\ntitle: Second\n---\nMore.\n")),
        ),
        (
            "a removed page",
            Box::new(|s| s.remove("content/news/second.md")),
        ),
        (
            "a renamed page",
            Box::new(|s| {
                for (from, to) in [("about.md", "team.md"), ("about.ru.md", "team.ru.md")] {
                    std::fs::rename(
                        s.path(&format!("content/{from}")),
                        s.path(&format!("content/{to}")),
                    )
                    .unwrap();
                }
            }),
        ),
        (
            "a renamed folder",
            Box::new(|s| {
                std::fs::rename(s.path("content/reports"), s.path("content/papers")).unwrap()
            }),
        ),
        (
            "a static file",
            Box::new(|s| s.write("static/leaflet.txt", "Free them all!\n")),
        ),
        (
            "an added static file",
            Box::new(|s| s.write("static/other.txt", "x\n")),
        ),
        (
            "a template",
            Box::new(|s| {
                s.write(
                    "templates/page.html",
                    "{% extends \"base.html\" %}{% block main %}<p>CUSTOM {{ page.title }}</p>{% endblock main %}",
                )
            }),
        ),
        (
            "site.yaml",
            Box::new(|s| s.write("site.yaml", &SITE_YAML.replace("Free them all", "Free all"))),
        ),
        (
            "a spreadsheet of pickets",
            Box::new(|s| {
                s.write(
                    "content/events/days.pickets.csv",
                    "city,country,date,time,place\r\nBerlin,DE,2026-02-22,13:00,Embassy\r\n",
                )
            }),
        ),
        (
            "a data file",
            Box::new(|s| s.write("data/groups.yaml", "- Berlin group\n")),
        ),
        (
            "interface strings",
            Box::new(|s| s.write("i18n/en.ftl", "nav-home = Front page\n")),
        ),
        (
            "a theme of the site",
            Box::new(|s| s.write("themes/default/static/extra.css", "p{}\n")),
        ),
    ];
    for (what, edit) in edits {
        edit(&s);
        assert!(builds(&s, NOON), "{what} did not build again");
        assert!(
            !builds(&s, NOON),
            "{what}: the build after it was not skipped"
        );
    }
    // The output is the edited site's.
    assert!(s.out("papers/one/index.html").contains("A report"));
    assert!(!s.exists("reports/one/index.html"));
    assert!(
        s.out("events/days/calendar.ics")
            .contains("20260222T130000")
    );
    // A touch, a copy with the same bytes, a file rewritten with the same bytes: nothing to do.
    let about = s.path("content/team.md");
    std::fs::File::options()
        .write(true)
        .open(&about)
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
    let bytes = std::fs::read(&about).unwrap();
    std::fs::remove_file(&about).unwrap();
    std::fs::write(&about, &bytes).unwrap();
    assert!(!builds(&s, NOON), "a touch rebuilt");
    // Other bytes of the same size with the old time (a git checkout, cp -p): built.
    let m = std::fs::metadata(&about).unwrap();
    let other = String::from_utf8(bytes)
        .unwrap()
        .replace("Edited.", "Edited!");
    std::fs::write(&about, other).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&about)
        .unwrap()
        .set_modified(m.modified().unwrap())
        .unwrap();
    assert_eq!(std::fs::metadata(&about).unwrap().len(), m.len());
    assert!(
        builds(&s, NOON),
        "new bytes with the old size and time were not built"
    );
    assert!(s.out("team/index.html").contains("Edited!"));
}

#[test]
fn options_that_change_the_output_build_again() {
    let s = site();
    let base = opts(&s, NOON);
    assert!(run(&base).up_to_date.is_none());
    let other_url = BuildOptions {
        base_url: Some("https://mirror.example.net/".into()),
        ..base.clone()
    };
    assert!(run(&other_url).up_to_date.is_none());
    assert!(run(&other_url).up_to_date.is_some());
    assert!(s.out("sitemap.xml").contains("https://mirror.example.net/"));
    assert!(run(&base).up_to_date.is_none());
    let drafts = BuildOptions {
        drafts: true,
        ..base.clone()
    };
    assert!(run(&drafts).up_to_date.is_none());
    assert!(s.exists("news/soon/index.html"));
    assert!(run(&base).up_to_date.is_none());
    assert!(!s.exists("news/soon/index.html"));
    // --strict alone changes no byte: without warnings, still up to date.
    let strict = BuildOptions {
        strict: true,
        ..base.clone()
    };
    assert!(run(&strict).up_to_date.is_some());
    // Another output folder is built; the first keeps its own record.
    let elsewhere = s.path("mirror-copy");
    let other_out = BuildOptions {
        output: Some(elsewhere.clone()),
        ..base.clone()
    };
    assert!(run(&other_out).up_to_date.is_none());
    assert!(run(&other_out).up_to_date.is_some());
    assert!(run(&base).up_to_date.is_some());
    // The same folder by another path (`-o DIR/.`) is the same output.
    let dotted = BuildOptions {
        output: Some(elsewhere.join(".")),
        ..base.clone()
    };
    assert!(run(&dotted).up_to_date.is_some());
}

#[test]
fn a_tampered_output_is_built_again() {
    let s = site();
    assert!(builds(&s, NOON));
    let page = s.path("public/about/index.html");
    let good = std::fs::read(&page).unwrap();
    std::fs::write(&page, "<p>defaced</p>").unwrap();
    assert!(builds(&s, NOON), "an edited file was kept");
    assert_eq!(std::fs::read(&page).unwrap(), good);
    std::fs::remove_file(&page).unwrap();
    assert!(builds(&s, NOON), "a deleted file was not put back");
    assert_eq!(std::fs::read(&page).unwrap(), good);
    std::fs::write(s.path("public/extra.html"), "added").unwrap();
    assert!(builds(&s, NOON), "an added file was kept");
    assert!(!s.exists("extra.html"));
    std::fs::create_dir(s.path("public/extra")).unwrap();
    assert!(builds(&s, NOON), "an added folder was kept");
    assert!(!s.exists("extra"));
    // The same size and the old time, set back by hand: the change time still tells.
    let m = std::fs::metadata(&page).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(30));
    let mut other = good.clone();
    other[0] ^= 1;
    std::fs::write(&page, &other).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(m.modified().unwrap())
        .unwrap();
    assert!(
        builds(&s, NOON),
        "a file changed in place with its old time was kept"
    );
    assert_eq!(std::fs::read(&page).unwrap(), good);
    // The whole output gone.
    std::fs::remove_dir_all(s.path("public")).unwrap();
    assert!(builds(&s, NOON));
    assert!(!builds(&s, NOON));
}

#[test]
fn the_last_builds_warnings_are_repeated_and_strict_still_fails_on_them() {
    let s = site();
    std::os::unix::fs::symlink("/etc/hostname", s.path("content/linked.txt")).unwrap();
    let first = s.run(&["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let warning = "symbolic link skipped";
    assert!(stderr(&first).contains(warning), "{}", stderr(&first));
    let again = s.run(&["build"]);
    let said = stderr(&again);
    assert!(again.status.success(), "{said}");
    assert!(said.contains("the output is up to date"), "{said}");
    assert!(
        said.contains(warning) && said.contains("content/linked.txt"),
        "{said}"
    );
    assert!(said.contains("1 warning"), "{said}");
    let before = identities(s.root());
    let strict = s.run(&["build", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(stderr(&strict).contains(warning), "{}", stderr(&strict));
    assert_eq!(
        identities(s.root()),
        before,
        "a failed build touched something"
    );
    // And the library says the same.
    let o = BuildOptions {
        strict: true,
        ..opts(&s, "2026-12-03T12:00:00Z")
    };
    let errs = build(&o).map(|_| ()).unwrap_err();
    assert!(errs.to_string().contains(warning), "{errs}");
}

#[test]
fn time_counts_only_when_it_changes_the_output() {
    let s = site();
    assert!(builds(&s, "2026-06-01T10:00:00Z"));
    assert!(!s.exists("news/soon/index.html"));
    // Later the same day, before the embargo lifts: the same output.
    assert!(!builds(&s, "2026-06-01T11:59:59Z"));
    // The embargo lifts.
    assert!(builds(&s, "2026-06-01T12:00:00Z"));
    assert!(s.exists("news/soon/index.html"));
    assert!(!builds(&s, "2026-06-01T23:59:59Z"));
    // Midnight: "today" moves (days in custody, upcoming events).
    assert!(builds(&s, "2026-06-02T00:00:00Z"));
    // Back before the embargo: the page goes again.
    assert!(builds(&s, "2026-06-01T11:00:00Z"));
    assert!(!s.exists("news/soon/index.html"));
}

#[test]
fn midnight_is_the_sites_own() {
    let s = site();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}timezone: Europe/Moscow\n"),
    );
    assert!(builds(&s, "2026-05-10T10:00:00Z"));
    // 20:59 UTC is 23:59 in Moscow: the same day there.
    assert!(!builds(&s, "2026-05-10T20:59:59Z"));
    // 21:00 UTC is midnight in Moscow.
    assert!(builds(&s, "2026-05-10T21:00:00Z"));
    assert!(!builds(&s, "2026-05-10T23:30:00Z"));
}

#[test]
fn source_date_epoch_counts_only_when_it_crosses_something() {
    let s = site();
    let run_at = |epoch: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_samizdat"))
            .arg("build")
            .current_dir(s.root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        !stderr(&o).contains("the output is up to date")
    };
    // 2026-06-01 10:00 and 11:00 UTC; the embargo lifts at 12:00.
    assert!(run_at("1780308000"));
    assert!(
        !run_at("1780311600"),
        "the same day, nothing crossed, but built"
    );
    assert!(run_at("1780318800"), "crossed the embargo, but skipped");
    assert!(s.exists("news/soon/index.html"));
}

#[test]
fn the_record_is_never_in_the_output_nor_in_a_bundle() {
    let s = site();
    s.write(
        "content/news/draft.md",
        "---\ntitle: Draft\ndraft: true\n---\nPRIVATE-NOTE\n",
    );
    assert!(s.run(&["build"]).status.success());
    let record = s.path(".public.samizdat.state");
    assert!(record.is_file(), "no record beside the output");
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(!text.contains("PRIVATE-NOTE"));
    let in_output: Vec<String> = snapshot(&s.path("public"))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.contains("samizdat.state"))
        .collect();
    assert!(in_output.is_empty(), "{in_output:?}");
    let bundle = s.run(&["bundle", "-o", "site.tar.gz"]);
    assert!(bundle.status.success(), "{}", stderr(&bundle));
    let bytes = std::fs::read(s.path("site.tar.gz")).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(bytes.as_slice()));
    for entry in tar.entries().unwrap() {
        let entry = entry.unwrap();
        let path = entry.path().unwrap().display().to_string();
        assert!(!path.contains("samizdat.state"), "{path} in the bundle");
    }
    // `bundle` and `check` keep no record of their own.
    let beside: Vec<String> = std::fs::read_dir(s.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("samizdat"))
        .collect();
    assert_eq!(beside, [".public.samizdat.state"]);
}

#[test]
fn calendars_are_the_same_bytes_whatever_the_hour_of_the_build() {
    let s = site();
    let calendars = |when: &str| {
        let o = BuildOptions {
            now: at(when),
            ..s.options()
        };
        run(&o);
        snapshot(&s.path("public"))
            .into_iter()
            .filter(|(p, _)| p.ends_with(".ics"))
            .collect::<Vec<_>>()
    };
    let morning = calendars("2026-05-10T00:00:01Z");
    assert!(!morning.is_empty());
    assert_eq!(calendars("2026-05-10T23:59:59Z"), morning);
    // Another month too: a calendar says when its content changed, not when it was built.
    assert_eq!(calendars("2026-07-20T08:00:00Z").len(), morning.len());
    let stamp = String::from_utf8_lossy(&morning[0].1).into_owned();
    assert!(stamp.contains("DTSTAMP:20260115T000000Z"), "{stamp}");
}
