//! The bounds a YAML document must keep before serde_yaml reads it: size, depth, and the size
//! it would have with its aliases written out ([`check_bounds`]), found in one pass of
//! yaml-rust2's event parser ([`walk`], which [`super::Positions`] also uses).

use super::convert;
use crate::error::Error;
use crate::limits;
use std::collections::HashMap;
use std::path::Path;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, ScanError};

/// Refuses YAML that a parser could be slow or deep on, before serde_yaml sees it: more than
/// [`limits::YAML`] bytes, nested deeper than [`limits::YAML_DEPTH`], or with aliases (`*name`)
/// that would repeat it to more than that size. The error is at the line where the limit is
/// passed. A document yaml-rust2 cannot read is left to serde_yaml (its messages are the ones
/// users know), but only the lines up to where yaml-rust2 stopped: those were read within the
/// bounds.
pub(crate) fn check_bounds(src: &str, path: &Path, line_offset: usize) -> Result<(), Error> {
    let at = |line: usize, msg: String, hint: &str| {
        Error::input(msg)
            .at(path)
            .line(line + line_offset)
            .hint(hint)
    };
    if src.len() as u64 > limits::YAML.bytes {
        return Err(at(
            1,
            format!(
                "this YAML is {}, more than the limit of {}",
                limits::human(src.len() as u64),
                limits::human(limits::YAML.bytes)
            ),
            limits::YAML.hint,
        ));
    }
    let mut expansion = Expansion::default();
    let mut expanded_at = None;
    let walked = walk(src, |ev, mark| {
        if expanded_at.is_none() && !expansion.add(ev) {
            expanded_at = Some(mark.line());
        }
    });
    if let Some(line) = expanded_at {
        return Err(at(
            line,
            format!(
                "with its aliases (`*name`) written out in full, this YAML would be more than {}",
                limits::human(limits::YAML.bytes)
            ),
            "write the values out where they are needed, or use fewer aliases",
        ));
    }
    match walked {
        Ok(()) => Ok(()),
        Err(Stop::Deep(line, col)) => Err(at(
            line,
            format!(
                "this YAML is nested more than {} levels deep (lists in lists, or keys under keys)",
                limits::YAML_DEPTH
            ),
            "a few levels are all samizdat reads: look for a `[` or `{` that is never closed, or for lines indented further and further",
        )
        .col(col)),
        Err(Stop::Syntax(e)) => {
            let end = src
                .match_indices('\n')
                .nth(e.marker().line().saturating_sub(1))
                .map_or(src.len(), |(i, _)| i + 1);
            // The lines yaml-rust2 read; serde_yaml's message for them if it finds one there,
            // yaml-rust2's otherwise.
            let prefix = &src[..end];
            match serde_yaml::from_str::<serde::de::IgnoredAny>(prefix) {
                Err(se) => Err(convert(&se, prefix, "", path, line_offset)),
                Ok(_) => Err(at(
                    e.marker().line(),
                    e.info().to_string(),
                    "check the YAML syntax on this line and the one before",
                )
                .col(e.marker().col() + 1)),
            }
        }
    }
}

/// Why [`walk`] stopped early.
pub(super) enum Stop {
    /// Nested deeper than [`limits::YAML_DEPTH`] at this line and column of the document.
    Deep(usize, usize),
    /// yaml-rust2 cannot read the document.
    Syntax(ScanError),
}

/// Calls `f` with every event of `src` in order, without recursion, stopping at the first node
/// nested deeper than [`limits::YAML_DEPTH`].
pub(super) fn walk(src: &str, mut f: impl FnMut(&Event, Marker)) -> Result<(), Stop> {
    let mut parser = Parser::new_from_str(src);
    let mut depth = 0usize;
    loop {
        let (ev, mark) = parser.next_token().map_err(|e| {
            // yaml-rust2 counts bracket levels in a u8.
            if e.info().contains("recursion limit") {
                Stop::Deep(e.marker().line(), e.marker().col() + 1)
            } else {
                Stop::Syntax(e)
            }
        })?;
        match ev {
            Event::StreamEnd => return Ok(()),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > limits::YAML_DEPTH {
                    return Err(Stop::Deep(mark.line(), mark.col() + 1));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        f(&ev, mark);
    }
}

/// The size of a document with its aliases written out, counted as its events come: a scalar
/// is its length, a collection its items, an alias the size of what its anchor names.
#[derive(Default)]
struct Expansion {
    /// Anchor id -> size of the node it names.
    sizes: HashMap<usize, u64>,
    /// Open collections: (anchor id, size so far).
    open: Vec<(usize, u64)>,
    /// Everything so far.
    total: u64,
}

impl Expansion {
    /// Counts `ev`; false once the total passes the limit.
    fn add(&mut self, ev: &Event) -> bool {
        let size = match ev {
            Event::Scalar(s, _, anchor, _) => {
                let size = s.len() as u64 + 1;
                if *anchor > 0 {
                    self.sizes.insert(*anchor, size);
                }
                size
            }
            Event::Alias(id) => self.sizes.get(id).copied().unwrap_or(1),
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                self.open.push((*anchor, 1));
                self.total = self.total.saturating_add(1);
                return true;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, size)) = self.open.pop() {
                    if anchor > 0 {
                        self.sizes.insert(anchor, size);
                    }
                    if let Some(parent) = self.open.last_mut() {
                        parent.1 = parent.1.saturating_add(size);
                    }
                }
                return true;
            }
            _ => return true,
        };
        if let Some(parent) = self.open.last_mut() {
            parent.1 = parent.1.saturating_add(size);
        }
        self.total = self.total.saturating_add(size);
        // Escapes can make a scalar longer than its source (`\L` is three bytes): only aliases
        // are blamed.
        !(matches!(ev, Event::Alias(_)) && self.total > limits::YAML.bytes)
    }
}
