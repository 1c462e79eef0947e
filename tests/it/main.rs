//! Integration tests: one binary with a fixture harness. Each test writes a small site into a
//! temporary folder, builds it through the library or runs the real `samizdat` binary, and
//! asserts on the files a user would see.

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod bounds;
mod browser;
mod build;
mod cli;
mod errors;
mod fuzz;
mod fuzz_regressions;
mod i18n;
mod images;
mod l10n;
mod mirrors;
mod nochange;
mod pickets;
mod plan;
mod publish;
mod rebuild;
mod records;
mod serve;
mod serve_edits;
mod serve_trust;
mod trust_mirror_new;
mod validity;
