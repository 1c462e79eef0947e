//! Mirrors: signed bundles of the built site (`keygen`, `bundle`, `verify`) in minisign's formats.
//!
//! Volunteers host copies of a site that a government wants gone, and must be able to tell a
//! true copy from a doctored one without trusting samizdat itself. So every format here is a
//! standard one: `SHA256SUMS` as `sha256sum` writes it, its signature as `minisign` writes it,
//! a plain `.tar.gz`. A mirror can check a bundle with `samizdat verify` or with the stock
//! `minisign` and `sha256sum` tools alone, and both give the same answer.
//!
//! - [`keys`]: key pairs, passwords, signing and checking signatures.
//! - [`manifest`]: the `SHA256SUMS` file list.
//! - [`bundle`]: the reproducible archive.
//! - [`verify`]: checking an archive or a folder, with a report a volunteer can read.

mod bundle;
mod keys;
mod manifest;
mod verify;

#[cfg(test)]
mod tests;

pub use bundle::{BundleSummary, bundle};
pub use keys::{SignatureStatus, key_is_encrypted, key_password, keygen, sign};
pub use manifest::manifest;
pub use verify::{Problem, VerifyReport, verify};

/// The environment variable [`key_password`] reads first.
pub const PASSWORD_ENV: &str = keys::PASSWORD_ENV;
