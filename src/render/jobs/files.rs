//! Files published from the site's own: static files and content assets copied with the hidden
//! data of pictures (camera, date, GPS) removed, and the list copies of profile photos.

use super::context::Ctx;
use super::write::{Out, write};
use crate::error::Error;
use crate::output::copies;
use crate::render::campaign;
use crate::theme::Source;
use std::path::Path;

/// A file copied into `rel` as it is, but a picture cleaned ([`crate::output::images::publishable`] says what
/// it leaves out) and a large file copied in pieces ([`copies::publish`]).
pub(super) fn copy(ctx: &Ctx, rel: &str, src: &Source, shown: &str) -> Result<Out, Error> {
    copies::publish(ctx.writer, rel, src, shown)
        .map_err(|e| if e.path.is_none() { e.at(rel) } else { e })?;
    Ok(Out {
        rel: rel.to_string(),
        lang: None,
        links: Vec::new(),
        loads: Vec::new(),
    })
}

/// The smaller copy of a profile photo that lists show, into `rel`.
pub(super) fn thumb(ctx: &Ctx, rel: &str, src: &Path, shown: &str) -> Result<Out, Error> {
    let bytes = crate::limits::read(src, Path::new(shown), &crate::limits::PICTURE)?;
    match campaign::thumbnail(&bytes).map_err(|e| e.at(shown))? {
        Some(thumb) => write(ctx, rel, &thumb),
        // The photo's own job fails, and the build with it: one error, not two.
        None => Ok(Out {
            rel: rel.to_string(),
            lang: None,
            links: Vec::new(),
            loads: Vec::new(),
        }),
    }
}
