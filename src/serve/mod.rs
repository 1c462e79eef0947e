//! The live preview (`samizdat serve`): a small HTTP server, a file watcher and live reload,
//! outside the core pipeline. It calls the same stages as `build` (`build::load_frame`,
//! `Library::assemble_parsed`, `build::load_content`, `render::jobs::render_selected`) and keeps
//! their results between edits, so that an edit renders only what it touches.
//!
//! - [`site`]: the site in memory and the three ways an edit reaches the served files;
//! - [`deps`]: what an edit of content touches;
//! - [`watch`]: the watcher, and which change is which;
//! - [`http`]: the server, path safety and content types;
//! - [`live`]: live reload (Server-Sent Events) and the error overlay.
//!
//! The served files live in a temporary folder of the session, never in the site's `public/`.

mod deps;
mod http;
mod live;
mod site;
mod watch;

use crate::build::BuildOptions;
use crate::error::{Error, Errors};
use notify_debouncer_full::notify::EventKind;
use notify_debouncer_full::notify::event::ModifyKind;
use site::{Outcome, Site};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant, SystemTime};

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
    let (tx, rx) = channel();
    let mut watcher = watch::Watcher::start(&root, tx)?;
    notify(Notice::Listening { url });

    let shared = Arc::new(http::Shared::new(addr));
    let started = Instant::now();
    let mut generation = 1;
    let mut site = match Site::build(
        &BuildOptions {
            progress: true,
            ..build_opts.clone()
        },
        tmp.path(),
        generation,
    ) {
        Ok((s, files)) => {
            set_out(&shared, Some(s.out().to_path_buf()));
            shared.hub.rebuilt(&[], true);
            notify(Notice::Built {
                how: "every page".into(),
                paths: Vec::new(),
                files: Some(files),
                elapsed: started.elapsed(),
                warnings: s.warnings().clone(),
            });
            Some(s)
        }
        Err(errors) => {
            shared.hub.failed(&errors);
            notify(Notice::Failed {
                errors,
                first: true,
            });
            None
        }
    };
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

    let mut needs_full = site.is_none();
    loop {
        let Some(paths) = next_changes(&rx)? else {
            continue;
        };
        watcher.refresh();
        let changes = watch::classify(
            &root,
            paths.iter().map(PathBuf::as_path),
            site.as_ref().map(Site::config),
            site.as_ref().map(Site::theme),
            site.as_ref().map(Site::out),
        );
        if changes.is_empty() {
            continue;
        }
        let started = Instant::now();
        if needs_full || changes.everything || site.is_none() {
            generation += 1;
            match Site::build(&build_opts, tmp.path(), generation) {
                Ok((s, files)) => {
                    let old = site.replace(s);
                    let new_out = site.as_ref().map(|s| s.out().to_path_buf());
                    set_out(&shared, new_out);
                    if let Some(old) = old {
                        let _ = std::fs::remove_dir_all(old.out());
                    }
                    needs_full = false;
                    shared.hub.rebuilt(&[], true);
                    notify(Notice::Built {
                        how: "every page".into(),
                        paths: Vec::new(),
                        files: Some(files),
                        elapsed: started.elapsed(),
                        warnings: site
                            .as_ref()
                            .map(|s| s.warnings().clone())
                            .unwrap_or_default(),
                    });
                }
                Err(errors) => {
                    needs_full = true;
                    shared.hub.failed(&errors);
                    notify(Notice::Failed {
                        errors,
                        first: false,
                    });
                }
            }
            continue;
        }
        let Some(s) = site.as_mut() else { continue };
        match s.update(&changes) {
            Outcome::Rebuilt {
                paths,
                all,
                how,
                warnings,
            } => {
                set_out(&shared, Some(s.out().to_path_buf()));
                shared.hub.rebuilt(&paths, all);
                notify(Notice::Built {
                    how: how.to_string(),
                    paths,
                    files: None,
                    elapsed: started.elapsed(),
                    warnings,
                });
            }
            Outcome::Failed(errors) => {
                shared.hub.failed(&errors);
                notify(Notice::Failed {
                    errors,
                    first: false,
                });
            }
        }
    }
}

/// Waits for the next batch of changed paths; None when a wait ended without any.
fn next_changes(
    rx: &Receiver<notify_debouncer_full::DebounceEventResult>,
) -> Result<Option<Vec<PathBuf>>, Errors> {
    let first = match rx.recv_timeout(Duration::from_secs(3600)) {
        Ok(r) => r,
        Err(RecvTimeoutError::Timeout) => return Ok(None),
        Err(RecvTimeoutError::Disconnected) => {
            return Err(Error::usage("the file watcher stopped").into());
        }
    };
    let mut paths = Vec::new();
    let mut take = |r: notify_debouncer_full::DebounceEventResult| {
        for ev in r.into_iter().flatten() {
            // Reading a file (as every build does) is an event too; only writes count.
            if matches!(
                ev.kind,
                EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
            ) {
                continue;
            }
            if ev.need_rescan() {
                // Events were lost (too many at once): treat it as a change of site.yaml.
                paths.push(PathBuf::from("site.yaml"));
            }
            paths.extend(ev.event.paths.iter().cloned());
        }
    };
    take(first);
    while let Ok(more) = rx.try_recv() {
        take(more);
    }
    Ok(Some(paths))
}

fn set_out(shared: &http::Shared, out: Option<PathBuf>) {
    if let Ok(mut o) = shared.out.write() {
        *o = out;
    }
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
