//! Indexed-colour PNG: a picture of at most 256 colours kept exactly, a larger one reduced to
//! a 256-colour palette, written with the Up filter and fdeflate, the fastest deflate.
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
//! The file holds IHDR, PLTE, tRNS (only when a pixel is not opaque), IDAT and
//! IEND: no time, no text, no software name.

use rustc_hash::FxHashMap as HashMap;

use crate::error::{Error, Result};

/// Colours picked by frequency before the farthest-colour picks take over.
const POPULAR: usize = 128;

/// A colour as RGBA (not premultiplied) in one number, red in the high byte.
pub(crate) type Rgba = u32;

/// A colour and how many pixels have it.
type Counted = (Rgba, u32);

/// A run of pixels of one colour: the colour's number and the run's length.
type Run = (u32, u32);

fn channels(c: Rgba) -> [u8; 4] {
    c.to_be_bytes()
}

/// The picture as runs of one colour: its colours in order of first appearance with their
/// pixel counts, and the runs as (colour's number, length). Flat areas are long runs, so
/// colours are looked up once a run, not once a pixel.
fn runs(pixels: &[Rgba]) -> (Vec<Counted>, Vec<Run>) {
    let mut number: HashMap<Rgba, u32> = HashMap::default();
    let mut colours: Vec<(Rgba, u32)> = Vec::new();
    let mut runs = Vec::new();
    let mut rest = pixels;
    while let Some(&c) = rest.first() {
        // Eight pixels at a time first: most runs are long.
        let whole = rest
            .chunks_exact(8)
            .position(|eight| eight != [c; 8])
            .unwrap_or(rest.len() / 8)
            * 8;
        let len = whole
            + rest[whole..]
                .iter()
                .position(|&p| p != c)
                .unwrap_or(rest.len() - whole);
        let n = *number.entry(c).or_insert_with(|| {
            colours.push((c, 0));
            (colours.len() - 1) as u32
        });
        colours[n as usize].1 += len as u32;
        runs.push((n, len as u32));
        rest = &rest[len..];
    }
    (colours, runs)
}

/// The palette (at most 256 colours) and, for each colour of `colours` (the most frequent
/// first), its entry.
fn palette(colours: &[(Rgba, u32)]) -> (Vec<Rgba>, Vec<u8>) {
    if colours.len() <= 256 {
        let palette = colours.iter().map(|c| c.0).collect();
        return (palette, (0..=255u8).take(colours.len()).collect());
    }
    // One array a channel, so that the loops below run on many colours at once.
    let channel = |k: usize| -> Vec<i32> {
        colours
            .iter()
            .map(|c| i32::from(channels(c.0)[k]))
            .collect()
    };
    let (r, g, b, a) = (channel(0), channel(1), channel(2), channel(3));
    // For each colour, how far its nearest entry is, and which entry that is.
    let mut far = vec![u32::MAX; colours.len()];
    let mut near = vec![0u8; colours.len()];
    let mut palette: Vec<Rgba> = Vec::with_capacity(256);
    // Entry `entry` of the palette is colour `of`: the colours nearer to it than to any
    // entry before take it.
    let mut add = |of: usize, far: &mut [u32]| {
        let (er, eg, eb, ea) = (r[of], g[of], b[of], a[of]);
        let entry = palette.len() as u8;
        for (j, (f, n)) in far.iter_mut().zip(near.iter_mut()).enumerate() {
            let d =
                (r[j] - er).pow(2) + (g[j] - eg).pow(2) + (b[j] - eb).pow(2) + (a[j] - ea).pow(2);
            if (d as u32) < *f {
                *f = d as u32;
                *n = entry;
            }
        }
        palette.push(colours[of].0);
    };
    for of in 0..POPULAR {
        add(of, &mut far);
    }
    for _ in POPULAR..256 {
        // The farthest colour; among equals the first, which is the most frequent.
        let most = far.iter().copied().max().unwrap_or(0);
        match far.iter().position(|&d| d == most) {
            Some(of) if most > 0 => add(of, &mut far),
            _ => break,
        }
    }
    (palette, near)
}

/// An indexed-colour PNG of `width` × `height` pixels given row by row as RGBA.
pub(crate) fn encode(width: u32, height: u32, pixels: &[Rgba]) -> Result<Vec<u8>> {
    if pixels.len() as u64 != u64::from(width) * u64::from(height) || pixels.is_empty() {
        return Err(Error::input(format!(
            "a {width}x{height} image cannot hold {} pixels",
            pixels.len()
        )));
    }
    let (colours, runs) = runs(pixels);
    // The most frequent first; among equals, by value, so no hash order reaches the file.
    let mut ranked: Vec<u32> = (0..colours.len() as u32).collect();
    ranked.sort_unstable_by(|&a, &b| {
        let (a, b) = (colours[a as usize], colours[b as usize]);
        b.1.cmp(&a.1).then(a.0.cmp(&b.0))
    });
    let sorted: Vec<(Rgba, u32)> = ranked.iter().map(|&n| colours[n as usize]).collect();
    let (entries, of_colour) = palette(&sorted);
    // Translucent entries first, so that tRNS (which lists alphas from the first entry on)
    // is as short as it can be; stable, so the order stays the same on every machine.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| channels(entries[i])[3] == 255);
    let mut position = vec![0u8; entries.len()];
    for (at, &i) in order.iter().enumerate() {
        position[i] = at as u8;
    }
    let mut index = vec![0u8; colours.len()];
    for (&n, &e) in ranked.iter().zip(&of_colour) {
        index[n as usize] = position[usize::from(e)];
    }
    let mut data = Vec::with_capacity(pixels.len());
    for (n, len) in runs {
        data.resize(data.len() + len as usize, index[n as usize]);
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
    // Measured on the 1,603 maps of the 3 x 1,000 bench site (RGB with adaptive filters and
    // fdeflate before: 51.1 MB, 1.1 s): fdeflate with the Up filter 26.3 MB in 1.9 s; zlib
    // unfiltered at level 1 22.3 MB in 3.2 s, level 2 19.4 MB in 4.0 s, level 4 18.4 MB in
    // 4.5 s. zlib's 7 MB more saved would cost 2 s of CPU a thousand pages. Up: flat areas
    // become rows of zeros, which fdeflate packs best.
    encoder.set_deflate_compression(png::DeflateCompression::FdeflateUltraFast);
    encoder.set_filter(png::Filter::Up);
    let failed = |e: png::EncodingError| Error::input(format!("PNG encoding failed: {e}"));
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(&data).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}
