//! `samizdat serve`: the live preview. Checks the address, says what it does, and prints each
//! rebuild; the server itself is `crate::serve`.

use crate::error::{Error, Errors};
use crate::serve::{Notice, ServeOptions, serve as run_serve};
use std::io::Write;
use std::net::IpAddr;
use std::path::Path;

pub fn serve(root: &Path, port: u16, bind: &str, drafts: bool) -> Result<(), Errors> {
    let ip: IpAddr = match bind {
        "localhost" => IpAddr::from([127, 0, 0, 1]),
        b => b.trim_start_matches('[').trim_end_matches(']').parse().map_err(|_| {
            Error::usage(format!("--bind {b} is not an IP address"))
                .hint("use 127.0.0.1 (this computer only, the default) or this computer's address on the network")
        })?,
    };
    if !ip.is_loopback() {
        eprintln!(
            "warning: serving on {ip}: anyone who can reach this computer on the network can open the preview{}",
            if drafts {
                ", including drafts and pages under embargo"
            } else {
                ""
            }
        );
    }
    if drafts {
        eprintln!("note: --drafts shows drafts and embargoed pages, marked as such");
    }
    let opts = ServeOptions {
        root: root.to_path_buf(),
        port,
        bind: ip,
        drafts,
    };
    run_serve(&opts, &mut |n| print_notice(n, root))
}

fn print_notice(n: Notice, root: &Path) {
    match n {
        Notice::PortTaken { asked, used } => {
            eprintln!("port {asked} is taken (another preview?); using port {used} instead");
        }
        Notice::Listening { url } => {
            // On stdout, one line, so that scripts can read the address.
            println!("Serving {} at {url} (Ctrl+C to stop)", root.display());
            let _ = std::io::stdout().flush();
        }
        Notice::Built {
            how,
            paths,
            files,
            elapsed,
            warnings,
        } => {
            if !warnings.is_empty() {
                super::print_errors(&warnings, Some(root), false);
            }
            let ms = elapsed.as_secs_f64() * 1000.0;
            let what = match (files, paths.as_slice()) {
                (Some(f), _) => format!("built {f} files"),
                (None, []) => format!("rebuilt {how}: nothing to update"),
                (None, [one]) => format!("rebuilt {how}: {one}"),
                (None, [one, rest @ ..]) => {
                    format!("rebuilt {how}: {one} and {} more", rest.len())
                }
            };
            eprintln!("{what} in {ms:.0} ms");
        }
        Notice::Watching { problem } => {
            eprintln!(
                "warning: the preview may miss changes ({problem}); restart it if an edit does not show"
            );
        }
        Notice::Failed { errors, first } => {
            super::print_errors(&errors, Some(root), false);
            if first {
                eprintln!("the preview shows these errors until they are fixed");
            } else {
                eprintln!("the preview keeps the last good pages until this is fixed");
            }
        }
    }
}
