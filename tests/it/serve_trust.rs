//! What `samizdat serve` promises while a site is edited, through the real binary: a page that
//! exists is never missing or cut short while the site is built again; links in the watched
//! folders (to an ancestor, to `/`, to themselves, dangling) never stop edits from showing;
//! editors' temporary files neither rebuild nor show errors; a renamed folder, a burst of changes
//! and the preview's own folder deleted by hand are all followed.

use crate::harness::Site;
use crate::serve::{Preview, start_in};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A response read whole: status, declared length, body bytes.
struct Raw {
    status: u16,
    length: Option<usize>,
    body: Vec<u8>,
}

fn fetch(addr: SocketAddr, path: &str) -> Result<Raw, String> {
    let mut s = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no header end in {} bytes", raw.len()))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.trim().parse().ok());
    Ok(Raw {
        status,
        length,
        body: raw[split + 4..].to_vec(),
    })
}

/// A stylesheet big enough that a copy or a write takes a while: version `v`, whole.
fn big_css(v: usize) -> String {
    let mut s = format!("/* version {v} */\n");
    for i in 0..20_000 {
        s.push_str(&format!(
            ".c{i} {{ color: #{:06x}; }}\n",
            (i * 7919 + v) % 0xffffff
        ));
    }
    s.push_str(&format!("/* end of version {v} */\n"));
    s
}

/// What is wrong with `r`, a response for `path`, if anything: a page of both versions must be
/// there, and whole.
fn problem(path: &str, r: &Raw, css: &[String], style: &[u8]) -> Option<String> {
    if r.status != 200 {
        return Some(format!("status {}", r.status));
    }
    if r.length != Some(r.body.len()) {
        return Some(format!("{:?} bytes said, {} sent", r.length, r.body.len()));
    }
    let text = String::from_utf8_lossy(&r.body);
    let whole = if path.ends_with('/') {
        text.starts_with("<!DOCTYPE html>") && text.trim_end().ends_with("</html>")
    } else if path == "/atom.xml" {
        text.starts_with("<?xml") && text.trim_end().ends_with("</feed>")
    } else if path == "/big.css" {
        css.iter().any(|c| *c == text)
    } else if path == "/style.css" {
        r.body == style
    } else {
        true
    };
    (!whole).then(|| format!("cut short or mixed: {} bytes", r.body.len()))
}

/// Requests `paths` over and over from a few threads until stopped; collects what went wrong.
struct Hammer {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<(usize, Vec<String>)>>,
}

impl Hammer {
    fn start(addr: SocketAddr, paths: &'static [&'static str], css: Vec<String>) -> Hammer {
        let stop = Arc::new(AtomicBool::new(false));
        let style = fetch(addr, "/style.css").unwrap().body;
        let css = Arc::new(css);
        let threads = (0..3)
            .map(|_| {
                let (stop, css, style) = (stop.clone(), css.clone(), style.clone());
                std::thread::spawn(move || {
                    let (mut n, mut bad) = (0, Vec::new());
                    while !stop.load(Ordering::Relaxed) {
                        for path in paths {
                            n += 1;
                            let why = match fetch(addr, path) {
                                Ok(r) => problem(path, &r, &css, &style),
                                Err(e) => Some(e),
                            };
                            if let Some(why) = why
                                && bad.len() < 50
                            {
                                bad.push(format!("{path}: {why}"));
                            }
                        }
                    }
                    (n, bad)
                })
            })
            .collect();
        Hammer { stop, threads }
    }

    fn finish(self) -> (usize, Vec<String>) {
        self.stop.store(true, Ordering::Relaxed);
        let mut total = 0;
        let mut bad = Vec::new();
        for t in self.threads {
            let (n, b) = t.join().unwrap();
            total += n;
            bad.extend(b);
        }
        (total, bad)
    }
}

const HAMMERED: &[&str] = &[
    "/",
    "/about/",
    "/news/first/",
    "/ru/",
    "/ru/about/",
    "/atom.xml",
    "/style.css",
    "/big.css",
    "/404.html",
];

fn footer(marker: &str) -> String {
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials/footer.html"),
    )
    .unwrap();
    builtin.replace("</footer>", &format!("<p>{marker}</p>\n</footer>"))
}

#[test]
fn existing_pages_are_never_missing_or_cut_short_while_rebuilding() {
    let site = Site::small();
    let versions: Vec<String> = (0..4).map(big_css).collect();
    site.write("static/big.css", &versions[0]);
    let p = start_in(&site, &["--port", "0"], None);
    p.wait_for("/big.css", "the first build", |r| r.status == 200);
    let hammer = Hammer::start(p.addr, HAMMERED, versions.clone());

    let about = |title: &str, text: &str| format!("---\ntitle: {title}\n---\n{text}\n");
    // Text alone: rendered again into the served folder, file by file.
    for i in 0..3 {
        let text = format!("We are a campaign, edit {i}.");
        site.write("content/about.md", &about("About us", &text));
        p.wait_for("/about/", "a text edit", |r| r.body.contains(&text));
    }
    // Front matter: the library is put together again.
    site.write(
        "content/news/first.md",
        "---\ntitle: First news, retitled\ndate: 2014-02-24\ntags: [bolotnaya]\n---\nThe verdict came.\n\n## Details {#details}\n",
    );
    p.wait_for("/news/first/", "a front matter edit", |r| {
        r.body.contains("First news, retitled")
    });
    // A title in every page's menu: every page, into a new folder.
    site.write("content/about.md", &about("Who we are", "Menu edit."));
    p.wait_for("/", "a menu edit", |r| r.body.contains("Who we are"));
    // A big static file, twice.
    for v in [1, 2] {
        site.write("static/big.css", &versions[v]);
        p.wait_for("/big.css", "a static edit", |r| r.body == versions[v]);
    }
    // A template: every page.
    site.write(
        "templates/partials/footer.html",
        &footer("template edit one"),
    );
    p.wait_for("/news/first/", "a template edit", |r| {
        r.body.contains("template edit one")
    });
    // A broken edit: the last good pages stay; then the fix.
    site.write("content/about.md", "---\ntitle: [broken\n---\nNo.\n");
    p.wait_for("/__samizdat/errors", "a broken edit", |r| {
        r.body.contains("about.md")
    });
    site.write("content/about.md", &about("Who we are", "Fixed at last."));
    p.wait_for("/about/", "the fix", |r| r.body.contains("Fixed at last."));
    // site.yaml: every page, into a new folder.
    let yaml = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml.replace("Free them all,", "Free them all now,"),
    );
    p.wait_for("/", "a site.yaml edit", |r| {
        r.body.contains("Free them all now")
    });
    site.write("static/big.css", &versions[3]);
    site.write(
        "templates/partials/footer.html",
        &footer("template edit two"),
    );
    p.wait_for("/big.css", "the last edits", |r| r.body == versions[3]);
    p.wait_for("/", "the last edits", |r| {
        r.body.contains("template edit two")
    });

    let (requests, bad) = hammer.finish();
    assert!(requests >= HAMMERED.len() * 3, "{requests} requests");
    assert!(
        bad.is_empty(),
        "{} of {requests} requests for pages of both versions went wrong:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Reads the preview's output (into `said`) until a rebuild, or a failed one, is reported.
fn next_rebuild(p: &Preview, what: &str, said: &mut Vec<String>) {
    let started = Instant::now();
    loop {
        match p.stderr.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let done = line.starts_with("built ")
                    || line.starts_with("rebuilt ")
                    || line.starts_with("the preview keeps");
                said.push(line);
                if done {
                    return;
                }
            }
            Err(_) => assert!(
                started.elapsed() < Duration::from_secs(120),
                "no rebuild after {what}"
            ),
        }
    }
}

/// Every kind of link a careless edit or an attacker can leave, in `dir`: to the site (which
/// holds the preview's own folder here), to `/`, to the folder itself, two that point at each
/// other, one at itself, one at nothing.
#[cfg(unix)]
fn make_links(dir: &Path, site_root: &Path) -> Vec<PathBuf> {
    use std::os::unix::fs::symlink;
    std::fs::create_dir_all(dir).unwrap();
    [
        ("up", site_root.to_path_buf()),
        ("slash", PathBuf::from("/")),
        ("here", PathBuf::from(".")),
        ("loop-a", PathBuf::from("loop-b")),
        ("loop-b", PathBuf::from("loop-a")),
        ("self", PathBuf::from("self")),
        ("dangling", PathBuf::from("nowhere/at/all")),
    ]
    .iter()
    .map(|(name, to)| {
        let p = dir.join(name);
        symlink(to, &p).unwrap();
        p
    })
    .collect()
}

const LINKED: [&str; 7] = [
    "content",
    "content/news/linked",
    "static",
    "static/new/deeper",
    "templates",
    "i18n",
    "themes",
];

#[cfg(unix)]
#[test]
fn links_in_watched_folders_never_stop_edits_from_showing() {
    let site = Site::small();
    site.write("static/a.css", "a {}\n");
    // The preview's own folder inside the site: a link to the site reaches it, and a watcher
    // that followed the link would hear every rebuild write and rebuild again, forever.
    let tmp = site.path("preview-tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let root = site.root().canonicalize().unwrap();
    // As reported: a link in static/ to the site's folder, there when the preview starts.
    let mut links = vec![root.join("static/up")];
    std::os::unix::fs::symlink(&root, &links[0]).unwrap();
    let p = start_in(&site, &["--port", "0"], Some(&tmp));
    let page = |text: &str| format!("---\ntitle: About us\n---\n{text}\n");
    let mut edit = 0;
    let mut edit_shows = |what: &str| {
        edit += 1;
        let text = format!("Edit number {edit}.");
        site.write("content/about.md", &page(&text));
        p.wait_for("/about/", what, |r| r.body.contains(&text));
        site.write("static/a.css", &format!("a {{ z-index: {edit}; }}\n"));
        p.wait_for("/a.css", what, |r| {
            r.body.contains(&format!("z-index: {edit};"))
        });
    };
    p.wait_for("/", "the first build", |r| {
        r.status == 200 || r.status == 503
    });
    for l in links.drain(..) {
        std::fs::remove_file(l).unwrap();
    }
    edit_shows("a link there at the start, then removed");

    // Every kind of link, in every watched folder and in folders made at once with them.
    let mut said: Vec<String> = Vec::new();
    for round in 0..2 {
        said.extend(p.stderr.try_iter());
        for d in LINKED {
            links.extend(make_links(&root.join(d), &root));
        }
        next_rebuild(&p, "links were made", &mut said);
        for l in links.drain(..) {
            std::fs::remove_file(l).unwrap();
        }
        edit_shows(&format!(
            "links made and removed while serving, round {round}"
        ));
    }
    said.extend(p.stderr.try_iter());
    let through: Vec<&String> = said
        .iter()
        .filter(|l| ["/up/", "/slash/", "/here/"].iter().any(|n| l.contains(n)))
        .collect();
    assert!(
        through.is_empty(),
        "changes seen through a link: {through:?}"
    );
}

/// The names editors, office programs, browsers and tools leave for a moment beside a file.
const TEMPORARY: &[&str] = &[
    ".about.md.swp",
    ".about.md.swx",
    "about.md.swp",
    "4913",
    "about.md~",
    "#about.md#",
    ".about.md.kate-swp",
    ".goutputstream-X1Y2Z3",
    "about.md___jb_tmp___",
    "about.md___jb_old___",
    ".~lock.budget.ods#",
    "~$letter.docx",
    "about.md.crswap",
    "about.md.vsctmp",
    "about.md.tmp.12345",
    "leaflet.pdf.part",
    "leaflet.pdf.crdownload",
    ".about.md.a1B2c3",
    "sedAbC123",
    "about.md.save",
    "Thumbs.db",
];

/// Saves `text` at `rel` the way careful editors do: into a temporary file beside it (a name
/// the preview ignores), renamed over it. A test that wrote in place could have its own
/// half-written page read, which is a real (and passing) error, not one of the temporary files.
fn save(site: &Site, rel: &str, text: &str) {
    let tmp = format!("{rel}.tmp.4242");
    site.write(&tmp, text);
    std::fs::rename(site.path(&tmp), site.path(rel)).unwrap();
}

#[test]
fn editors_temporary_files_neither_rebuild_nor_show_errors() {
    let site = Site::small();
    site.write("static/a.css", "a {}\n");
    site.write("data/groups.yaml", "- name: Moscow\n");
    site.write("i18n/en.ftl", "skip-to-content = Skip\n");
    let p = start_in(&site, &["--port", "0"], None);
    p.wait_for("/", "the first build", |r| r.status == 200);
    let events = Arc::new(Mutex::new(String::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let listener = {
        let (addr, events, stop) = (p.addr, events.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(addr).unwrap();
            s.set_read_timeout(Some(Duration::from_millis(100)))
                .unwrap();
            write!(
                s,
                "GET /__samizdat/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
            )
            .unwrap();
            let mut buf = [0u8; 4096];
            while !stop.load(Ordering::Relaxed) {
                match s.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => events
                        .lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n])),
                    Err(_) => {}
                }
            }
        })
    };
    // Wait until the stream is open, so that nothing it should hear is missed.
    let started = Instant::now();
    while !events.lock().unwrap().contains("event: status") {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no event stream"
        );
        std::thread::sleep(Duration::from_millis(10));
    }

    // Broken contents everywhere: any of them read by a build would be an error.
    let broken = "---\ntitle: [unclosed\n---\n{% if %}\n= = =\n- : :\n";
    for dir in [
        "content",
        "content/news",
        "static",
        "templates",
        "templates/partials",
        "i18n",
        "data",
    ] {
        for name in TEMPORARY {
            site.write(&format!("{dir}/{name}"), broken);
        }
        for name in ["about.md", "en.ftl", "groups.yaml", "page.html"] {
            // emacs's lock: a link to `user@host.pid:time`, which is nowhere.
            #[cfg(unix)]
            std::os::unix::fs::symlink(
                "campaigner@laptop.4242:1790000000",
                site.path(&format!("{dir}/.#{name}")),
            )
            .unwrap();
        }
    }
    // vim's save: the probe, the original renamed to its backup, the new text.
    site.write("content/4913", "");
    site.remove("content/4913");
    std::fs::rename(
        site.path("content/about.md"),
        site.path("content/about.md~"),
    )
    .unwrap();
    save(
        &site,
        "content/about.md",
        "---\ntitle: About us\n---\nSaved the vim way.\n",
    );
    p.wait_for("/about/", "vim's save", |r| {
        r.body.contains("Saved the vim way.")
    });
    // A full build reads every folder: the temporary files must be left out there too.
    let yaml = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    save(
        &site,
        "site.yaml",
        &yaml.replace("Free them all,", "Free them all again,"),
    );
    p.wait_for("/", "a full build", |r| {
        r.body.contains("Free them all again")
    });
    for name in TEMPORARY {
        let r = p.get(&format!("/{}", name.replace('#', "%23")));
        assert!(r.status == 404 || r.status == 403, "/{name} was published");
    }
    // Removing them is no change either.
    for dir in ["content", "static", "templates", "i18n", "data"] {
        for name in TEMPORARY {
            let _ = std::fs::remove_file(site.path(&format!("{dir}/{name}")));
        }
    }
    save(
        &site,
        "content/about.md",
        "---\ntitle: About us\n---\nThe last edit.\n",
    );
    p.wait_for("/about/", "the last edit", |r| {
        r.body.contains("The last edit.")
    });

    stop.store(true, Ordering::Relaxed);
    listener.join().unwrap();
    let heard = events.lock().unwrap().clone();
    assert!(
        !heard.contains("event: errors"),
        "an error was shown:\n{heard}"
    );
    assert_eq!(p.get("/__samizdat/errors").body, r#"{"errors":[]}"#);
    let said: Vec<String> = p.stderr.try_iter().collect();
    assert!(
        !said.iter().any(|l| l.contains("error:")),
        "{}",
        said.join("\n")
    );
}

#[test]
fn a_renamed_folder_and_a_burst_of_changes_are_followed() {
    let site = Site::small();
    site.write(
        "content/reports/2014/march.md",
        "---\ntitle: March\ndate: 2014-03-31\n---\nThe month's report.\n",
    );
    let p = start_in(&site, &["--port", "0"], None);
    p.wait_for("/reports/2014/march/", "the first build", |r| {
        r.status == 200
    });

    std::fs::rename(site.path("content/reports"), site.path("content/archive")).unwrap();
    p.wait_for("/archive/2014/march/", "a renamed folder", |r| {
        r.status == 200
    });
    assert_eq!(p.get("/reports/2014/march/").status, 404);
    site.write(
        "content/archive/2014/march.md",
        "---\ntitle: March\ndate: 2014-03-31\n---\nEdited after the move.\n",
    );
    p.wait_for(
        "/archive/2014/march/",
        "an edit in the renamed folder",
        |r| r.body.contains("Edited after the move."),
    );

    // A thousand files at once (a `git checkout`, an unpacked archive), then gone again.
    for i in 0..1000 {
        site.write(
            &format!("content/burst/p{i}.md"),
            &format!("---\ntitle: Page {i}\n---\nText {i}.\n"),
        );
    }
    p.wait_for("/burst/p999/", "a burst of new files", |r| {
        r.body.contains("Text 999.")
    });
    p.wait_for("/burst/p0/", "a burst of new files", |r| r.status == 200);
    // Files made and deleted while the site is being built: some are gone before they are read.
    for round in 0..50 {
        site.write(
            &format!("content/churn-{}.md", round % 5),
            "---\ntitle: Here and gone\n---\nSoon gone.\n",
        );
        if round % 2 == 1 {
            let _ = std::fs::remove_file(site.path(&format!("content/churn-{}.md", round % 5)));
        }
    }
    for i in 0..5 {
        let _ = std::fs::remove_file(site.path(&format!("content/churn-{i}.md")));
    }
    std::fs::remove_dir_all(site.path("content/burst")).unwrap();
    p.wait_for("/burst/p999/", "a burst of deletions", |r| r.status == 404);
    site.write(
        "content/about.md",
        "---\ntitle: About us\n---\nStill following.\n",
    );
    p.wait_for("/about/", "an edit after the burst", |r| {
        r.body.contains("Still following.")
    });
    for i in 0..5 {
        assert_eq!(p.get(&format!("/churn-{i}/")).status, 404);
    }
    p.wait_for("/__samizdat/errors", "no error left", |r| {
        r.body == r#"{"errors":[]}"#
    });
}

/// The folders of previews in `tmp`.
fn session_folders(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("samizdat-serve-"))
        })
        .collect()
}

#[test]
fn the_preview_builds_again_when_its_folder_is_deleted() {
    let site = Site::small();
    let tmp = tempfile::tempdir().unwrap();
    let p = start_in(&site, &["--port", "0"], Some(tmp.path()));
    p.wait_for("/news/first/", "the first build", |r| r.status == 200);
    let sessions = session_folders(tmp.path());
    assert_eq!(sessions.len(), 1, "{sessions:?}");

    // The served folder deleted by hand: the next request finds it gone and it is built again.
    for e in std::fs::read_dir(&sessions[0])
        .unwrap()
        .filter_map(Result::ok)
    {
        if e.file_name().to_string_lossy().starts_with("site-") {
            std::fs::remove_dir_all(e.path()).unwrap();
        }
    }
    p.wait_for("/news/first/", "the folder deleted by hand", |r| {
        r.status == 200 && r.body.contains("The verdict came.")
    });
    site.write(
        "content/about.md",
        "---\ntitle: About us\n---\nAfter the deletion.\n",
    );
    p.wait_for("/about/", "an edit after the deletion", |r| {
        r.body.contains("After the deletion.")
    });

    // The whole session folder, as a cleaner of temporary folders would; noticed on an edit.
    // (Moved away first: the preview writes into it meanwhile.)
    let away = tmp.path().join("cleaned");
    std::fs::rename(&sessions[0], &away).unwrap();
    std::fs::remove_dir_all(&away).unwrap();
    site.write(
        "content/about.md",
        "---\ntitle: About us\n---\nAfter the cleaner.\n",
    );
    p.wait_for("/about/", "an edit after the cleaner", |r| {
        r.body.contains("After the cleaner.")
    });
    assert_eq!(p.get("/news/first/").status, 200);
}
