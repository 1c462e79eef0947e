//! Files published as they are, from `content/`, `static/` or a theme: pictures read whole and
//! cleaned ([`super::images::publishable`]), every other file copied. A large file that is not a
//! picture (a video, a long PDF) is copied in pieces from the disk, never held whole in memory,
//! so a build's memory does not grow with the size of the campaign's videos.

use super::Writer;
use super::images;
use crate::error::Error;
use crate::limits;
use crate::theme::Source;
use std::io::Read;
use std::path::Path;

/// How much of a file tells whether it is a picture (see [`images::is_picture`]).
const HEAD: u64 = 64 * 1024;

/// Publishes `src` at `rel`: `shown` names it in errors.
pub fn publish(writer: &Writer, rel: &str, src: &Source, shown: &str) -> Result<(), Error> {
    if let Source::Disk(path) = src {
        let len = std::fs::metadata(path)
            .map_err(|e| Error::io(shown, &e))?
            .len();
        if len > limits::COPIED_WHOLE {
            let head = head(path).map_err(|e| Error::io(shown, &e))?;
            if !images::is_picture(rel, &head) {
                return writer.copy_file(rel, path).map_err(|e| e.at(shown));
            }
            if len > limits::PICTURE.bytes {
                return Err(limits::too_large(Path::new(shown), &limits::PICTURE, len));
            }
        }
    }
    let bytes = src.read().map_err(|e| Error::io(shown, &e))?;
    // Pictures cleaned; those samizdat cannot clean left out with a warning.
    let bytes = images::publishable(rel, bytes).map_err(|e| e.at(shown))?;
    writer.write(rel, &bytes)
}

fn head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut v = Vec::new();
    std::fs::File::open(path)?.take(HEAD).read_to_end(&mut v)?;
    Ok(v)
}
