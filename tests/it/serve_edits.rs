//! Edits seen through a running preview equal a fresh build: the example site is served, edited
//! in many ways one after another (a status, a title, a `case:`, a picket, a translation added
//! and removed, a file deleted, an error introduced and fixed), and after each edit every file
//! a fresh preview of the edited site holds is asked for over HTTP and compared byte for byte.
//! Pages the edit touched may be rendered only when asked for: asking is what a browser does.

use crate::harness::Site;
use crate::serve::{Preview, start_in};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A copy of the example site.
fn example() -> Site {
    let site = Site::new("");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    for e in walkdir::WalkDir::new(&from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(&from).unwrap();
        if rel.starts_with("public") {
            continue;
        }
        let dest = site.root().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
    site
}

/// Status and body of `path`, as bytes.
fn get(p: &Preview, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(p.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, raw.get(split + 4..).unwrap_or_default().to_vec())
}

/// The folder a preview keeps its files in, under its own temporary folder `tmp`.
fn served_dir(tmp: &Path) -> PathBuf {
    let session = std::fs::read_dir(tmp)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("samizdat-serve-"))
        })
        .expect("the preview's session folder");
    // The newest complete folder: an older one may wait for its last reader to be deleted.
    std::fs::read_dir(&session)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join(".samizdat-output").is_file())
        .filter_map(|p| {
            let n: u64 = p
                .file_name()?
                .to_str()?
                .strip_prefix("site-")?
                .parse()
                .ok()?;
            Some((n, p))
        })
        .max()
        .map(|(_, p)| p)
        .expect("a built site")
}

/// Every file of the folder (paths with `/`), hidden ones left out (never served).
fn files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|r| !r.split('/').any(|s| s.starts_with('.')))
        .collect()
}

/// The URL path of a file of the output.
fn url(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{rel}"),
    }
}

/// A preview of the site that has already answered (its first build is done).
fn preview(site: &Site, tmp: &Path) -> Preview {
    let p = start_in(site, &[], Some(tmp));
    p.wait_for("/", "the first build", |r| r.status == 200);
    p
}

/// Waits until the preview reports the result of the next rebuild ("rebuilt ..." or an error).
fn next_rebuild(p: &Preview, what: &str) -> String {
    let started = Instant::now();
    let mut seen = Vec::new();
    while started.elapsed() < Duration::from_secs(120) {
        match p.stderr.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => {
                let done = line.starts_with("rebuilt") || line.contains(": error:");
                seen.push(line);
                if done {
                    // Let the rest of the report arrive.
                    std::thread::sleep(Duration::from_millis(200));
                    seen.extend(p.stderr.try_iter());
                    return seen.join("\n");
                }
            }
            Err(_) => continue,
        }
    }
    panic!("{what}: no rebuild reported; stderr:\n{}", seen.join("\n"));
}

/// Every file of a fresh preview of the site is served the same by `live`; a file `live` has
/// that the fresh one does not is not served.
fn assert_serves_fresh(live: &Preview, live_tmp: &Path, site: &Site, what: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let fresh = preview(site, tmp.path());
    // The two previews listen on different ports: their pages name their own address.
    let (a, b) = (
        format!("127.0.0.1:{}", fresh.addr.port()),
        format!("127.0.0.1:{}", live.addr.port()),
    );
    let dir = served_dir(tmp.path());
    let expected = files(&dir);
    let mut differ = Vec::new();
    for rel in &expected {
        // Calendars fold their lines at 75 bytes, maybe inside the address: compared unfolded.
        let unfold = |bytes: Vec<u8>| match String::from_utf8(bytes) {
            Ok(t) if rel.ends_with(".ics") => t.replace("\r\n ", "").into_bytes(),
            Ok(t) => t.into_bytes(),
            Err(e) => e.into_bytes(),
        };
        let want = unfold(std::fs::read(dir.join(rel)).unwrap());
        let want = String::from_utf8(want.clone())
            .map(|t| t.replace(&a, &b).into_bytes())
            .unwrap_or(want);
        let (status, got) = get(live, &url(rel));
        if status != 200 || unfold(got) != want {
            differ.push(format!("{rel} ({status})"));
        }
    }
    let extra: Vec<String> = files(&served_dir(live_tmp))
        .into_iter()
        .filter(|r| !expected.contains(r))
        .filter(|r| get(live, &url(r)).0 == 200)
        .collect();
    assert!(
        differ.is_empty() && extra.is_empty(),
        "after {what}: served unlike a fresh build: {differ:?}; served but not in it: {extra:?}"
    );
}

fn edit(site: &Site, rel: &str, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    site.write(rel, &f(text));
}

/// An edit of the site's files.
type Step = Box<dyn Fn(&Site)>;

#[test]
fn every_kind_of_edit_serves_what_a_fresh_build_makes() {
    let site = example();
    let tmp = tempfile::tempdir().unwrap();
    let live = preview(&site, tmp.path());
    let steps: Vec<(&str, Step)> = vec![
        (
            "a status",
            Box::new(|s| {
                edit(s, "content/prisoners/alexei-gaskarov.md", |t| {
                    t.replace("status: released", "status: exile")
                })
            }),
        ),
        (
            "a title",
            Box::new(|s| {
                edit(s, "content/news/2014-02-24-verdict.md", |t| {
                    t.replace(
                        "title: Eight Bolotnaya defendants sentenced",
                        "title: Eight defendants sentenced in Moscow",
                    )
                })
            }),
        ),
        (
            "a summary",
            Box::new(|s| {
                edit(s, "content/prisoners/alexei-gaskarov.md", |t| {
                    t.replacen("title:", "summary: \"Antifascist, sentenced.\"\ntitle:", 1)
                })
            }),
        ),
        (
            "a case: relation removed",
            Box::new(|s| {
                edit(s, "content/prisoners/alexei-gaskarov.md", |t| {
                    t.replace("case: bolotnaya\n", "")
                })
            }),
        ),
        (
            "a case: relation added back",
            Box::new(|s| {
                edit(s, "content/prisoners/alexei-gaskarov.md", |t| {
                    t.replace("status:", "case: bolotnaya\nstatus:")
                })
            }),
        ),
        (
            "a picket added to an action",
            Box::new(|s| {
                edit(s, "content/events/days-2014.pickets.csv", |t| {
                    format!("{t}Tallinn,EE,2014-02-23,12:00,\"Vene saatkond, Pikk 19\",\n")
                })
            }),
        ),
        (
            "a translation added",
            Box::new(|s| {
                s.write(
                    "content/prisoners/alexei-gaskarov.fa.md",
                    "---\ntitle: الکسی گاسکاروف\nname: الکسی گاسکاروف\n---\nزندانی پرونده‌ی بولوتنایا.\n",
                )
            }),
        ),
        (
            "a translation removed",
            Box::new(|s| s.remove("content/prisoners/andrei-pivovarov.fa.md")),
        ),
        (
            "a file deleted",
            Box::new(|s| s.remove("content/prisoners/nadezhda-example.ru.md")),
        ),
        (
            "a text edit",
            Box::new(|s| {
                edit(s, "content/news/2014-02-24-verdict.md", |t| {
                    format!("{t}\nThe appeal is pending.\n")
                })
            }),
        ),
    ];
    let rebuilt = |r: &str| r.lines().any(|l| l.starts_with("rebuilt"));
    for (what, step) in &steps {
        let _ = live.stderr.try_iter().count();
        step(&site);
        let report = next_rebuild(&live, what);
        assert!(rebuilt(&report), "{what}: {report}");
        assert_serves_fresh(&live, tmp.path(), &site, what);
    }

    // An error: the last good site stays served, the error is reported, and the fix arrives.
    let good = site.path("content/news/2014-02-24-verdict.md");
    let before = std::fs::read_to_string(&good).unwrap();
    let (_, page_before) = get(&live, "/news/2014-02-24-verdict/");
    let _ = live.stderr.try_iter().count();
    site.write(
        "content/news/2014-02-24-verdict.md",
        &before.replace("date: 2014-02-24", "date: [broken"),
    );
    let report = next_rebuild(&live, "an error introduced");
    assert!(report.contains(": error:") && !rebuilt(&report), "{report}");
    assert!(
        report.contains("content/news/2014-02-24-verdict.md"),
        "{report}"
    );
    assert_eq!(
        get(&live, "/news/2014-02-24-verdict/").1,
        page_before,
        "the last good page is served"
    );
    let _ = live.stderr.try_iter().count();
    site.write(
        "content/news/2014-02-24-verdict.md",
        &before.replace(
            "title: Eight defendants sentenced in Moscow",
            "title: Eight sentenced",
        ),
    );
    let report = next_rebuild(&live, "the error fixed");
    assert!(rebuilt(&report), "{report}");
    assert_serves_fresh(&live, tmp.path(), &site, "the error fixed");
}
