//! A small HTTP/1.1 server for the preview: GET and HEAD of the site's files, one thread per
//! connection, `Connection: close`. No framework: a preview serves a few files to one browser.
//!
//! Only files of the built site are served. A path is percent-decoded once; `..`, `.`, NUL,
//! backslashes and hidden names are refused; the file found is canonicalized and must still be
//! inside the output folder (a symlink out is refused). Folders serve their `index.html`; what is
//! missing gets the site's own 404.html with status 404. `/__samizdat/` holds the live-reload
//! script, its event stream and the errors of the last build.
//!
//! A request holds the folder it started on until it is answered (see [`super::served`]), so a
//! rebuild never pulls a file from under it. A folder found deleted (by hand, by a cleaner of
//! temporary folders) is reported to the rebuilding thread and answered with a page that
//! reloads once the site is built again.
//!
//! Only requests addressed to the preview itself are answered: a `Host` of `localhost`,
//! `127.0.0.1`, `[::1]` or the address given with `--bind`, with the port served or none. Any
//! other name gets 403: a hostile web page open in the same browser could otherwise point a name
//! of its own at 127.0.0.1 (DNS rebinding) and read the preview, drafts and embargoes included.

use super::Signal;
use super::live::{self, Hub};
use super::served::Served;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// What request threads share with the rebuilding thread.
pub(crate) struct Shared {
    /// The folder being served: replaced whole after a full rebuild, updated in place otherwise.
    /// Each request holds its own handle to it until answered (see [`super::served`]).
    out: RwLock<Option<Arc<Served>>>,
    pub(crate) hub: Hub,
    /// The address listened on: requests must name it (or a name of the loopback).
    addr: SocketAddr,
    /// Tells the rebuilding thread that the served folder is gone.
    rebuild: Mutex<Sender<Signal>>,
}

impl Shared {
    pub(crate) fn new(addr: SocketAddr, rebuild: Sender<Signal>) -> Shared {
        Shared {
            out: RwLock::new(None),
            hub: Hub::default(),
            addr,
            rebuild: Mutex::new(rebuild),
        }
    }

    /// Points new requests at `out`; requests already reading the old folder finish with it.
    pub(crate) fn serve(&self, out: Arc<Served>) {
        if let Ok(mut o) = self.out.write() {
            *o = Some(out);
        }
    }

    fn current(&self) -> Option<Arc<Served>> {
        self.out.read().ok().and_then(|o| o.clone())
    }

    fn lost(&self) {
        if let Ok(tx) = self.rebuild.lock() {
            let _ = tx.send(Signal::Lost);
        }
    }

    /// Asks the rebuilding thread to render the out-of-date file `rel` and waits until it has
    /// (or has given up: the file on disk is served then).
    fn render(&self, rel: String) {
        let (done, wait) = std::sync::mpsc::channel();
        let sent = self
            .rebuild
            .lock()
            .is_ok_and(|tx| tx.send(Signal::Render { rel, done }).is_ok());
        if sent {
            let _ = wait.recv_timeout(RENDER_WAIT);
        }
    }
}

/// How long a request waits for an out-of-date file to be rendered (a full rebuild may be under
/// way first).
const RENDER_WAIT: Duration = Duration::from_secs(300);

/// The file of the output a URL path names if it exists (`/ru/x/` -> `ru/x/index.html`), to look
/// up among the files out of date; never used to open a file ([`resolve`] does that).
fn output_name(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let rel = decoded.strip_prefix('/')?;
    if rel.is_empty() || rel.ends_with('/') {
        Some(format!("{rel}index.html"))
    } else {
        Some(rel.to_string())
    }
}

/// Accepts connections until the listener fails; each one on its own thread.
pub(crate) fn run(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = shared.clone();
        let _ = std::thread::Builder::new()
            .name("samizdat-http".into())
            .spawn(move || {
                let _ = handle(stream, &shared);
            });
    }
}

struct Request {
    method: String,
    target: String,
    /// Each `Host` header's value (HTTP/1.0 clients may send none).
    hosts: Vec<String>,
}

fn read_request(stream: &TcpStream) -> std::io::Result<Option<Request>> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let mut req = Request {
        method: method.to_string(),
        target: target.to_string(),
        hosts: Vec::new(),
    };
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((name, value)) = h.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            req.hosts.push(value.trim().to_string());
        }
    }
    Ok(Some(req))
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let Some(req) = read_request(&stream)? else {
        return respond(
            &mut stream,
            400,
            "text/plain; charset=utf-8",
            b"bad request\n",
            true,
        );
    };
    let head = req.method == "HEAD";
    let addressed = match req.hosts.as_slice() {
        [] => true,
        [host] => host_allowed(host, shared.addr),
        _ => false,
    };
    if !addressed {
        return respond(
            &mut stream,
            403,
            "text/plain; charset=utf-8",
            REFUSED_HOST,
            !head,
        );
    }
    if req.method != "GET" && !head {
        return respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n",
            !head,
        );
    }
    let path = req.target.split(['?', '#']).next().unwrap_or("");
    match path {
        "/__samizdat/live.js" => {
            return respond(
                &mut stream,
                200,
                "text/javascript; charset=utf-8",
                live::SCRIPT.as_bytes(),
                !head,
            );
        }
        "/__samizdat/overlay.css" => {
            return respond(
                &mut stream,
                200,
                "text/css; charset=utf-8",
                live::OVERLAY_CSS.as_bytes(),
                !head,
            );
        }
        "/__samizdat/events" => return events(stream, shared),
        "/__samizdat/errors" => {
            let body = serde_json::json!({
                "errors": live::errors_json(&shared.hub.errors())
            })
            .to_string();
            return respond(&mut stream, 200, "application/json", body.as_bytes(), !head);
        }
        "/__samizdat/" | "/__samizdat" => {
            let page = live::status_page(&shared.hub.errors());
            return respond(
                &mut stream,
                200,
                "text/html; charset=utf-8",
                page.as_bytes(),
                !head,
            );
        }
        _ => {}
    }
    let Some(out) = shared.current() else {
        // No good build yet: every page is the list of errors, which reloads once they are fixed.
        let page = live::status_page(&shared.hub.errors());
        return respond(
            &mut stream,
            503,
            "text/html; charset=utf-8",
            page.as_bytes(),
            !head,
        );
    };
    if !out.is_intact() {
        // Deleted by hand or by a cleaner of temporary folders: built again, then reloaded.
        shared.lost();
        let page = live::rebuilding_page();
        return respond(
            &mut stream,
            503,
            "text/html; charset=utf-8",
            page.as_bytes(),
            !head,
        );
    }
    if let Some(rel) = output_name(path).filter(|r| out.is_stale(r)) {
        shared.render(rel);
    }
    let dir = out.dir();
    match resolve(dir, path) {
        Found::File(file) => match std::fs::read(&file) {
            Ok(bytes) => respond(&mut stream, 200, content_type(&file), &bytes, !head),
            // Deleted since it was found: a file the new version of the site no longer has.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                not_found(&mut stream, dir, 404, !head)
            }
            Err(_) => respond(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"the file could not be read; reload the page\n",
                !head,
            ),
        },
        Found::Folder(location) => redirect(&mut stream, &location),
        Found::Refused => not_found(&mut stream, dir, 403, !head),
        Found::Missing => not_found(&mut stream, dir, 404, !head),
    }
}

const REFUSED_HOST: &[u8] = b"samizdat serve answers only requests addressed to localhost, \
127.0.0.1, [::1] or the address given with --bind: open the address it printed when it started.\n";

/// Whether a `Host` header names the preview listening on `served`: a name of the loopback or
/// the address listened on, with that port or none. When listening on every address
/// (`--bind 0.0.0.0`), any address written as numbers is accepted: a page of another site can
/// reach the preview only through a name of its own, never through an address.
pub(crate) fn host_allowed(host: &str, served: SocketAddr) -> bool {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let Some((inside, after)) = rest.split_once(']') else {
                return false;
            };
            if !after.is_empty() && !after.starts_with(':') {
                return false;
            }
            (inside, after.strip_prefix(':'))
        }
        None => match host.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        },
    };
    if port.is_some_and(|p| p.parse::<u16>().ok() != Some(served.port())) {
        return false;
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    // An IPv6 address is only valid in brackets, where `name` came from.
    let ip: IpAddr = match name.parse() {
        Ok(IpAddr::V6(_)) if !host.starts_with('[') => return false,
        Ok(ip) => ip,
        Err(_) => return false,
    };
    ip.is_loopback() || ip == served.ip() || served.ip().is_unspecified()
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Found {
    File(PathBuf),
    /// A folder asked for without its final `/`: redirect there, so relative links work.
    Folder(String),
    Missing,
    Refused,
}

/// The file of the output folder `root` that the URL path `path` names.
pub(crate) fn resolve(root: &Path, path: &str) -> Found {
    let Some(decoded) = percent_decode(path) else {
        return Found::Refused;
    };
    if !decoded.starts_with('/') || decoded.contains(['\0', '\\']) {
        return Found::Refused;
    }
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    let last = segments.len() - 1;
    let mut rel = PathBuf::new();
    for (i, s) in segments.iter().enumerate() {
        if s.is_empty() {
            // `//` inside a path, or the final `/` of a folder.
            if i == last {
                continue;
            }
            return Found::Refused;
        }
        if *s == ".." || *s == "." || s.starts_with('.') {
            return Found::Refused;
        }
        rel.push(s);
    }
    let Ok(root) = root.canonicalize() else {
        return Found::Missing;
    };
    let candidate = root.join(&rel);
    let Ok(real) = candidate.canonicalize() else {
        return Found::Missing;
    };
    if !real.starts_with(&root) {
        return Found::Refused;
    }
    if real.is_dir() {
        if !decoded.ends_with('/') {
            return Found::Folder(format!("{path}/"));
        }
        let index = real.join("index.html");
        return match index.canonicalize() {
            Ok(i) if i.starts_with(&root) && i.is_file() => Found::File(i),
            Ok(_) => Found::Refused,
            Err(_) => Found::Missing,
        };
    }
    if decoded.ends_with('/') {
        return Found::Missing;
    }
    Found::File(real)
}

/// Decodes `%XX` once; None for a bad escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of a file of the site, by its extension.
pub(crate) fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "gz" => "application/gzip",
        "zip" => "application/zip",
        "minisig" | "pub" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    ctype: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

fn redirect(stream: &mut TcpStream, location: &str) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes())?;
    stream.flush()
}

/// The site's 404.html (or a line of text when it has none), with `status`.
fn not_found(
    stream: &mut TcpStream,
    out: &Path,
    status: u16,
    with_body: bool,
) -> std::io::Result<()> {
    match std::fs::read(out.join("404.html")) {
        Ok(page) => respond(stream, status, "text/html; charset=utf-8", &page, with_body),
        Err(_) => respond(
            stream,
            status,
            "text/plain; charset=utf-8",
            b"not found\n",
            with_body,
        ),
    }
}

/// An event stream: the status first, then every event of the hub, with a comment now and then
/// so that a closed page is noticed and dropped.
fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let rx = shared.hub.subscribe();
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          Connection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    stream.flush()?;
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(_) => return Ok(()),
        };
        stream.write_all(msg.as_bytes())?;
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        std::fs::create_dir_all(out.join("news/first")).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(out.join("news/first/index.html"), "news").unwrap();
        std::fs::write(d.path().join("site.yaml"), "secret").unwrap();
        d
    }

    #[test]
    fn paths_out_of_the_site_are_refused() {
        let d = site();
        let out = d.path().join("out");
        for p in [
            "/../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E/site.yaml",
            "/news/../../site.yaml",
            "/news/%2e%2e/%2e%2e/site.yaml",
            "/..%2fsite.yaml",
            "/..%5csite.yaml",
            "/%00",
            "/%zz",
            "/.samizdat-output",
            "//etc/passwd",
        ] {
            assert_eq!(resolve(&out, p), Found::Refused, "{p}");
        }
        // Decoded once: `%252e` is the name `%2e`, not `..`.
        assert_eq!(resolve(&out, "/%252e%252e/site.yaml"), Found::Missing);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_site_is_refused() {
        let d = site();
        let out = d.path().join("out");
        std::os::unix::fs::symlink(d.path().join("site.yaml"), out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(d.path(), out.join("up")).unwrap();
        assert_eq!(resolve(&out, "/leak.txt"), Found::Refused);
        assert_eq!(resolve(&out, "/up/site.yaml"), Found::Refused);
    }

    #[test]
    fn folders_serve_their_index() {
        let d = site();
        let out = d.path().join("out");
        let canon = out.canonicalize().unwrap();
        assert_eq!(resolve(&out, "/"), Found::File(canon.join("index.html")));
        assert_eq!(
            resolve(&out, "/news/first/"),
            Found::File(canon.join("news/first/index.html"))
        );
        assert_eq!(
            resolve(&out, "/news/first"),
            Found::Folder("/news/first/".into())
        );
        assert_eq!(resolve(&out, "/news/none/"), Found::Missing);
        assert_eq!(resolve(&out, "/index.html/"), Found::Missing);
    }

    #[test]
    fn only_requests_for_the_preview_itself_are_answered() {
        let local: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for h in [
            "localhost",
            "localhost:1111",
            "LocalHost:1111",
            "localhost.:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(host_allowed(h, local), "{h}");
        }
        for h in [
            "evil.example.com",
            "evil.example.com:1111",
            "localhost.evil.example.com:1111",
            "127.0.0.1.nip.io:1111",
            "localhost:2222",
            "localhost:",
            "127.0.0.1:1111:1111",
            "::1",
            "[::1",
            "[::1]x",
            "192.168.1.20:1111",
            "",
        ] {
            assert!(!host_allowed(h, local), "{h}");
        }
        let lan: SocketAddr = "192.168.1.20:1111".parse().unwrap();
        assert!(host_allowed("192.168.1.20:1111", lan));
        assert!(host_allowed("localhost:1111", lan));
        assert!(!host_allowed("192.168.1.21:1111", lan));
        assert!(!host_allowed("campaign.example.org:1111", lan));
        let v6: SocketAddr = "[fd00::20]:1111".parse().unwrap();
        assert!(host_allowed("[fd00::20]:1111", v6));
        assert!(host_allowed("[FD00::20]", v6));
        let all: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed("192.168.1.20:1111", all));
        assert!(!host_allowed("evil.example.com:1111", all));
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(
            content_type(Path::new("a/b.ICS")),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("map.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("f.woff2")), "font/woff2");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }
}
