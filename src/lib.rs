//! samizdat turns a campaign folder into a multilingual static site.
//!
//! The pipeline, stage by stage, each passing a value to the next:
//!
//! 1. [`config::Config::load`] reads `site.yaml` into typed, validated settings.
//! 2. [`content::Library::load`] walks `content/`, parses front matter and renders every Markdown
//!    file once (in parallel), links translations together and resolves links between pages.
//! 3. [`render::Renderer`] sets up tera with the theme and renders every output page from
//!    borrowed views of the read-only library, on rayon threads.
//! 4. [`output`] writes everything into a staging folder and swaps it in at the end, so a failed
//!    build leaves the last good output untouched.
//!
//! [`build::build`] runs the whole pipeline; the `samizdat` binary is a thin layer over it.

pub mod build;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod error;
pub mod geo;
pub mod i18n;
pub mod l10n;
pub mod limits;
pub mod markdown;
pub mod mirror;
pub mod output;
pub mod pickets;
pub mod privacy;
pub mod records;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod theme;
pub mod timings;
pub mod util;
pub mod yaml;

pub use error::{Error, Errors, Result};
