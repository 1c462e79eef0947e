//! Which paths the output may hold: every file a build writes must be one that Linux, macOS and
//! Windows can all hold, since mirror volunteers unpack bundles on any of them.
//!
//! [`check`] says why a path cannot be held (a name too long, `..`, a control character, a name
//! Windows reserves); [`fold`] gives the form under which two paths are the same file on a
//! case-insensitive disk (macOS and Windows by default). The output plan
//! ([`crate::render::plan`]) applies both to every path before anything is written, so a bad
//! name is an error at the line that made it, never an OS error halfway through a build.

/// Longest name of one file or folder, in bytes of UTF-8: ext4 and APFS allow 255 bytes, NTFS 255
/// UTF-16 units (never more units than bytes).
pub const MAX_NAME_BYTES: usize = 255;

/// Longest path inside the output, in bytes. macOS refuses paths over 1024 bytes in all; this
/// leaves room for the folder a mirror unpacks the site into.
pub const MAX_PATH_BYTES: usize = 800;

/// Names Windows reserves for devices, with or without an extension (`nul.txt` is `NUL` too);
/// `COM1`…`LPT9` are checked apart.
const WINDOWS_DEVICES: [&str; 6] = ["con", "prn", "aux", "nul", "conin$", "conout$"];

/// Why no common filesystem can hold `rel` (a `/`-separated path inside the output), if so.
pub fn check(rel: &str) -> Result<(), String> {
    if rel.len() > MAX_PATH_BYTES {
        return Err(format!(
            "the path {} is {} bytes long; paths of the output may be at most {MAX_PATH_BYTES} \
             bytes, so that every computer a mirror copies the site onto can hold them",
            shorten(rel),
            rel.len()
        ));
    }
    if rel.is_empty() || rel.starts_with('/') {
        return Err(format!("`{rel}` is not a path inside the output folder"));
    }
    for name in rel.split('/') {
        check_name(name)?;
    }
    if rel == super::MARKER {
        return Err(format!(
            "{} is the name of samizdat's own marker file",
            super::MARKER
        ));
    }
    Ok(())
}

/// One file or folder name.
fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a path of the output has an empty name in it (two slashes)".into());
    }
    if name == "." || name == ".." {
        return Err(format!(
            "`{name}` cannot be the name of a file or folder: it would leave the output folder"
        ));
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(format!(
            "the name {} is {} bytes long; a file or folder name may be at most \
             {MAX_NAME_BYTES} bytes (a letter of a non-Latin script takes two or three)",
            shorten(name),
            name.len()
        ));
    }
    if let Some(c) = name.chars().find(|&c| c.is_control() || is_bidi_control(c)) {
        return Err(format!(
            "the name {} holds an invisible control character (U+{:04X})",
            shorten(name),
            c as u32
        ));
    }
    if let Some(c) = name.chars().find(|c| r#"<>:"\|?*"#.contains(*c)) {
        return Err(format!(
            "the name `{}` holds `{c}`, which Windows does not allow in file names",
            shorten(name)
        ));
    }
    if name.ends_with(['.', ' ']) {
        return Err(format!(
            "the name `{}` ends with a dot or a space, which Windows removes",
            shorten(name)
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    let stem = stem.trim_end_matches(' ');
    let numbered = ["com", "lpt"].iter().any(|d| {
        stem.strip_prefix(d).is_some_and(|n| {
            let mut cs = n.chars();
            matches!(
                (cs.next(), cs.next()),
                (Some('0'..='9' | '¹' | '²' | '³'), None)
            )
        })
    });
    if WINDOWS_DEVICES.contains(&stem) || numbered {
        return Err(format!(
            "`{name}` is a name Windows reserves for a device, so a mirror on Windows could not \
             unpack the site"
        ));
    }
    Ok(())
}

/// Characters that reorder text around them: a name holding one shows as another name.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The form under which two paths name one file on a case-insensitive, normalizing disk
/// (APFS, NTFS): case folded, Unicode composed.
pub fn fold(rel: &str) -> String {
    if rel.is_ascii() {
        return rel.to_ascii_lowercase();
    }
    let nfc = icu::normalizer::ComposingNormalizerBorrowed::new_nfc();
    let folded = icu::casemap::CaseMapper::new()
        .fold_string(&nfc.normalize(rel))
        .into_owned();
    nfc.normalize(&folded).into_owned()
}

/// A name for a message, in backticks: long ones cut.
fn shorten(s: &str) -> String {
    format!("`{}`", abbreviate(s))
}

/// Text for a message: beyond 60 characters, its start and end around `…`.
pub(crate) fn abbreviate(s: &str) -> String {
    let n = s.chars().count();
    if n <= 60 {
        return s.to_string();
    }
    let head: String = s.chars().take(40).collect();
    let tail: String = s.chars().skip(n - 15).collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths_pass() {
        for ok in [
            "index.html",
            "ru/prisoners/андрей-пивоваров/index.html",
            "fa/news/خبر/index.html",
            ".htaccess",
            ".well-known/security.txt",
            "console/index.html",
            "comic/index.html",
            "com10/index.html",
            "nullify.txt",
            "a.b.c",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn names_no_common_disk_holds_fail() {
        let long = "a".repeat(256);
        let long_cyrillic = "ж".repeat(128);
        let deep = format!("{}/index.html", ["abcdefghij"; 80].join("/"));
        for bad in [
            "",
            "/abs",
            "a//b",
            "../x",
            "a/./b",
            long.as_str(),
            long_cyrillic.as_str(),
            deep.as_str(),
            "a\0b",
            "tab\there",
            "x\u{202E}gpj.exe",
            "con/index.html",
            "CON",
            "nul.txt",
            "Aux.tar.gz",
            "com1/index.html",
            "LPT9",
            "com¹",
            "CONOUT$.txt",
            "what?/index.html",
            "a:b",
            "star*",
            "pipe|",
            "quote\"",
            "back\\slash",
            "lt<",
            "trailing./index.html",
            "trailing ",
            ".samizdat-output",
        ] {
            assert!(check(bad).is_err(), "{bad:?} passed");
        }
        assert!(check(&"a".repeat(255)).is_ok());
        assert!(check(&"ж".repeat(127)).is_ok());
    }

    #[test]
    fn folding_joins_what_a_case_insensitive_disk_joins() {
        assert_eq!(fold("About/index.html"), fold("about/index.html"));
        assert_eq!(fold("Новости/x"), fold("новости/x"));
        // é composed and decomposed
        assert_eq!(fold("caf\u{e9}/"), fold("cafe\u{301}/"));
        assert_ne!(fold("a/index.html"), fold("b/index.html"));
    }
}
