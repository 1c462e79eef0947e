//! `samizdat serve`, through the real binary on 127.0.0.1 and an OS-chosen port: what is served
//! (and what is refused), live changes, errors over the last good pages, and that the live-reload
//! script stays out of `samizdat build` output.

use crate::harness::Site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running preview; killed when dropped.
pub(crate) struct Preview {
    child: Child,
    pub(crate) addr: SocketAddr,
    pub(crate) stderr: std::sync::mpsc::Receiver<String>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site, args: &[&str]) -> Preview {
    start_in(site, args, None)
}

/// A preview keeping its files in `tmp` (the system's temporary folder when None).
pub(crate) fn start_in(site: &Site, args: &[&str], tmp: Option<&std::path::Path>) -> Preview {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_samizdat"));
    cmd.arg("serve")
        .args(["--root", site.root().to_str().unwrap()])
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .env("NO_COLOR", "1");
    if let Some(t) = tmp {
        cmd.env("TMPDIR", t);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start samizdat serve");
    let (tx, stderr) = std::sync::mpsc::channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    assert!(addr.ip().is_loopback(), "{addr}");
    Preview {
        child,
        addr,
        stderr,
    }
}

pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) body: String,
}

impl Preview {
    pub(crate) fn get(&self, path: &str) -> Response {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
    }

    /// A request for `path` naming `host` (no `Host` header at all when None, as HTTP/1.0 may).
    fn get_from(&self, path: &str, host: Option<&str>) -> Response {
        match host {
            Some(h) => self.request(&format!(
                "GET {path} HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"
            )),
            None => self.request(&format!("GET {path} HTTP/1.0\r\n\r\n")),
        }
    }

    fn request(&self, raw_request: &str) -> Response {
        let mut s = TcpStream::connect(self.addr).unwrap();
        // The first answer waits for the first build.
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        s.write_all(raw_request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or("")
            .to_string();
        Response {
            status,
            content_type,
            body: body.to_string(),
        }
    }

    /// Polls `path` until `ok` holds (the watcher and rebuild take a moment).
    pub(crate) fn wait_for(
        &self,
        path: &str,
        what: &str,
        ok: impl Fn(&Response) -> bool,
    ) -> Response {
        let started = Instant::now();
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            if started.elapsed() > Duration::from_secs(120) {
                let log: Vec<String> = self.stderr.try_iter().collect();
                panic!(
                    "{what}: {path} still gives {} {}\nstderr:\n{}",
                    r.status,
                    r.body,
                    log.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The event stream: collects what arrives until `until` matches it.
    pub(crate) fn events_until(&self, until: impl Fn(&str) -> bool) -> String {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            s,
            "GET /__samizdat/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let started = Instant::now();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while started.elapsed() < Duration::from_secs(30) {
            match s.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(_) => {}
            }
            if until(&String::from_utf8_lossy(&got)) {
                break;
            }
        }
        String::from_utf8_lossy(&got).into_owned()
    }
}

#[test]
fn serves_the_site_and_nothing_else() {
    let site = Site::small();
    site.write("static/robots-note.txt", "hello\n");
    std::fs::write(site.path("secret.txt"), "the editors' notes").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.path("secret.txt"), site.path("static/leak.txt")).unwrap();
    let p = start(&site, &["--port", "0"]);

    let home = p.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert!(
        home.body.contains("/__samizdat/live.js"),
        "serve pages load the live-reload script"
    );
    let news = p.get("/news/first/");
    assert!(news.body.contains("The verdict came."));
    assert_eq!(
        p.get("/news/first").status,
        301,
        "a folder without its slash is redirected"
    );
    for (path, ctype) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/atom.xml", "application/xml"),
        ("/mirrors.json", "application/json"),
        ("/robots-note.txt", "text/plain; charset=utf-8"),
        ("/__samizdat/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = p.get(path);
        assert_eq!((r.status, r.content_type.as_str()), (200, ctype), "{path}");
    }
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2e%2e/site.yaml",
        "/news/../../site.yaml",
        "/..%2f..%2fsite.yaml",
        "/leak.txt",
        "/.samizdat-output",
    ] {
        let r = p.get(path);
        assert!(r.status == 403 || r.status == 404, "{path}: {}", r.status);
        assert!(
            !r.body.contains("base_url") && !r.body.contains("editors' notes"),
            "{path}"
        );
    }
    let missing = p.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body, site_404(&p), "the site's own 404 page");
}

#[test]
fn requests_for_another_host_name_are_refused() {
    // A hostile page could point a name of its own at 127.0.0.1 (DNS rebinding) and read the
    // preview from the same browser: only the preview's own addresses are answered.
    let site = Site::small();
    let p = start(&site, &["--port", "0", "--drafts"]);
    let port = p.addr.port();
    for path in [
        "/news/first/",
        "/",
        "/__samizdat/events",
        "/__samizdat/errors",
    ] {
        for host in [
            "evil.example.com".to_string(),
            format!("evil.example.com:{port}"),
            format!("localhost.evil.example.com:{port}"),
            format!("localhost:{}", port.wrapping_add(1)),
        ] {
            let r = p.get_from(path, Some(&host));
            assert_eq!(r.status, 403, "{path} for {host}");
            assert_eq!(r.content_type, "text/plain; charset=utf-8");
            assert!(r.body.contains("--bind"), "{}", r.body);
            assert!(!r.body.contains("verdict"), "{path} for {host}");
        }
    }
    let two = p.request(&format!(
        "GET /news/first/ HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example.com\r\n\r\n"
    ));
    assert_eq!(two.status, 403, "two Host headers");

    for host in [
        Some(format!("127.0.0.1:{port}")),
        Some(format!("localhost:{port}")),
        Some(format!("[::1]:{port}")),
        Some("localhost".to_string()),
        None,
    ] {
        let r = p.get_from("/news/first/", host.as_deref());
        assert_eq!(r.status, 200, "{host:?}");
        assert!(r.body.contains("The verdict came."), "{host:?}");
    }
}

fn site_404(p: &Preview) -> String {
    p.get("/404.html").body
}

#[test]
fn an_edit_is_served_and_an_error_shown_over_the_last_good_page() {
    let site = Site::small();
    let p = start(&site, &["--port", "0"]);
    assert!(p.get("/news/first/").body.contains("The verdict came."));

    site.write(
        "content/news/first.md",
        "---\ntitle: First news\ndate: 2014-02-24\ntags: [bolotnaya, verdict]\n---\nThe verdict came at noon.\n\n## Details {#details}\n\nMore.\n",
    );
    p.wait_for("/news/first/", "an edit of the text", |r| {
        r.body.contains("The verdict came at noon.")
    });

    // An editor's atomic save: the new text is written to a temporary file renamed over the page.
    site.write(
        "content/.about.md.swp",
        "---\ntitle: About us\n---\nWe are a campaign of many. See [the news](news/first.md#details).\n",
    );
    std::fs::rename(
        site.path("content/.about.md.swp"),
        site.path("content/about.md"),
    )
    .unwrap();
    p.wait_for("/about/", "an atomic save", |r| {
        r.body.contains("a campaign of many")
    });

    // A broken front matter: the error (file and line) reaches the overlay, the page stays.
    site.write(
        "content/news/first.md",
        "---\ntitle: First news\ndat: 2014-02-24\n---\nThe verdict came in the evening.\n",
    );
    let errors = p.wait_for("/__samizdat/errors", "a broken front matter", |r| {
        r.body.contains("first.md")
    });
    assert!(
        errors.body.contains("content/news/first.md"),
        "{}",
        errors.body
    );
    assert!(errors.body.contains("\"line\":3"), "{}", errors.body);
    let stream = p.events_until(|s| s.contains("event: status"));
    assert!(stream.contains("text/event-stream"), "{stream}");
    assert!(stream.contains("content/news/first.md:3"), "{stream}");
    let page = p.get("/news/first/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("The verdict came at noon."),
        "the last good page is served"
    );

    site.write(
        "content/news/first.md",
        "---\ntitle: First news\ndate: 2014-02-24\n---\nThe verdict came in the evening.\n\n## Details {#details}\n",
    );
    p.wait_for("/news/first/", "the fix", |r| {
        r.body.contains("in the evening")
    });
    let errors = p.get("/__samizdat/errors");
    assert_eq!(errors.body, r#"{"errors":[]}"#);
}

#[test]
fn drafts_are_shown_only_with_drafts_and_marked() {
    let site = Site::small();
    site.write(
        "content/news/plan.md",
        "---\ntitle: Our plan\ndate: 2014-03-01\ndraft: true\n---\nNot yet.\n",
    );
    let p = start(&site, &["--port", "0"]);
    assert_eq!(p.get("/news/plan/").status, 404);
    drop(p);
    let p = start(&site, &["--port", "0", "--drafts"]);
    let page = p.get("/news/plan/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("badge-draft"), "{}", page.body);
}

#[test]
fn a_taken_port_is_said_and_the_next_one_used() {
    let site = Site::small();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let p = start(&site, &["--port", &port.to_string()]);
    assert_ne!(p.addr.port(), port);
    let said = p.stderr.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(said.contains(&format!("port {port} is taken")), "{said}");
    assert_eq!(p.get("/").status, 200);
}

#[test]
fn the_live_reload_script_never_reaches_build_output() {
    let site = Site::small();
    site.build_ok();
    for e in walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(e.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__samizdat"),
            "{} mentions the live-reload script",
            e.path().display()
        );
    }
}
