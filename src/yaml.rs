//! YAML with errors a campaigner can act on.
//!
//! [`parse`] deserializes typed values with serde_yaml and turns its messages into ours: the
//! line and column shifted into the file that holds the YAML (front matter sits below a `---`),
//! `unknown field` turned into "unknown key" with the nearest valid key, `unknown variant` into
//! the list of valid values. [`Positions`] finds where a key or list item sits, for checks that
//! happen after deserialization (a `case:` naming no page, an unknown city in `pickets[3]`).
//!
//! Before serde_yaml sees a document, [`check_bounds`] walks it once with yaml-rust2's event
//! parser (which reads nesting without recursion and gives up at 256 levels of brackets) and
//! refuses YAML over [`limits::YAML`]'s size, nested deeper than [`limits::YAML_DEPTH`], or whose
//! aliases would repeat it beyond that size. libyaml (under serde_yaml) spends time quadratic in
//! the depth of brackets and yaml-rust2's loader recurses once a level, so both only ever see
//! YAML of bounded depth.

use crate::error::{Error, nearest};
use crate::limits;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::Path;
use yaml_rust2::parser::Event;
use yaml_rust2::scanner::Marker;

mod bounds;

pub(crate) use bounds::check_bounds;
use bounds::walk;

/// Deserializes `src` (YAML that starts on line `line_offset + 1` of `path`), stopping at the
/// first error. [`parse_all`] reports every wrong key of a document.
pub fn parse<T: DeserializeOwned>(src: &str, path: &Path, line_offset: usize) -> Result<T, Error> {
    check_bounds(src, path, line_offset)?;
    parse_once(src, path, line_offset).map_err(|b| b.0)
}

/// Deserializes `src` like [`parse`], but reports every wrong top-level key at once: after an
/// error in key `k`, the lines of `k` are blanked (so later lines keep their numbers) and the
/// document is read again. A syntax error, or an error that belongs to no key, ends the search.
pub fn parse_all<T: DeserializeOwned>(
    src: &str,
    path: &Path,
    line_offset: usize,
) -> Result<T, Vec<Error>> {
    check_bounds(src, path, line_offset).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let mut text = src.to_string();
    // Each round reads the whole document again: after a few errors the rest waits for the
    // next build, so a document of 10,000 wrong keys costs 20 readings, not 10,000.
    for _ in 0..limits::YAML_ERRORS {
        match parse_once::<T>(&text, path, line_offset) {
            Ok(v) if errors.is_empty() => return Ok(v),
            Ok(_) => return Err(errors),
            Err(b) => {
                let (e, key) = *b;
                errors.push(e);
                let blanked = key.and_then(|k| blank_key(&text, &k));
                match blanked {
                    Some(t) => text = t,
                    None => return Err(errors),
                }
            }
        }
    }
    Err(errors)
}

/// `src` with the lines of top-level key `key` emptied, or None when the key is not found.
fn blank_key(src: &str, key: &str) -> Option<String> {
    let (line, col) = Positions::of(src).get(key)?;
    if col != 1 {
        return None;
    }
    let mut out = String::with_capacity(src.len());
    let mut inside = false;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        let starts_key = i + 1 == line;
        let top_level = !l.starts_with([' ', '\t', '#', '-', '\n', '\r']);
        if starts_key {
            inside = true;
        } else if inside && top_level {
            inside = false;
        }
        if inside {
            out.push_str(if l.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(l);
        }
    }
    Some(out)
}

/// One reading; the error comes with the top-level key it belongs to, if any.
fn parse_once<T: DeserializeOwned>(
    src: &str,
    path: &Path,
    line_offset: usize,
) -> Result<T, Box<(Error, Option<String>)>> {
    // An empty document is an empty mapping, not "invalid type: unit".
    let src = if src.trim().is_empty() { "{}" } else { src };
    let de = serde_yaml::Deserializer::from_str(src);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let key_path: Vec<String> = e
            .path()
            .iter()
            .filter_map(|s| match s {
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        // A syntax error or a missing required key has no key to blank.
        let top = key_path.first().cloned();
        Box::new((
            convert(e.inner(), src, &key_path.join("."), path, line_offset),
            top,
        ))
    })
}

fn convert(
    e: &serde_yaml::Error,
    src: &str,
    key_path: &str,
    path: &Path,
    line_offset: usize,
) -> Error {
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; we carry the position separately.
    // Positions inside the message (a scanner's "at line 2 column 10, while parsing…") count
    // from the YAML's own first line, not the file's: they go too.
    let stripped = without_positions(&full);
    let msg = stripped.as_str();
    // serde_yaml knows the position of syntax and type errors; errors raised by our own
    // validation come back without one (1:1), so we look the key up.
    let located = e
        .location()
        .filter(|l| (l.line(), l.column()) != (1, 1))
        .map(|l| (l.line(), l.column()))
        .or_else(|| second_occurrence(src, msg));
    let (line, col) = located
        .or_else(|| {
            if key_path.is_empty() {
                None
            } else {
                Positions::of(src).get(key_path)
            }
        })
        .map(|(l, c)| (Some(l + line_offset), Some(c)))
        .unwrap_or((e.location().map(|l| l.line() + line_offset), None));
    let (_, bare) = split_path(msg);
    let shown_path = key_path.to_string();
    let (message, hint) = humanize(&shown_path, bare);
    let mut err = Error::input(message).at(path).pos(line, col);
    if let Some(h) = hint {
        err = err.hint(h);
    }
    err
}

/// `msg` without its " at line L column C" parts.
fn without_positions(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let after = after.trim_start_matches(|c: char| c.is_ascii_digit());
        let after = after
            .strip_prefix(" column ")
            .map(|a| a.trim_start_matches(|c: char| c.is_ascii_digit()))
            .unwrap_or(after);
        rest = after;
    }
    out.push_str(rest);
    out.trim_end().to_string()
}

/// For "duplicate field `k`": where `k` is given the second time (line, column).
fn second_occurrence(src: &str, msg: &str) -> Option<(usize, usize)> {
    let key = msg.split("duplicate field `").nth(1)?.split('`').next()?;
    src.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim_start();
            let rest = t.strip_prefix(key)?.trim_start();
            rest.starts_with(':')
                .then_some((i + 1, l.len() - t.len() + 1))
        })
        .nth(1)
}

/// Rewrites the message kinds users meet most; `prefix` is the dotted key path.
fn humanize(prefix: &str, rest: &str) -> (String, Option<String>) {
    let at = |s: String| {
        if prefix.is_empty() {
            s
        } else {
            format!("{prefix}: {s}")
        }
    };
    if let Some(r) = rest.strip_prefix("unknown field `") {
        let (key, expected) = split_tick(r);
        let parent = prefix
            .strip_suffix(key)
            .map(|p| p.trim_end_matches('.'))
            .unwrap_or(prefix);
        let at = |s: String| {
            if parent.is_empty() {
                s
            } else {
                format!("{parent}: {s}")
            }
        };
        let valid = ticked_list(expected);
        let hint = match nearest(key, valid.iter().map(String::as_str)) {
            Some(n) => format!("did you mean `{n}`? Valid keys here: {}", valid.join(", ")),
            None if valid.is_empty() => "remove it".to_string(),
            None => format!("valid keys here: {}", valid.join(", ")),
        };
        return (at(format!("unknown key `{key}`")), Some(hint));
    }
    if let Some(r) = rest.strip_prefix("unknown variant `") {
        let (val, expected) = split_tick(r);
        let valid = ticked_list(expected);
        let hint =
            nearest(val, valid.iter().map(String::as_str)).map(|n| format!("did you mean `{n}`?"));
        return (
            at(format!(
                "`{val}` is not a valid value: expected one of {}",
                valid.join(", ")
            )),
            hint,
        );
    }
    if let Some(r) = rest.strip_prefix("missing field `") {
        let (key, _) = split_tick(r);
        return (
            at(format!("missing required key `{key}`")),
            Some(format!("add a line `{key}: …`")),
        );
    }
    if let Some(r) = rest.strip_prefix("duplicate field `") {
        let (key, _) = split_tick(r);
        return (
            at(format!("the key `{key}` is given twice")),
            Some("keep one of them".into()),
        );
    }
    if let Some(r) = rest.strip_prefix("invalid value: ") {
        let r = r.to_string();
        return (at(format!("wrong value: found {}", plain_types(&r))), None);
    }
    if prefix.is_empty() && rest.starts_with("invalid type: ") && rest.contains("expected struct") {
        return (
            "this must be lines of `key: value` (title: …), not a single value or a list".into(),
            Some("each line between the `---` lines names a key, a colon, then its value".into()),
        );
    }
    if rest.starts_with("invalid type: ") {
        let r = rest
            .trim_start_matches("invalid type: ")
            .replace("unit value", "nothing")
            .replace("a sequence", "a list")
            .replace("sequence", "a list")
            .replace("map", "a mapping of keys");
        return (at(format!("wrong type: found {}", plain_types(&r))), None);
    }
    (at(rest.to_string()), None)
}

/// Rust type names mean nothing to a campaigner.
fn plain_types(s: &str) -> String {
    s.replace("expected usize", "expected a whole number, 0 or more")
        .replace("expected u64", "expected a whole number, 0 or more")
        .replace("expected u32", "expected a whole number, 0 or more")
        .replace("expected i64", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a boolean", "expected true or false")
}

fn split_path(msg: &str) -> (&str, &str) {
    // A path is dotted identifiers and [n]; it never holds a space before the colon.
    if let Some(i) = msg.find(": ") {
        let p = &msg[..i];
        if !p.is_empty() && !p.contains(' ') && !p.contains('`') {
            return (p, &msg[i + 2..]);
        }
    }
    ("", msg)
}

fn split_tick(r: &str) -> (&str, &str) {
    match r.find('`') {
        Some(i) => (&r[..i], &r[i + 1..]),
        None => (r, ""),
    }
}

fn ticked_list(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Where each key and list item of a YAML document starts: `title`, `pickets.3`,
/// `pickets.3.city`, `letters.address` -> (line, column), 1-based, in the document's own lines.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    map: BTreeMap<String, (usize, usize)>,
}

impl Positions {
    /// Indexes `src`; a document that does not parse, or is nested too deeply, gives an empty
    /// index (serde reports the syntax error with its own position).
    pub fn of(src: &str) -> Positions {
        let mut rec = Recorder::default();
        match walk(src, |ev, mark| rec.on_event(ev, mark)) {
            Ok(()) => Positions { map: rec.map },
            Err(_) => Positions::default(),
        }
    }

    /// The position of `path`, or of its nearest recorded ancestor (`pickets.3.city` falls back to
    /// `pickets.3`, then `pickets`).
    pub fn get(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(v) = self.map.get(p) {
                return Some(*v);
            }
            p = &p[..p.rfind('.')?];
        }
    }
}

enum Frame {
    Map { key: Option<String> },
    Seq { index: usize },
}

#[derive(Default)]
struct Recorder {
    stack: Vec<Frame>,
    map: BTreeMap<String, (usize, usize)>,
}

impl Recorder {
    fn path(&self) -> String {
        let mut parts = Vec::new();
        for f in &self.stack {
            match f {
                Frame::Map { key: Some(k) } => parts.push(k.clone()),
                Frame::Map { key: None } => {}
                Frame::Seq { index } => parts.push(index.to_string()),
            }
        }
        parts.join(".")
    }

    /// Called at the start of every value node: records list items and finishes map values.
    fn value_start(&mut self, mark: Marker) {
        if let Some(Frame::Seq { .. }) = self.stack.last() {
            let p = self.path();
            self.map.entry(p).or_insert((mark.line(), mark.col() + 1));
        }
    }

    /// After a complete value: advance the list index or clear the map key.
    fn value_end(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Seq { index }) => *index += 1,
            Some(Frame::Map { key }) => *key = None,
            None => {}
        }
    }
}

impl Recorder {
    fn on_event(&mut self, ev: &Event, mark: Marker) {
        match ev {
            Event::Scalar(s, ..) => {
                if let Some(Frame::Map { key }) = self.stack.last_mut()
                    && key.is_none()
                {
                    *key = Some(s.clone());
                    let p = self.path();
                    self.map.entry(p).or_insert((mark.line(), mark.col() + 1));
                    return;
                }
                self.value_start(mark);
                self.value_end();
            }
            Event::Alias(_) => {
                self.value_start(mark);
                self.value_end();
            }
            Event::MappingStart(..) => {
                self.value_start(mark);
                self.stack.push(Frame::Map { key: None });
            }
            Event::SequenceStart(..) => {
                self.value_start(mark);
                self.stack.push(Frame::Seq { index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_end();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn unknown_key_names_nearest_and_line() {
        let e = parse::<T>("title: x\ntitel: y\n", Path::new("a.md"), 1).unwrap_err();
        assert_eq!(e.message, "unknown key `titel`");
        assert_eq!(e.line, Some(3));
        assert!(e.hint.unwrap_or_default().contains("did you mean `title`"));
    }

    #[test]
    fn wrong_type_keeps_the_key_path() {
        let e = parse::<T>("title: x\ntags: 5\n", Path::new("a.md"), 0).unwrap_err();
        assert!(e.message.starts_with("tags: wrong type"), "{}", e.message);
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn every_wrong_key_of_a_document_is_reported_with_its_line() {
        let src = "titel: x\ntags:\n- a\n- [b]\ncolour: red\ntitle: ok\n";
        let errs = parse_all::<T>(src, Path::new("a.md"), 1).unwrap_err();
        let got: Vec<(String, Option<usize>)> =
            errs.iter().map(|e| (e.message.clone(), e.line)).collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], ("unknown key `titel`".to_string(), Some(2)));
        assert!(got[1].0.starts_with("tags.1: wrong type"), "{got:?}");
        assert_eq!(got[1].1, Some(5));
        assert_eq!(got[2], ("unknown key `colour`".to_string(), Some(6)));
        // A good document still parses, and a syntax error stops at itself.
        assert!(parse_all::<T>("title: x\n", Path::new("a.md"), 0).is_ok());
        let errs = parse_all::<T>("title: [x\nfoo: 1\n", Path::new("a.md"), 0).unwrap_err();
        assert_eq!(errs.len(), 1);
    }

    #[test]
    fn syntax_errors_carry_the_files_line_only() {
        let e = parse::<T>("title: x\ntags: [!!]\n", Path::new("a.md"), 1).unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        assert!(!e.message.contains("line"), "{}", e.message);
        assert_eq!(
            without_positions(
                "did not find expected node content at line 2 column 10, while parsing a flow node"
            ),
            "did not find expected node content, while parsing a flow node"
        );
    }

    #[test]
    fn a_list_instead_of_keys_is_explained() {
        let e = parse::<T>("- title: x\n", Path::new("a.md"), 1).unwrap_err();
        assert!(
            e.message.starts_with("this must be lines of `key: value`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_key_given_twice_is_shown_where_it_comes_again() {
        let e = parse::<T>("title: x\ntags: [a]\ntitle: y\n", Path::new("a.md"), 1).unwrap_err();
        assert_eq!(e.message, "the key `title` is given twice");
        assert_eq!((e.line, e.column), (Some(4), Some(1)));
    }

    #[test]
    fn positions_of_keys_and_items() {
        let src = "title: x\npickets:\n  - city: a\n  - {city: b, lat: 1}\nletters:\n  address: |\n    x\n";
        let p = Positions::of(src);
        assert_eq!(p.get("title"), Some((1, 1)));
        assert_eq!(p.get("pickets.0.city").map(|x| x.0), Some(3));
        assert_eq!(p.get("pickets.1.lat").map(|x| x.0), Some(4));
        assert_eq!(p.get("pickets.1").map(|x| x.0), Some(4));
        assert_eq!(p.get("letters.address").map(|x| x.0), Some(6));
        assert_eq!(p.get("pickets.7.city").map(|x| x.0), Some(2));
    }
}
