//! `samizdat keygen`, `samizdat bundle` and `samizdat verify`: orchestration of the mirror
//! module (formats, signatures, archives) and the build (the offline form of the site).

use crate::build::{BuildOptions, build};
use crate::config::Config;
use crate::error::{Error, Errors};
use crate::mirror;
use std::path::{Path, PathBuf};

pub fn keygen(output: &Path, no_password: bool) -> Result<(), Errors> {
    let password = if no_password {
        eprintln!(
            "warning: the secret key will not be encrypted: anyone who copies the file can sign bundles \
             in the campaign's name. Keep it offline, or run keygen without --no-password."
        );
        None
    } else {
        Some(mirror::key_password(
            "Password for the new secret key: ",
            true,
        )?)
    };
    let public = mirror::keygen(output, password.as_deref())?;
    let stem = output.to_string_lossy();
    let stem = stem.trim_end_matches(".key").trim_end_matches(".pub");
    let key_line = public
        .lines()
        .find(|l| l.starts_with("RW"))
        .unwrap_or("")
        .to_string();
    println!("{public}");
    eprintln!("wrote {stem}.key (secret: keep it safe, never publish it) and {stem}.pub (public)");
    eprintln!(
        "add to site.yaml, so mirrors can find the key on /mirrors/:\n  signing_key: {key_line}"
    );
    Ok(())
}

pub fn bundle(root: &Path, output: Option<PathBuf>, sign: Option<PathBuf>) -> Result<(), Errors> {
    let config = Config::load(root)?;
    let host = config.host();
    let top: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let top = if top.trim_matches(['.', '-']).is_empty() {
        "site".to_string()
    } else {
        top
    };
    let out = output.unwrap_or_else(|| root.join(format!("{top}.tar.gz")));
    // Ask for the key's password before building, not after a long build.
    let password = match &sign {
        Some(k) if mirror::key_is_encrypted(k)? => Some(mirror::key_password(
            &format!("Password for the secret key {}: ", k.display()),
            false,
        )?),
        _ => None,
    };
    if sign.is_none() {
        eprintln!(
            "warning: the bundle will not be signed, so mirrors cannot tell it from a forgery; pass --sign NAME.key"
        );
    }
    let work = tempfile::Builder::new()
        .prefix(".samizdat-bundle-")
        .tempdir()
        .map_err(|e| Errors::from(Error::io(std::env::temp_dir(), &e)))?;
    let site = work.path().join(&top);
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Some(site.clone()),
        offline: true,
        ..BuildOptions::default()
    };
    let report = build(&opts)?;
    if !report.warnings.is_empty() {
        super::print_errors(&report.warnings, Some(root), false);
    }
    let mtime = crate::util::build_time()
        .map_err(Error::usage)?
        .timestamp()
        .max(0) as u64;
    let title = config
        .title
        .get(&config.default_language, &config.default_language);
    let comment = format!("samizdat bundle of {title} ({})", config.base_url);
    let signer = sign.as_deref().map(|k| (k, password.as_deref()));
    let summary = mirror::bundle(&site, &out, &top, mtime, signer, &comment)?;
    eprintln!("{}", report.summary("built"));
    println!("{summary}");
    // Mirrors check bundles against the key the site publishes on /mirrors/.
    match (&summary.public_key, &config.signing_key) {
        (Some(used), Some(published)) if used.trim() != published.trim() => eprintln!(
            "warning: this bundle is signed with key ID {}, but site.yaml's signing_key (shown to \
             mirrors on /mirrors/) is another key: mirrors that check against it will reject the \
             bundle. Sign with the key site.yaml names, or put this key's .pub line in signing_key.",
            summary.key_id.as_deref().unwrap_or("?")
        ),
        (Some(used), None) => eprintln!(
            "note: site.yaml has no signing_key, so /mirrors/ does not show mirrors which key to \
             trust; add:\n  signing_key: {used}"
        ),
        _ => {}
    }
    Ok(())
}

pub fn verify(path: &Path, key: &Path) -> Result<(), Errors> {
    let report = mirror::verify(path, key)?;
    println!("{report}");
    if report.is_authentic() {
        Ok(())
    } else {
        Err(Error::input(format!("{} is not an authentic copy", path.display()))
            .hint("do not host it: download the bundle again from another source and verify it again")
            .into())
    }
}
