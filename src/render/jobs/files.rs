//! Files published from the site's own: static files and content assets copied with their
//! hidden data (camera, date, GPS) removed from pictures, and the list copies of profile photos.

use super::context::Ctx;
use super::write::{Out, write};
use crate::error::Error;
use crate::output::images;
use crate::render::campaign;
use crate::theme::Source;
use std::path::Path;

/// A file copied as it is into `rel`, a JPEG's or PNG's metadata removed.
pub(super) fn copy(ctx: &Ctx, rel: &str, src: &Source, shown: &str) -> Result<Out, Error> {
    let bytes = src.read().map_err(|e| Error::io(shown, &e))?;
    let bytes = match images::kind_of(&bytes) {
        Some(k) => images::strip_metadata(&bytes, k).map_err(|e| e.at(shown))?,
        None => bytes.into_owned(),
    };
    write(ctx, rel, &bytes)
}

/// The smaller copy of a profile photo that lists show, into `rel`.
pub(super) fn thumb(ctx: &Ctx, rel: &str, src: &Path, shown: &str) -> Result<Out, Error> {
    let bytes = std::fs::read(src).map_err(|e| Error::io(shown, &e))?;
    let thumb = campaign::thumbnail(&bytes).map_err(|e| e.at(shown))?;
    write(ctx, rel, &thumb)
}
