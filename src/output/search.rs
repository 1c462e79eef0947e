//! The search index of one language: a small script file the search page loads (a `<script>`
//! file rather than JSON, so search works from a `file://` copy too, where fetching JSON is
//! refused). Words are cut at Unicode word boundaries (UAX #29) and lower-cased, so Cyrillic,
//! Persian, Greek and Latin text are all found; the browser does the same to the query with
//! `Intl.Segmenter`. The site works without the script: the search page then says so and
//! points to the lists and tags.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use unicode_segmentation::UnicodeSegmentation;

/// One page in the index.
#[derive(Debug, Clone)]
pub struct Doc {
    pub url: String,
    pub title: String,
    /// Plain text: title, summary and body.
    pub text: String,
    /// A line shown under the result (the summary or the start of the text).
    pub snippet: String,
}

#[derive(Serialize)]
struct Index<'a> {
    /// [url, title, snippet] per page.
    d: Vec<[&'a str; 3]>,
    /// term -> page numbers (ascending), terms sorted.
    t: BTreeMap<String, Vec<u32>>,
}

/// The words of a text as the index keeps them.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.unicode_words()
        .map(fold)
        .filter(|w| w.chars().count() > 1 || !w.is_ascii())
}

/// Lower case, with the letters readers type either way made one: `ё` is often written `е`,
/// and Persian keyboards differ in whether they give Arabic `ي`/`ك` or Persian `ی`/`ک`.
/// search.js folds queries the same way.
fn fold(word: &str) -> String {
    word.to_lowercase()
        .chars()
        .map(|c| match c {
            'ё' => 'е',
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            c => c,
        })
        .collect()
}

/// The index as a script: `samizdatSearch["ru"] = {…};`. Written straight into the one
/// string it returns: at 20,000 pages a language's index is about 30 MB, and a copy for each
/// step (JSON, escaping, the script around it) held three of them at once.
pub fn index_script(lang: &str, docs: &[Doc]) -> String {
    let mut t: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let unique: BTreeSet<String> = words(&d.title).chain(words(&d.text)).collect();
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        for w in unique {
            t.entry(w).or_default().push(i);
        }
    }
    let idx = Index {
        d: docs
            .iter()
            .map(|d| [d.url.as_str(), d.title.as_str(), d.snippet.as_str()])
            .collect(),
        t,
    };
    let lang_json = serde_json::to_string(lang).unwrap_or_else(|_| "\"\"".into());
    let mut out = NoScriptEnd::default();
    out.buf.extend_from_slice(
        format!(
            "window.samizdatSearch = window.samizdatSearch || {{}};\nwindow.samizdatSearch[{lang_json}] = "
        )
        .as_bytes(),
    );
    let start = out.buf.len();
    if serde_json::to_writer(&mut out, &idx).is_err() {
        out.buf.truncate(start);
        out.buf.extend_from_slice(b"{}");
    }
    out.buf.extend_from_slice(b";\n");
    String::from_utf8(out.buf).unwrap_or_default()
}

/// A buffer that writes `</` as `<\/`: `</script>` must not occur in the script, and serde_json
/// does not escape `/` (a JSON string may). Tracks a `<` that ends one write and a `/` that
/// starts the next.
#[derive(Default)]
struct NoScriptEnd {
    buf: Vec<u8>,
}

impl std::io::Write for NoScriptEnd {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for &b in bytes {
            if b == b'/' && self.buf.last() == Some(&b'<') {
                self.buf.push(b'\\');
            }
            self.buf.push(b);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How long a result's line under its title is, in characters.
pub const SNIPPET_CHARS: usize = 160;

/// The distinct words of a text as the index keeps them, sorted, separated by spaces: all a
/// page needs to keep of its text for the index ([`index_script`] reads them back with
/// [`words`], which gives them unchanged).
pub fn distinct_words(text: &str) -> String {
    let unique: BTreeSet<String> = words(text).collect();
    let mut out = String::with_capacity(unique.iter().map(|w| w.len() + 1).sum());
    for w in unique {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

/// The first `n` characters of a text, cut at a word boundary.
pub fn snippet(text: &str, n: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= n {
        return text;
    }
    let cut: String = text.chars().take(n).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_words_read_back_as_themselves() {
        let text = "Free-them «Болотное дело» don't 3.5 Ёлка ёлка زندانیان يك a free";
        let kept = distinct_words(text);
        let again: BTreeSet<String> = words(&kept).collect();
        let first: BTreeSet<String> = words(text).collect();
        assert_eq!(again, first, "{kept}");
        assert_eq!(distinct_words(&kept), kept);
    }

    #[test]
    fn words_of_every_script() {
        let w: Vec<String> =
            words("Алексей Гаскаров, «Болотное дело» — زندانیان سیاسی; Free-them a 1").collect();
        assert_eq!(
            w,
            [
                "алексей",
                "гаскаров",
                "болотное",
                "дело",
                "زندانیان",
                "سیاسی",
                "free",
                "them"
            ]
        );
    }

    #[test]
    fn letters_typed_either_way_are_one() {
        let w: Vec<String> = words("Освобождён Ёлкин كتاب علي").collect();
        assert_eq!(w, ["освобожден", "елкин", "کتاب", "علی"]);
    }

    #[test]
    fn index_lists_terms_to_pages() {
        let docs = vec![
            Doc {
                url: "/ru/a/".into(),
                title: "Гаскаров".into(),
                text: "антифашист".into(),
                snippet: "s".into(),
            },
            Doc {
                url: "/ru/b/".into(),
                title: "Другой".into(),
                text: "Гаскаров </script>".into(),
                snippet: "s".into(),
            },
        ];
        let js = index_script("ru", &docs);
        assert!(js.contains("\"гаскаров\":[0,1]"), "{js}");
        assert!(!js.contains("</script>"));
        assert!(js.starts_with("window.samizdatSearch"));
    }

    #[test]
    fn snippets_cut_at_words() {
        assert_eq!(snippet("one two three", 9), "one two…");
        assert_eq!(snippet("short", 10), "short");
    }
}
