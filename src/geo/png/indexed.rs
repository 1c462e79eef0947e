//! Indexed-colour PNG: a picture of at most 256 colours kept exactly, a larger one reduced to
//! a 256-colour palette, written with no filter and zlib's default level.
//!
//! A map is a few flat colours (sea, land, home country, markers, text) and the antialiasing
//! blends between them: a city locator has about 160 colours, a country map 200 to 450, the
//! labelled world map about 5,000. Past 256, the palette is the most frequent colours (every
//! flat area and the common blends, so most pixels stay exact) and then, one at a time, the
//! colour farthest from every entry so far (so that no rare colour, such as a small red
//! marker or the middle grey of a letter's edge, lands on something far from it). Measured
//! on the bench maps this gives a smaller worst error than NeuQuant (`color_quant`) at a
//! tenth of its time, and the same bytes on every machine: integer arithmetic, and every
//! tie broken by the colour's value.
//!
//! Palette images compress best unfiltered (a filter turns indices into meaningless
//! differences). The file holds IHDR, PLTE, tRNS (only when a pixel is not opaque), IDAT and
//! IEND: no time, no text, no software name.

use std::collections::HashMap;

use crate::error::{Error, Result};

/// Colours picked by frequency before the farthest-colour picks take over.
const POPULAR: usize = 128;

/// A colour as RGBA (not premultiplied) in one number, red in the high byte.
pub(crate) type Rgba = u32;

fn channels(c: Rgba) -> [u8; 4] {
    c.to_be_bytes()
}

fn distance(a: Rgba, b: Rgba) -> u32 {
    let (a, b) = (channels(a), channels(b));
    (0..4)
        .map(|k| {
            let d = u32::from(a[k].abs_diff(b[k]));
            d * d
        })
        .sum()
}

/// Every colour of the picture with its pixel count, the most frequent first.
fn histogram(pixels: &[Rgba]) -> Vec<(Rgba, u32)> {
    let mut counts: HashMap<Rgba, u32> = HashMap::new();
    // Flat areas are long runs of one colour: count a run once instead of hashing each pixel.
    let mut run: Option<(Rgba, u32)> = None;
    for &p in pixels {
        match &mut run {
            Some((c, n)) if *c == p => *n += 1,
            _ => {
                if let Some((c, n)) = run {
                    *counts.entry(c).or_default() += n;
                }
                run = Some((p, 1));
            }
        }
    }
    if let Some((c, n)) = run {
        *counts.entry(c).or_default() += n;
    }
    let mut colours: Vec<(Rgba, u32)> = counts.into_iter().collect();
    colours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    colours
}

/// The palette (at most 256 colours) and, for each colour of `colours`, its entry.
fn palette(colours: &[(Rgba, u32)]) -> (Vec<Rgba>, Vec<u8>) {
    if colours.len() <= 256 {
        let palette = colours.iter().map(|c| c.0).collect();
        return (palette, (0..=255u8).take(colours.len()).collect());
    }
    let mut palette: Vec<Rgba> = colours.iter().take(POPULAR).map(|c| c.0).collect();
    // For each colour, its nearest entry and how far it is.
    let mut near: Vec<(u32, u8)> = vec![(u32::MAX, 0); colours.len()];
    let nearest_of = |near: &mut [(u32, u8)], entry: Rgba, index: u8| {
        for (n, &(c, _)) in near.iter_mut().zip(colours) {
            let d = distance(c, entry);
            if d < n.0 {
                *n = (d, index);
            }
        }
    };
    for (i, &entry) in palette.iter().enumerate() {
        nearest_of(&mut near, entry, i as u8);
    }
    while palette.len() < 256 {
        // The farthest colour; among equals the first, which is the most frequent.
        let Some((far, _)) = near
            .iter()
            .enumerate()
            .filter(|(_, n)| n.0 > 0)
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(&a.0)))
        else {
            break;
        };
        let entry = colours[far].0;
        nearest_of(&mut near, entry, palette.len() as u8);
        palette.push(entry);
    }
    (palette, near.into_iter().map(|n| n.1).collect())
}

/// An indexed-colour PNG of `width` × `height` pixels given row by row as RGBA.
pub(crate) fn encode(width: u32, height: u32, pixels: &[Rgba]) -> Result<Vec<u8>> {
    if pixels.len() as u64 != u64::from(width) * u64::from(height) || pixels.is_empty() {
        return Err(Error::input(format!(
            "a {width}x{height} image cannot hold {} pixels",
            pixels.len()
        )));
    }
    let colours = histogram(pixels);
    let (entries, of_colour) = palette(&colours);
    // Translucent entries first, so that tRNS (which lists alphas from the first entry on)
    // is as short as it can be; stable, so the order stays the same on every machine.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| channels(entries[i])[3] == 255);
    let mut position = vec![0u8; entries.len()];
    for (at, &i) in order.iter().enumerate() {
        position[i] = at as u8;
    }
    let index: HashMap<Rgba, u8> = colours
        .iter()
        .zip(&of_colour)
        .map(|(&(c, _), &e)| (c, position[usize::from(e)]))
        .collect();
    let mut data = Vec::with_capacity(pixels.len());
    let mut last: Option<(Rgba, u8)> = None;
    for &p in pixels {
        let i = match last {
            Some((c, i)) if c == p => i,
            _ => {
                let i = index.get(&p).copied().unwrap_or(0);
                last = Some((p, i));
                i
            }
        };
        data.push(i);
    }
    let plte: Vec<u8> = order
        .iter()
        .flat_map(|&i| {
            let [r, g, b, _] = channels(entries[i]);
            [r, g, b]
        })
        .collect();
    let trns: Vec<u8> = order
        .iter()
        .map(|&i| channels(entries[i])[3])
        .take_while(|&a| a < 255)
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(plte);
    if !trns.is_empty() {
        encoder.set_trns(trns);
    }
    // Level 6: on the bench maps a twentieth smaller than level 3 for 2 ms more per city
    // map; level 9 saves 2 % more at twice the time. (`set_compression` would also pick a
    // filter, so the two are set apart.)
    encoder.set_deflate_compression(png::DeflateCompression::Level(6));
    encoder.set_filter(png::Filter::NoFilter);
    let failed = |e: png::EncodingError| Error::input(format!("PNG encoding failed: {e}"));
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(&data).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}
