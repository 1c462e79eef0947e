//! Names no build reads: hidden files, editors' temporary, swap, lock and backup files, partial
//! downloads and the files operating systems leave in folders. One rule for the whole program:
//! the walk of `content/` skips them, and `samizdat serve` neither rebuilds nor shows an error
//! when one of them appears, changes or goes. A file the build reads always triggers a rebuild,
//! and a file that triggers a rebuild is always one the build reads.
//!
//! Which programs leave which names (`x.md` being the file edited):
//!
//! | program | names |
//! |---|---|
//! | any (hidden) | `.anything`: vim swap `.x.md.swp`/`.swo`/`.swx`, emacs lock `.#x.md` (a symbolic link), kate `.x.md.kate-swp`, gedit and GTK programs `.goutputstream-XXXXXX`, LibreOffice lock `.~lock.x.odt#`, rsync `.x.md.XXXXXX`, Syncthing, `tempfile`, macOS `._x.md` and `.DS_Store`, NFS and FUSE `.nfs…`, `.fuse_hidden…` |
//! | vim | `4913` (and `5036`, `5159`… when taken): written to test that a folder is writable; `x.md.swp` |
//! | vim, emacs, gedit, kate, nano | backups `x.md~`, emacs numbered `x.md.~1~` |
//! | emacs | auto-save `#x.md#` |
//! | nano | emergency saves `x.md.save`, `x.md.save.1` |
//! | JetBrains IDEs | safe write `x.md___jb_tmp___`, `x.md___jb_old___` |
//! | Microsoft Office | owner file `~$x.docx`, `~WRL0001.tmp` |
//! | VS Code | atomic save `x.md.vsctmp` |
//! | Chrome | atomic save `x.md.crswap`, download `x.pdf.crdownload` |
//! | Firefox, Dolphin and KDE programs | `x.pdf.part`; other browsers `.partial`, `.download` |
//! | Node and Bun atomic writers | `x.md.tmp.12345.abcdef`, `x.tmp` |
//! | `sed -i` | `sedAbC123` (`sed` and six random letters and digits) |
//! | Windows | `Thumbs.db`, `ehthumbs.db`, `desktop.ini` (any case) |
//!
//! Real content is never caught: `4913.md`, `part.md`, `tmp.md`, `save.md`, `sedition.md` are
//! pages; only the exact shapes above are ignored. Copies a person makes (`x.md.bak`,
//! `x.md.orig`) are not ignored: the walk warns about them, so they must trigger a rebuild.

/// True for a file or folder name (one component of a path) that no build reads.
pub(crate) fn is_ignored(name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    if name.starts_with('.') || name.starts_with("~$") || name.ends_with('~') {
        return true;
    }
    if name.len() >= 2 && name.starts_with('#') && name.ends_with('#') {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    const SUFFIXES: [&str; 16] = [
        ".swp",
        ".swo",
        ".swn",
        ".swx",
        ".kate-swp",
        ".tmp",
        ".vsctmp",
        ".crswap",
        ".crdownload",
        ".part",
        ".partial",
        ".download",
        ".save",
        "___jb_tmp___",
        "___jb_old___",
        ".!sync",
    ];
    if SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        return true;
    }
    if matches!(lower.as_str(), "thumbs.db" | "ehthumbs.db" | "desktop.ini") {
        return true;
    }
    nano_save(&lower) || tmp_tail(&lower) || vim_probe(name) || sed_temp(name)
}

/// nano's numbered emergency saves: `x.md.save.1`.
fn nano_save(lower: &str) -> bool {
    lower
        .rsplit_once(".save.")
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Atomic writers' `x.md.tmp.12345.4a2655829367`: after the last `.tmp.` only letters, digits
/// and dots, with a digit among them (so that a page `notes.tmp.md` stays a page).
fn tmp_tail(lower: &str) -> bool {
    lower.rsplit_once(".tmp.").is_some_and(|(_, tail)| {
        !tail.is_empty()
            && tail.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
            && tail.bytes().any(|b| b.is_ascii_digit())
    })
}

/// vim tries `4913`, then adds 123 until a name is free.
fn vim_probe(name: &str) -> bool {
    if name.len() > 6 || !name.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    name.parse::<u32>()
        .is_ok_and(|n| (4913..4913 + 123 * 16).contains(&n) && (n - 4913) % 123 == 0)
}

/// GNU sed's `-i` writes `sedXXXXXX` (mkstemp: six of `A-Za-z0-9`) beside the file. A word such
/// as `seditions` is six lower-case letters too: a capital or a digit is required.
fn sed_temp(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("sed") else {
        return false;
    };
    rest.len() == 6
        && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        && rest
            .bytes()
            .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::is_ignored;

    #[test]
    fn editors_temporary_files_are_ignored() {
        for name in [
            ".x.md.swp",
            ".x.md.swo",
            ".x.md.swx",
            "x.md.swp",
            "4913",
            "5036",
            "x.md~",
            "x.md.~1~",
            "#x.md#",
            ".#x.md",
            ".x.md.kate-swp",
            "x.md.kate-swp",
            ".goutputstream-A1B2C3",
            "x.md___jb_tmp___",
            "x.md___jb_old___",
            ".~lock.budget.ods#",
            "~$report.docx",
            "~WRL0001.tmp",
            "x.md.crswap",
            "x.md.vsctmp",
            "x.md.tmp",
            "x.md.tmp.12345",
            "support.md.tmp.20171.4a2655829367",
            "x.md.part",
            "leaflet.pdf.PART",
            "leaflet.pdf.crdownload",
            "leaflet.pdf.partial",
            ".x.md.aB3dEf",
            "sedAbC123",
            "sed0q9x2z",
            "x.md.save",
            "x.md.save.1",
            ".DS_Store",
            "._photo.jpg",
            "Thumbs.db",
            "desktop.ini",
            "Desktop.ini",
            ".git",
            ".well-hidden",
        ] {
            assert!(is_ignored(name), "{name} should be ignored");
        }
    }

    #[test]
    fn real_content_is_never_ignored() {
        for name in [
            "x.md",
            "_index.md",
            "4913.md",
            "4914",
            "2014",
            "49130",
            "part.md",
            "x.part.md",
            "partial.md",
            "tmp.md",
            "notes.tmp.md",
            "v1.tmp.md",
            "save.md",
            "saved.md",
            "download.md",
            "downloads",
            "sedition.md",
            "seditions",
            "sedation",
            "sed",
            "#hashtag.md",
            "c#",
            "x.md.bak",
            "x.md.orig",
            "photo.jpg",
            "leaflet.pdf",
            "style.css",
            "thumbs.md",
            "~notes.md",
            "days-2014.pickets.csv",
            "",
        ] {
            assert!(!is_ignored(name), "{name} must not be ignored");
        }
    }
}
