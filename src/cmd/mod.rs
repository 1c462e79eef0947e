//! The commands: orchestration only. Each file turns its arguments into calls of the library
//! and prints what a user needs to see; the work itself is in the pipeline's modules.

mod build;
mod init;
mod l10n;
mod mirror;
mod new;
#[cfg(feature = "serve")]
mod serve;

use crate::cli::{Command, L10nCommand};
use crate::error::Errors;
use std::io::IsTerminal;
use std::path::Path;

/// Runs one command, prints what went wrong, and returns the exit code (0, 1 or 2).
pub fn run(cmd: Command) -> i32 {
    // Where paths in messages are relative to, and whether a failure left output untouched.
    let (root, builds) = match &cmd {
        Command::New { root, .. } => (Some(root.root.clone()), false),
        Command::Build { root, .. } => (Some(root.root.clone()), true),
        Command::Check { root, .. } | Command::Serve { root, .. } => {
            (Some(root.root.clone()), false)
        }
        Command::Bundle { root, .. } => (Some(root.root.clone()), false),
        Command::L10n { command } => match command {
            L10nCommand::Status { root, .. }
            | L10nCommand::Stub { root, .. }
            | L10nCommand::Add { root, .. } => (Some(root.root.clone()), false),
        },
        _ => (None, false),
    };
    match dispatch(cmd) {
        Ok(()) => 0,
        Err(errors) => {
            print_errors(&errors, root.as_deref(), builds);
            errors.exit_code()
        }
    }
}

fn dispatch(cmd: Command) -> Result<(), Errors> {
    match cmd {
        Command::Init { dir } => init::run(&dir),
        Command::New {
            kind,
            title,
            lang,
            root,
        } => new::run(&root.root, kind, &title, lang.as_deref()),
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            strict,
            quiet,
            timings,
            force,
        } => build::build(
            &root.root,
            output,
            base_url,
            build::Flags {
                drafts,
                strict,
                quiet,
                timings,
                force,
            },
        ),
        Command::Check {
            root,
            drafts,
            strict,
        } => build::check(&root.root, drafts, strict),
        #[cfg(feature = "serve")]
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => serve::serve(&root.root, port, &bind, drafts),
        #[cfg(not(feature = "serve"))]
        Command::Serve { .. } => Err(Error::usage(
            "this samizdat was built without the preview server (the cargo feature `serve`)",
        )
        .into()),
        Command::L10n { command } => match command {
            L10nCommand::Status { lang, json, root } => {
                l10n::status(&root.root, lang.as_deref(), json)
            }
            L10nCommand::Stub { lang, root } => l10n::stub(&root.root, &lang),
            L10nCommand::Add { lang, root } => l10n::add(&root.root, &lang),
        },
        Command::Keygen {
            output,
            no_password,
        } => mirror::keygen(&output, no_password),
        Command::Bundle { root, output, sign } => mirror::bundle(&root.root, output, sign),
        Command::Verify { path, key } => mirror::verify(&path, &key),
    }
}

/// Prints diagnostics to stderr, sorted by file and line, then a count. Paths in messages are
/// relative to the site's folder; with `--root DIR` they are shown from where the user is.
pub fn print_errors(errors: &Errors, root: Option<&Path>, built: bool) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let root = root.filter(|r| *r != Path::new("."));
    for e in errors.iter() {
        let mut e = e.clone();
        if let (Some(r), Some(p)) = (root, e.path.as_ref())
            && p.is_relative()
            && !p.to_string_lossy().starts_with('(')
        {
            e.path = Some(r.join(p));
        }
        let text = e.to_string();
        if color {
            let (label, code) = if e.is_warning() {
                ("warning:", "33")
            } else {
                ("error:", "31")
            };
            eprintln!(
                "{}",
                text.replacen(label, &format!("\x1b[1;{code}m{label}\x1b[0m"), 1)
            );
        } else {
            eprintln!("{text}");
        }
    }
    let (n_err, n_warn) = (errors.error_count(), errors.warning_count());
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if n_err > 0 {
        let mut line = plural(n_err, "error");
        if n_warn > 0 {
            line.push_str(&format!(" and {}", plural(n_warn, "warning")));
        }
        if built {
            line.push_str("; nothing was written, the previous output is unchanged");
        }
        eprintln!("{line}");
    } else if n_err == 0 && n_warn > 0 {
        eprintln!("{} (--strict makes them errors)", plural(n_warn, "warning"));
    }
}
