//! The live preview (`samizdat serve`): a small HTTP server, a file watcher and live reload,
//! outside the core pipeline. It calls the same stages as `build` (`build::load_frame`,
//! `Library::assemble_parsed`, `build::load_content`, `render::jobs::render_selected`) and keeps
//! their results between edits, so that an edit renders only what it touches.
//!
//! - [`site`]: the site in memory and the three ways an edit reaches the served files;
//! - [`deps`]: what an edit of content touches;
//! - [`stale`]: what an edit touched that waits until the browser asks for it;
//! - [`watch`]: the watcher, and which change is which;
//! - [`rebuild`]: the rebuilding loop, from changes to served files;
//! - [`served`]: the folders served, and why a reader never finds one half gone;
//! - [`http`]: the server, path safety and content types;
//! - [`live`]: live reload (Server-Sent Events) and the error overlay.
//!
//! The served files live in a temporary folder of the session, never in the site's `public/`.

mod deps;
mod http;
mod live;
mod rebuild;
mod served;
mod site;
mod stale;
mod watch;

use crate::build::BuildOptions;
use crate::error::{Error, Errors};
use notify_debouncer_full::DebounceEventResult;
use rebuild::Preview;
use served::Folders;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::{Duration, SystemTime};

/// What `samizdat serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub drafts: bool,
}

/// What the preview tells its user, as it happens (the command prints it).
#[derive(Debug)]
pub enum Notice {
    /// The port asked for is taken; `used` is the one found free.
    PortTaken { asked: u16, used: u16 },
    /// Listening; the site is built next.
    Listening { url: String },
    /// A build (the first or a rebuild) succeeded.
    Built {
        /// What was rebuilt: "every page", "one page's text", "content", "static files".
        how: String,
        /// Site paths rendered again (empty: everything, or nothing).
        paths: Vec<String>,
        files: Option<usize>,
        elapsed: Duration,
        warnings: Errors,
    },
    /// A build failed; the last good pages are still served.
    Failed { errors: Errors, first: bool },
    /// Watching failed somewhere (a system limit on watches, say): changes there may be missed.
    /// Told once per problem.
    Watching { problem: String },
}

/// What wakes the rebuilding thread.
pub(crate) enum Signal {
    /// Files changed: a batch of the watcher's events.
    Files(DebounceEventResult),
    /// A request found the served folder gone.
    Lost,
    /// A request wants the out-of-date file `rel` (a path inside the served folder); `done` is
    /// told once it is rendered.
    Render {
        rel: String,
        done: std::sync::mpsc::Sender<()>,
    },
}

/// Ports tried after the one asked for, when it is taken.
const PORT_TRIES: u16 = 10;

/// Builds the site, serves it and rebuilds on every change until the process is stopped.
pub fn serve(opts: &ServeOptions, notify: &mut dyn FnMut(Notice)) -> Result<(), Errors> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::io(&opts.root, &e).hint("--root names the site's folder"))?;
    if !root.join("site.yaml").is_file() {
        return Err(
            Error::usage(format!("{} has no site.yaml", opts.root.display()))
                .hint("run `samizdat serve` in the site's folder, or give it with --root DIR")
                .into(),
        );
    }
    let listener = bind(opts.bind, opts.port, notify)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::usage(format!("cannot listen: {e}")))?;
    let url = site_url(addr);
    let build_opts = BuildOptions {
        root: root.clone(),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        live_reload: true,
        ..BuildOptions::default()
    };
    let tmp = session_folder()?;
    let session = tmp
        .path()
        .canonicalize()
        .unwrap_or(tmp.path().to_path_buf());
    let folders = Arc::new(Folders::new(&session));
    let (tx, rx) = channel();
    let files_tx = tx.clone();
    let watcher = watch::Watcher::start(&root, move |r| {
        let _ = files_tx.send(Signal::Files(r));
    })?;
    notify(Notice::Listening { url });

    let shared = Arc::new(http::Shared::new(addr, tx));
    let mut preview = Preview::new(build_opts, folders, watcher, shared.clone());
    preview.first_build(notify);
    {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("samizdat-server".into())
            .spawn(move || http::run(listener, shared))
            .map_err(|e| Error::usage(format!("cannot start the server: {e}")))?;
    }
    let alive = tmp.path().join(ALIVE);
    let _ = std::thread::Builder::new()
        .name("samizdat-heartbeat".into())
        .spawn(move || {
            loop {
                let _ = std::fs::write(&alive, b"samizdat serve\n");
                std::thread::sleep(HEARTBEAT);
            }
        });

    preview.run(&rx, notify)
}

/// Binds `ip:port`, or the next free port when it is taken.
fn bind(ip: IpAddr, port: u16, notify: &mut dyn FnMut(Notice)) -> Result<TcpListener, Errors> {
    let mut last = None;
    for i in 0..=PORT_TRIES {
        let Some(p) = port.checked_add(i) else { break };
        match TcpListener::bind(SocketAddr::new(ip, p)) {
            Ok(l) => {
                if i > 0 {
                    notify(Notice::PortTaken {
                        asked: port,
                        used: p,
                    });
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => last = Some(e),
            Err(e) => {
                return Err(Error::usage(format!("cannot listen on {ip}:{p}: {e}"))
                    .hint("choose another address with --bind or port with --port")
                    .into());
            }
        }
    }
    Err(Error::usage(format!(
        "ports {port} to {} are all taken ({})",
        port.saturating_add(PORT_TRIES),
        last.map(|e| e.to_string()).unwrap_or_default()
    ))
    .hint("stop the other previews or choose a port with --port")
    .into())
}

/// The address pages are linked from: the bound address, or `localhost` when bound to all.
fn site_url(addr: SocketAddr) -> String {
    match addr.ip() {
        ip if ip.is_unspecified() => format!("http://localhost:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
    }
}

const SESSION_PREFIX: &str = "samizdat-serve-";
const ALIVE: &str = ".alive";
const HEARTBEAT: Duration = Duration::from_secs(10);
/// A session folder whose heartbeat is older than this belongs to a preview that was stopped.
const STALE: Duration = Duration::from_secs(120);

/// The session's temporary folder, after removing those of previews that were stopped
/// (Ctrl+C ends the process without a chance to clean up).
fn session_folder() -> Result<tempfile::TempDir, Errors> {
    let tmp = std::env::temp_dir();
    sweep_stale(&tmp);
    tempfile::Builder::new()
        .prefix(SESSION_PREFIX)
        .tempdir_in(&tmp)
        .map_err(|e| {
            Error::io(&tmp, &e)
                .hint("set TMPDIR to a folder with room")
                .into()
        })
}

fn sweep_stale(tmp: &Path) {
    let Ok(rd) = std::fs::read_dir(tmp) else {
        return;
    };
    let now = SystemTime::now();
    for e in rd.filter_map(Result::ok) {
        if !e.file_name().to_string_lossy().starts_with(SESSION_PREFIX) {
            continue;
        }
        let dir = e.path();
        let beat = std::fs::metadata(dir.join(ALIVE))
            .or_else(|_| std::fs::metadata(&dir))
            .and_then(|m| m.modified());
        if beat.is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE)) {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}
