//! SVG: parsed (roxmltree) and written anew with only what draws the picture.
//!
//! Drawing programs save much more than the drawing: `<metadata>` with RDF and Dublin Core
//! (author, licence, dates), `<title>` and `<desc>`, comments, their own namespaces
//! (`sodipodi:docname`, `inkscape:export-filename` with a home folder, so a user name;
//! Illustrator's private data, which holds the whole original file), layer names as ids, and
//! photos embedded with all their EXIF. The output keeps, by allow list:
//! - SVG elements that draw, clip, fill, filter or animate (not `metadata`, `title`, `desc`,
//!   `script`, `foreignObject`, `color-profile`, fonts, or anything in another namespace);
//! - attributes that draw (geometry, presentation, filters, animation), `class`, `style` and
//!   `href` (data URLs of pictures cleaned like any picture, other data URLs and `file:` links
//!   dropped), and `id` only where the drawing refers to it (`url(#id)`, `href="#id"`, a
//!   stylesheet, an animation's `begin`) or on a `view`; no event handlers (`onload`);
//! - text only inside `text`, `tspan`, `textPath` and `style`, whose CSS comments go.
//!
//! The document type, entities (expanded: roxmltree limits them against "billion laughs"),
//! processing instructions and CDATA sections (their text is kept where text is kept) do not
//! survive the rewrite. Parsing failures are errors with the line.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Read as _;

use base64::Engine as _;
use roxmltree::{Document, Node, ParsingOptions};

use super::{ImageKind, invalid, strip_embedded};

mod css;
use crate::error::{Error, Result};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// SVG in a data URL in an SVG...: deeper than this is an error.
pub(super) const MAX_EMBEDDING: usize = 4;
/// Elements, attributes and text nodes an SVG may have (a few hundred bytes each in memory).
const MAX_NODES: u32 = 2_000_000;

/// Whether `bytes` start like an XML document whose first element is `svg`.
pub(super) fn claims(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = match head {
        [0xFE, 0xFF, ..] | [0xFF, 0xFE, ..] => utf16(head).map(Cow::Owned),
        _ => Some(String::from_utf8_lossy(head)),
    };
    text.as_deref()
        .and_then(first_element)
        .is_some_and(|n| n == "svg" || n.ends_with(":svg"))
}

/// A gzip file whose start unpacks to an SVG (`.svgz`).
pub(super) fn is_compressed_svg(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0x1F, 0x8B]) {
        return false;
    }
    let mut head = Vec::new();
    let unpacked = flate2::read::GzDecoder::new(bytes)
        .take(64 * 1024)
        .read_to_end(&mut head);
    (unpacked.is_ok() || !head.is_empty()) && claims(&head)
}

/// The name of the first element, after the XML declaration, comments, processing
/// instructions and the document type (a sniffer: the parser decides).
fn first_element(text: &str) -> Option<&str> {
    let mut s = text.trim_start_matches('\u{feff}');
    loop {
        s = s.trim_start();
        if let Some(r) = s.strip_prefix("<?") {
            s = &r[r.find("?>")? + 2..];
        } else if let Some(r) = s.strip_prefix("<!--") {
            s = &r[r.find("-->")? + 3..];
        } else if let Some(r) = s.strip_prefix("<!DOCTYPE") {
            // An internal subset [...] may hold '>'.
            let close = r.find('>')?;
            s = match r.find('[') {
                Some(open) if open < close => {
                    let end = r[open..].find("]")? + open + 1;
                    let rest = r[end..].trim_start();
                    rest.strip_prefix('>')?
                }
                _ => &r[close + 1..],
            };
        } else if let Some(r) = s.strip_prefix('<') {
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(r.len());
            return Some(&r[..end]);
        } else {
            return None;
        }
    }
}

fn utf16(bytes: &[u8]) -> Option<String> {
    let big = bytes.starts_with(&[0xFE, 0xFF]);
    let units = bytes.get(2..)?.chunks_exact(2).map(|p| {
        if big {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect(),
    )
}

pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>> {
    strip_nested(bytes, 0)
}

/// An SVG cleaned; `depth` counts the SVGs it sits in (as a data URL).
pub(super) fn strip_nested(bytes: &[u8], depth: usize) -> Result<Vec<u8>> {
    let text: Cow<str> = match bytes {
        [0xFE, 0xFF, ..] | [0xFF, 0xFE, ..] => {
            Cow::Owned(utf16(bytes).ok_or_else(|| invalid(ImageKind::Svg, "empty"))?)
        }
        _ => Cow::Borrowed(std::str::from_utf8(bytes).map_err(|e| {
            invalid(ImageKind::Svg, format!("not UTF-8 text ({e})"))
                .hint("save it again as UTF-8 in your drawing program")
        })?),
    };
    let text = text.trim_start_matches('\u{feff}');
    let opt = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, opt).map_err(|e| {
        let line = usize::try_from(e.pos().row).unwrap_or(0);
        invalid(ImageKind::Svg, e.to_string())
            .line(line)
            .hint("open it in a drawing program (Inkscape) and save it again as plain SVG")
    })?;
    let root = doc.root_element();
    let svg_ns = root.tag_name().namespace();
    if root.tag_name().name() != "svg" || !matches!(svg_ns, None | Some(SVG_NS)) {
        return Err(invalid(
            ImageKind::Svg,
            "its first element is not <svg> in the SVG namespace",
        ));
    }
    let ids = referenced_ids(&doc);
    write(root, svg_ns, &ids, depth).map(String::into_bytes)
}

enum Step<'a, 'i> {
    Open(Node<'a, 'i>, bool),
    Close(&'a str),
}

/// The document from `root`, rewritten by the allow lists (iteratively: nesting depth is not
/// limited by the stack).
fn write(root: Node, svg_ns: Option<&str>, ids: &HashSet<&str>, depth: usize) -> Result<String> {
    let mut out = String::new();
    let mut steps = vec![Step::Open(root, false)];
    while let Some(step) = steps.pop() {
        let (node, in_text) = match step {
            Step::Close(name) => {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
                continue;
            }
            Step::Open(node, in_text) => (node, in_text),
        };
        if node.is_text() {
            let t = node.text().unwrap_or_default();
            if node
                .parent_element()
                .is_some_and(|p| p.tag_name().name() == "style")
            {
                let css = css::clean_sheet(t);
                escape(&mut out, &css::clean_pictures(&css, depth)?, false);
            } else if in_text || t.trim().is_empty() {
                escape(&mut out, t, false);
            }
            continue;
        }
        let tag = node.tag_name();
        if !node.is_element() || tag.namespace() != svg_ns || !draws(tag.name()) {
            continue;
        }
        let name = tag.name();
        out.push('<');
        out.push_str(name);
        if node == root {
            out.push_str(" xmlns=\"");
            out.push_str(SVG_NS);
            out.push_str("\" xmlns:xlink=\"");
            out.push_str(XLINK_NS);
            out.push('"');
        }
        for a in node.attributes() {
            let qname = match (a.namespace(), a.name()) {
                (None, "id") if name == "view" || ids.contains(a.value()) => "id",
                (None, n) if draws_attribute(n) => n,
                (Some(XLINK_NS), "href") => "xlink:href",
                (Some(XML_NS), "space") => "xml:space",
                (Some(XML_NS), "lang") => "xml:lang",
                _ => continue,
            };
            let value = match qname {
                "href" | "xlink:href" => match link(a.value(), depth)? {
                    Some(v) => v,
                    None => continue,
                },
                "style" => Cow::Owned(
                    css::clean_pictures(&css::clean_style(a.value()), depth)?.into_owned(),
                ),
                _ => css::clean_pictures(a.value(), depth)?,
            };
            out.push(' ');
            out.push_str(qname);
            out.push_str("=\"");
            escape(&mut out, &value, true);
            out.push('"');
        }
        if node.has_children() {
            out.push('>');
            steps.push(Step::Close(name));
            let in_text = in_text || matches!(name, "text" | "tspan" | "textPath");
            let children: Vec<_> = node.children().collect();
            steps.extend(children.into_iter().rev().map(|c| Step::Open(c, in_text)));
        } else {
            out.push_str("/>");
        }
    }
    out.push('\n');
    Ok(out)
}

/// SVG elements that draw or take part in drawing.
fn draws(name: &str) -> bool {
    matches!(
        name,
        "a" | "animate"
            | "animateMotion"
            | "animateTransform"
            | "circle"
            | "clipPath"
            | "defs"
            | "ellipse"
            | "feBlend"
            | "feColorMatrix"
            | "feComponentTransfer"
            | "feComposite"
            | "feConvolveMatrix"
            | "feDiffuseLighting"
            | "feDisplacementMap"
            | "feDistantLight"
            | "feDropShadow"
            | "feFlood"
            | "feFuncA"
            | "feFuncB"
            | "feFuncG"
            | "feFuncR"
            | "feGaussianBlur"
            | "feImage"
            | "feMerge"
            | "feMergeNode"
            | "feMorphology"
            | "feOffset"
            | "fePointLight"
            | "feSpecularLighting"
            | "feSpotLight"
            | "feTile"
            | "feTurbulence"
            | "filter"
            | "g"
            | "image"
            | "line"
            | "linearGradient"
            | "marker"
            | "mask"
            | "mpath"
            | "path"
            | "pattern"
            | "polygon"
            | "polyline"
            | "radialGradient"
            | "rect"
            | "set"
            | "stop"
            | "style"
            | "svg"
            | "switch"
            | "symbol"
            | "text"
            | "textPath"
            | "tspan"
            | "use"
            | "view"
    )
}

/// Attributes (without a namespace) that draw: geometry, presentation, filters, animation.
fn draws_attribute(name: &str) -> bool {
    matches!(
        name,
        // Core, geometry and links.
        "class" | "style" | "x" | "y" | "x1" | "y1" | "x2" | "y2" | "cx" | "cy" | "r" | "rx"
            | "ry" | "fx" | "fy" | "fr" | "width" | "height" | "d" | "points" | "pathLength"
            | "viewBox" | "preserveAspectRatio" | "version" | "href" | "target" | "type"
            | "media" | "lang" | "transform" | "systemLanguage" | "requiredFeatures"
            | "requiredExtensions"
            // Presentation.
            | "alignment-baseline" | "baseline-shift" | "clip" | "clip-path" | "clip-rule"
            | "color" | "color-interpolation" | "color-interpolation-filters"
            | "color-rendering" | "cursor" | "direction" | "display" | "dominant-baseline"
            | "enable-background" | "fill" | "fill-opacity" | "fill-rule" | "filter"
            | "flood-color" | "flood-opacity" | "font" | "font-family" | "font-feature-settings"
            | "font-kerning" | "font-size" | "font-size-adjust" | "font-stretch" | "font-style"
            | "font-variant" | "font-weight" | "glyph-orientation-horizontal"
            | "glyph-orientation-vertical" | "image-rendering" | "isolation" | "kerning"
            | "letter-spacing" | "lighting-color" | "marker" | "marker-end" | "marker-mid"
            | "marker-start" | "mask" | "mask-type" | "mix-blend-mode" | "opacity" | "overflow"
            | "paint-order" | "pointer-events" | "shape-rendering" | "solid-color"
            | "solid-opacity" | "stop-color" | "stop-opacity" | "stroke" | "stroke-dasharray"
            | "stroke-dashoffset" | "stroke-linecap" | "stroke-linejoin" | "stroke-miterlimit"
            | "stroke-opacity" | "stroke-width" | "text-anchor" | "text-decoration"
            | "text-overflow" | "text-rendering" | "transform-box" | "transform-origin"
            | "unicode-bidi" | "vector-effect" | "visibility" | "white-space" | "word-spacing"
            | "writing-mode"
            // Paint servers, clips, masks, markers.
            | "gradientUnits" | "gradientTransform" | "spreadMethod" | "offset" | "patternUnits"
            | "patternContentUnits" | "patternTransform" | "clipPathUnits" | "maskUnits"
            | "maskContentUnits" | "markerUnits" | "markerWidth" | "markerHeight" | "refX"
            | "refY" | "orient"
            // Filters.
            | "filterUnits" | "primitiveUnits" | "filterRes" | "in" | "in2" | "result"
            | "stdDeviation" | "dx" | "dy" | "mode" | "values" | "tableValues" | "slope"
            | "intercept" | "amplitude" | "exponent" | "operator" | "k1" | "k2" | "k3" | "k4"
            | "order" | "kernelMatrix" | "divisor" | "bias" | "targetX" | "targetY"
            | "edgeMode" | "kernelUnitLength" | "preserveAlpha" | "surfaceScale"
            | "diffuseConstant" | "specularConstant" | "specularExponent" | "azimuth"
            | "elevation" | "pointsAtX" | "pointsAtY" | "pointsAtZ" | "limitingConeAngle"
            | "z" | "scale" | "xChannelSelector" | "yChannelSelector" | "radius"
            | "baseFrequency" | "numOctaves" | "seed" | "stitchTiles"
            // Text.
            | "rotate" | "lengthAdjust" | "textLength" | "startOffset" | "method" | "spacing"
            | "side" | "path"
            // Animation.
            | "attributeName" | "attributeType" | "begin" | "dur" | "end" | "min" | "max"
            | "restart" | "repeatCount" | "repeatDur" | "calcMode" | "keyTimes" | "keySplines"
            | "keyPoints" | "from" | "to" | "by" | "additive" | "accumulate"
    )
}

/// Ids the drawing refers to: `#id` in any attribute or stylesheet, `id.event` in an
/// animation's `begin` or `end`.
fn referenced_ids<'a>(doc: &'a Document) -> HashSet<&'a str> {
    let mut ids = HashSet::new();
    let scan = |ids: &mut HashSet<&'a str>, s: &'a str| {
        for (i, _) in s.match_indices('#') {
            let rest = &s[i + 1..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
                .unwrap_or(rest.len());
            // `#a.b` in a stylesheet is id a with class b.
            ids.insert(&rest[..end]);
            ids.insert(rest[..end].split('.').next().unwrap_or_default());
        }
    };
    for node in doc.descendants() {
        if let Some(t) = node.text().filter(|_| node.is_text()) {
            scan(&mut ids, t);
        }
        for a in node.attributes() {
            scan(&mut ids, a.value());
            if matches!(a.name(), "begin" | "end") {
                for part in a.value().split(';') {
                    if let Some((id, _)) = part.trim().split_once('.') {
                        ids.insert(id);
                    }
                }
            }
        }
    }
    ids
}

/// A link's value to publish: kept, cleaned (a picture in a data URL) or dropped (`None`).
pub(super) fn link(value: &str, depth: usize) -> Result<Option<Cow<'_, str>>> {
    let v = value.trim_start();
    let scheme = v.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        // A file on the drawer's computer: draws nothing on the web, names their folders.
        Some("file") => Ok(None),
        Some("data") => {
            let Ok(url) = data_url::DataUrl::process(v) else {
                return Ok(None);
            };
            let Ok((bytes, _)) = url.decode_to_vec() else {
                return Ok(None);
            };
            if url.mime_type().type_ != "image" && super::kind_of(&bytes).is_none() {
                return Ok(None);
            }
            let clean = strip_embedded(&bytes, depth).map_err(|e| {
                Error::input(format!("a picture embedded in this SVG: {}", e.message)).hint(
                    "replace the embedded picture (in Inkscape: Extensions, Images, Extract) \
                     or remove it",
                )
            })?;
            let mime = match super::kind_of(&clean) {
                Some(ImageKind::Jpeg) => "image/jpeg",
                Some(ImageKind::Png) => "image/png",
                Some(ImageKind::Gif) => "image/gif",
                Some(ImageKind::WebP) => "image/webp",
                Some(ImageKind::Ico) => "image/x-icon",
                Some(ImageKind::Svg) => "image/svg+xml",
                None => return Ok(None),
            };
            let b64 = base64::engine::general_purpose::STANDARD.encode(&clean);
            Ok(Some(Cow::Owned(format!("data:{mime};base64,{b64}"))))
        }
        _ => Ok(Some(Cow::Borrowed(value))),
    }
}

/// Appends `s` escaped for XML text or (`attr`) a double-quoted attribute value.
fn escape(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}
