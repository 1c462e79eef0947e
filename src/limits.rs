//! Every bound samizdat puts on its input, in one place.
//!
//! No input may hang a build, exhaust memory or overflow a stack: each file read whole into memory
//! has a size limit checked before it is read, YAML has a nesting depth checked before a parser
//! that could be slow or recursive on it sees it, and spreadsheets have limits on rows, columns and
//! cells checked while they are read. The numbers are generous for real campaigns (a very long
//! report as one page, a spreadsheet of tens of thousands of pickets); the handbook lists them in
//! `content/content/reference/limits.md`. Everything else samizdat does is linear in its input,
//! so these limits also bound the time of a build.

use crate::error::Error;
use std::io::Read;
use std::path::Path;

const MB: u64 = 1024 * 1024;

/// A kind of file samizdat reads whole, with its size limit and what to do about a larger one.
#[derive(Debug, Clone, Copy)]
pub struct FileLimit {
    /// At most this many bytes.
    pub bytes: u64,
    /// What the file is, for messages: "a Markdown page".
    pub what: &'static str,
    /// What to do with a file over the limit.
    pub hint: &'static str,
}

/// A Markdown page, front matter included (some 600,000 words: a book of 2,000 pages). The
/// rendering of the most tangled Markdown takes up to 50 times its size in memory.
pub const PAGE: FileLimit = FileLimit {
    bytes: 4 * MB,
    what: "a Markdown page",
    hint: "split it into several pages, e.g. a section with one page per chapter",
};

/// YAML: `site.yaml`, a `data/*.yaml` file, or the front matter of one page.
pub const YAML: FileLimit = FileLimit {
    bytes: 2 * MB,
    what: "YAML",
    hint: "long lists of pickets belong in a spreadsheet (events/NAME.pickets.csv), long texts in the page's body",
};

/// A pickets spreadsheet (`events/NAME.pickets.csv`).
pub const CSV: FileLimit = FileLimit {
    bytes: 16 * MB,
    what: "a pickets spreadsheet",
    hint: "split the pickets over several actions, or shorten the longest cells",
};

/// A template of a theme or of the site's `templates/` folder.
pub const TEMPLATE: FileLimit = FileLimit {
    bytes: MB,
    what: "a template",
    hint: "move repeated parts into a template of their own and include it",
};

/// A file of interface strings (`i18n/LANG.ftl`).
pub const STRINGS: FileLimit = FileLimit {
    bytes: MB,
    what: "a strings file",
    hint: "a theme's strings take a few kilobytes; check that this is the right file",
};

/// A style sheet, HTML file or SVG picture of `static/` or beside a page, read whole to look for
/// what it loads from other hosts. Larger ones are published unchecked, with a warning.
pub const SCANNED: FileLimit = FileLimit {
    bytes: 16 * MB,
    what: "a file checked for loads from other hosts",
    hint: "check it yourself for addresses of other hosts (fonts, pictures, scripts), or split it",
};

/// A file of `content/` or `static/` published as it is (a video, a PDF) is copied in pieces
/// from the disk to the output, never held whole in memory, when it is larger than this.
pub const COPIED_WHOLE: u64 = 16 * MB;

/// A picture, read whole to be cleaned: no picture of 200 megapixels needs more.
pub const PICTURE: FileLimit = FileLimit {
    bytes: 256 * MB,
    what: "a picture",
    hint: "save it again in an image editor, smaller or more compressed (a photo for the web needs a few megabytes)",
};

/// A minisign key file (a public key is two lines, a secret key three).
pub const KEY: FileLimit = FileLimit {
    bytes: 64 * 1024,
    what: "a key file",
    hint: "give the file `samizdat keygen` or `minisign -G` wrote",
};

/// Lists inside lists, or keys under keys, at most this deep in any YAML. Front matter needs
/// three levels (`pickets:`, a picket, its keys); deeper nesting is a mistake such as a `[` that is
/// never closed. The parsers read nesting by recursion, so this also bounds their stack.
pub const YAML_DEPTH: usize = 64;

/// Placeables and call arguments inside each other in a strings file (`i18n/LANG.ftl`), at most.
pub const STRINGS_DEPTH: usize = 64;

/// After this many errors in one YAML document the others are not looked for: each round of
/// looking reads the document again.
pub const YAML_ERRORS: usize = 20;

/// Rows of one pickets spreadsheet, the header row not counted.
pub const CSV_ROWS: usize = 100_000;

/// Columns of a pickets spreadsheet (ten are known; empty ones a spreadsheet program adds are
/// allowed up to this many).
pub const CSV_COLUMNS: usize = 100;

/// Characters in one cell of a pickets spreadsheet (a report of a few paragraphs fits).
pub const CSV_CELL_CHARS: usize = 10_000;

/// Quotes, lists and emphasis inside each other in Markdown, at most (browsers stop building
/// their page tree at a few hundred levels, and the page's template adds its own).
pub const MARKDOWN_DEPTH: usize = 100;

/// Characters of a page's summary (`summary:`, or the first paragraph, which is cut there): it is
/// repeated in every list that shows the page, once per tag.
pub const SUMMARY_CHARS: usize = 2_000;

/// A heading's id and its line in a table of contents are made from its first this many
/// characters (a setext heading can be a whole paragraph).
pub const HEADING_CHARS: usize = 1_000;

/// Characters of a page's title, repeated like its summary (and once per picket on the pages of
/// cities).
pub const TITLE_CHARS: usize = 1_000;

/// Tags of one page: each is a list page of its own that repeats the page's title and summary.
pub const TAGS_PER_PAGE: usize = 100;

/// Unknown cities of pickets that get suggestions of known ones (each compares the name with
/// every city of its country); the others are errors without suggestions.
pub const CITY_SUGGESTIONS: usize = 20;

/// Bytes of one file rendered from a template (a page, a list, a feed). The longest page
/// allowed makes some 10 MB of HTML, a list of 60,000 pages with their summaries some 40 MB.
pub const RENDERED_BYTES: usize = 128 * MB as usize;

/// Numbers all the `range(…)` calls of the templates may count while one file is rendered
/// (tera refuses one call of more than 100,000): a `range` inside a loop runs once a turn.
pub const RANGE_NUMBERS: usize = 1_000_000;

/// One problem (the same message) in one file is shown at most this many times; the last one
/// shown says how many more there are.
pub const REPEATED_ERRORS: usize = 10;

/// `bytes` as people read sizes: `8 MB`, `1.5 MB`, `640 KB`.
pub fn human(bytes: u64) -> String {
    if bytes >= MB {
        let tenths = (bytes * 10).div_ceil(MB);
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The error for `size` bytes of `limit`'s kind in `shown`.
pub fn too_large(shown: &Path, limit: &FileLimit, size: u64) -> Error {
    Error::input(format!(
        "this file is {}, more than {} may be ({})",
        human(size),
        limit.what,
        human(limit.bytes)
    ))
    .at(shown)
    .hint(limit.hint)
}

/// Reads the file at `path` whole, refusing (before reading) one larger than `limit` or one that
/// is not a regular file (a FIFO would block the build). `shown` names the file in messages.
pub fn read(path: &Path, shown: &Path, limit: &FileLimit) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(shown, &e))?;
    if !meta.is_file() {
        return Err(Error::input("this is not a regular file")
            .at(shown)
            .hint("replace it by a file, or remove it"));
    }
    if meta.len() > limit.bytes {
        return Err(too_large(shown, limit, meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(shown, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow between the check and the read: never read more than the limit.
    file.take(limit.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(shown, &e))?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_large(shown, limit, bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`read`], as UTF-8 text; invalid UTF-8 is an error at its line.
pub fn read_text(path: &Path, shown: &Path, limit: &FileLimit) -> Result<String, Error> {
    let bytes = read(path, shown, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::input("this file is not UTF-8 text")
            .at(shown)
            .line(line)
            .hint("re-save it with UTF-8 encoding")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(human(8 * MB), "8 MB");
        assert_eq!(human(8 * MB + 1), "8.1 MB");
        assert_eq!(human(1536 * 1024), "1.5 MB");
        assert_eq!(human(1000), "1 KB");
    }

    #[test]
    fn a_file_over_its_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.md");
        let f = std::fs::File::create(&p).unwrap();
        // A sparse file: the check must not read it.
        f.set_len(PAGE.bytes + 1).unwrap();
        let e = read(&p, Path::new("content/big.md"), &PAGE).unwrap_err();
        assert_eq!(e.path.as_deref(), Some(Path::new("content/big.md")));
        assert!(
            e.message
                .contains("more than a Markdown page may be (4 MB)"),
            "{}",
            e.message
        );
        f.set_len(PAGE.bytes).unwrap();
        assert_eq!(
            read(&p, Path::new("x"), &PAGE).unwrap().len() as u64,
            PAGE.bytes
        );
        let e = read(dir.path(), Path::new("content"), &PAGE).unwrap_err();
        assert!(e.message.contains("not a regular file"), "{}", e.message);
    }
}
