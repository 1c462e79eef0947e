//! The command line (clap derive). Parsing only: each command's work is in `cmd/`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "samizdat",
    version,
    about = "A static-site generator for solidarity campaigns: appeals, days of action with maps of pickets, prisoner profiles.",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 the site has errors, 2 misuse.\nHandbook: the content/ folder of samizdat's repository, or `samizdat build --root content` there."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct RootArg {
    /// The site's folder (with site.yaml); default: the current folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum NewKind {
    Prisoner,
    Event,
    Appeal,
    Case,
    News,
    Page,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site with example content in DIR (refuses a non-empty DIR).
    Init { dir: PathBuf },
    /// Create a new page from its section's template; never overwrites.
    New {
        kind: NewKind,
        title: String,
        /// Write the page in this language (a NAME.LANG.md file).
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        root: RootArg,
    },
    /// Build the site into an output folder (replaced only when the build succeeds).
    Build {
        #[command(flatten)]
        root: RootArg,
        /// Output folder (default: ROOT/public).
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
        /// The address this copy is served from (a mirror's own), instead of site.yaml's base_url.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also build drafts and embargoed pages (marked as such). Never for publishing.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// No progress bar or summary.
        #[arg(short, long)]
        quiet: bool,
        /// After the build, print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Build even when nothing changed since the last build (which is otherwise skipped).
        #[arg(long)]
        force: bool,
    },
    /// Check everything a build checks, plus links and privacy; writes nothing.
    Check {
        #[command(flatten)]
        root: RootArg,
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Preview the site with live reload.
    Serve {
        #[command(flatten)]
        root: RootArg,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long)]
        drafts: bool,
    },
    /// Translators' tools: what is missing or outdated, stubs, new locales.
    L10n {
        #[command(subcommand)]
        command: L10nCommand,
    },
    /// Create a key pair for signing bundles (minisign format).
    Keygen {
        /// Name of the key files: NAME.key (secret) and NAME.pub.
        #[arg(short = 'o', long = "output", default_value = "samizdat")]
        output: PathBuf,
        /// Do not encrypt the secret key (for automation; keep the file safe).
        #[arg(long)]
        no_password: bool,
    },
    /// Build the site for offline use and archive it with checksums and a signature.
    Bundle {
        #[command(flatten)]
        root: RootArg,
        /// The archive to write (default: ROOT/SITE-NAME.tar.gz).
        #[arg(short = 'o', long = "output", value_name = "FILE.tar.gz")]
        output: Option<PathBuf>,
        /// Sign with this secret key (NAME.key from `samizdat keygen`).
        #[arg(long, value_name = "NAME.key")]
        sign: Option<PathBuf>,
    },
    /// Check a mirror's copy: every file present, none altered or added, signature good.
    Verify {
        /// A bundle (.tar.gz) or an unpacked folder.
        path: PathBuf,
        /// The campaign's public key (NAME.pub).
        #[arg(long, value_name = "NAME.pub")]
        key: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum L10nCommand {
    /// Per language: pages translated, missing and outdated; interface strings missing.
    Status {
        lang: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        root: RootArg,
    },
    /// Write a translation file for every page missing in LANG (never overwrites).
    Stub {
        lang: String,
        #[command(flatten)]
        root: RootArg,
    },
    /// Start a new locale: the site.yaml lines to add and an .ftl with every string.
    Add {
        lang: String,
        #[command(flatten)]
        root: RootArg,
    },
}
