//! The commands: orchestration only. Each file turns its arguments into calls of the library
//! and prints what a user needs to see; the work itself is in the pipeline's modules.

mod build;
mod init;
mod new;

use crate::cli::{Command, L10nCommand};
use crate::error::{Error, Errors};
use std::io::IsTerminal;

/// Runs one command.
pub fn run(cmd: Command) -> Result<(), Errors> {
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
        } => build::build(&root.root, output, base_url, drafts, strict, quiet),
        Command::Check {
            root,
            drafts,
            strict,
        } => build::check(&root.root, drafts, strict),
        Command::Serve { .. } => Err(not_yet("serve", 7)),
        Command::L10n { command } => match command {
            L10nCommand::Status { .. } | L10nCommand::Stub { .. } | L10nCommand::Add { .. } => {
                Err(not_yet("l10n", 5))
            }
        },
        Command::Keygen { .. } | Command::Bundle { .. } | Command::Verify { .. } => {
            Err(not_yet("keygen, bundle and verify", 6))
        }
    }
}

fn not_yet(what: &str, issue: u32) -> Errors {
    Error::usage(format!("`samizdat {what}` is not supported yet"))
        .hint(format!(
            "it is planned (issue {issue}); see the handbook's roadmap"
        ))
        .into()
}

/// Prints diagnostics to stderr, errors and warnings sorted by file and line, then a count.
pub fn print_errors(errors: &Errors) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for e in errors.iter() {
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
    if n_err > 0 {
        eprintln!(
            "{n_err} error{}{}; nothing was written, the previous output is unchanged",
            if n_err == 1 { "" } else { "s" },
            if n_warn > 0 {
                format!(
                    " and {n_warn} warning{}",
                    if n_warn == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        );
    } else if n_warn > 0 {
        eprintln!(
            "{n_warn} warning{} (--strict makes them errors)",
            if n_warn == 1 { "" } else { "s" }
        );
    }
}
