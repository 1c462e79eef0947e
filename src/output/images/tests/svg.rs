//! SVG files keep their drawing and lose everything else: metadata, comments, editor
//! namespaces, unreferenced ids, scripts, `file:` links; embedded pictures are cleaned.

use base64::Engine as _;
use resvg::{tiny_skia, usvg};

use super::*;

/// What an Inkscape user's file holds besides the drawing (as Inkscape 1.x writes it).
const INKSCAPE: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) by Ivan Secret -->
<?xml-stylesheet href="file:///home/ivan/styles/secret.css" type="text/css"?>
<svg
   width="64"
   height="48"
   viewBox="0 0 64 48"
   version="1.1"
   id="svg-Ivan-Secret"
   sodipodi:docname="leaflet-for-Bolotnaya.svg"
   inkscape:version="1.3 (0e150ed6c4, 2023-07-21)"
   inkscape:export-filename="/home/ivan/Desktop/leaflet.png"
   inkscape:export-xdpi="96"
   xml:space="preserve"
   onload="alert('Ivan')"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/"><title>Ivan Secret's leaflet</title><desc>Drawn at Bolotnaya</desc><sodipodi:namedview
     id="namedview1"
     inkscape:current-layer="layer-Ivan"
     inkscape:window-width="1920" /><defs
     id="defs1"><linearGradient
       id="grad"><stop
         style="stop-color:#d40000;stop-opacity:1;/* picked by Ivan */"
         offset="0" /><stop
         style="stop-color:#0000d4"
         offset="1" /></linearGradient><metadata><rdf:RDF><cc:Work><dc:creator>Ivan Secret</dc:creator></cc:Work></rdf:RDF></metadata></defs><style
     id="style1"><![CDATA[
/* Ivan Secret's colours */
.banner { fill: #0a0; stroke: #000; }
]]></style><metadata
     id="metadata1"><rdf:RDF><cc:Work
         rdf:about=""><dc:creator><cc:Agent><dc:title>Ivan Secret</dc:title></cc:Agent></dc:creator><dc:date>2012-05-06</dc:date><dc:description>taken at Bolotnaya</dc:description></cc:Work></rdf:RDF></metadata><g
     inkscape:label="Ivan's layer"
     inkscape:groupmode="layer"
     id="layer-Ivan"
     data-owner="Ivan Secret">Ivan Secret was here<!-- hide this: Galaxy SM-S918B --><rect
       style="fill:url(#grad);stroke:none"
       id="rect-Bolotnaya"
       width="40"
       height="20"
       x="4"
       y="4"
       inkscape:transform-center-x="Ivan" /><rect
       class="banner"
       width="20"
       height="10"
       x="40"
       y="30"
       onclick="steal()" /><image
       width="8"
       height="8"
       x="50"
       y="4"
       xlink:href="file:///home/ivan/Pictures/IMG_2012.jpg"
       sodipodi:absref="/home/ivan/Pictures/IMG_2012.jpg" /><text
       xml:space="preserve"
       x="4"
       y="44"
       style="font-size:8px;-inkscape-font-specification:'Ivan Sans'"><tspan
         x="4"
         y="44">Free  them <![CDATA[all]]></tspan></text><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">Ivan Secret</p></foreignObject><script>/* Ivan */</script><svg:g><svg:title>Galaxy</svg:title><svg:circle cx="10" cy="40" r="3" fill="#000"/></svg:g></g></svg>
<!-- saved by Ivan Secret -->
"##;

const CANARIES: &[&str] = &[
    "Ivan",
    "Secret",
    "Bolotnaya",
    "/home/",
    "Galaxy",
    "2012",
    "inkscape",
    "sodipodi",
    "rdf",
    "onload",
    "onclick",
    "steal",
    "<!--",
    "metadata",
];

fn assert_no_canary(out: &str, what: &str) {
    for c in CANARIES {
        assert!(!out.contains(c), "{what}: {c} is still there:\n{out}");
    }
}

fn clean(svg: &str) -> String {
    let out = ok(strip_metadata(svg.as_bytes(), ImageKind::Svg));
    String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
}

/// The SVG drawn by resvg, as RGBA bytes.
fn render(svg: &str) -> Vec<u8> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default())
        .unwrap_or_else(|e| panic!("resvg cannot read it: {e}\n{svg}"));
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .unwrap_or_else(|| panic!("empty picture"));
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.take()
}

#[test]
fn inkscape_metadata_comments_names_and_home_paths_go_and_the_drawing_stays() {
    let out = clean(INKSCAPE);
    assert_no_canary(&out, "Inkscape");
    assert_eq!(render(&out), render(INKSCAPE), "drawn exactly the same");
    assert!(
        render(&out)
            .chunks(4)
            .any(|p| p[0] > 150 && p[2] < 100 && p[3] == 255),
        "the gradient draws"
    );
    assert!(
        out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{out}"
    );
    assert!(
        out.contains("id=\"grad\"") && out.contains("fill:url(#grad)"),
        "{out}"
    );
    assert!(
        out.contains(">Free  them all</tspan>"),
        "drawn text kept as it was: {out}"
    );
    assert!(out.contains("xml:space=\"preserve\""), "{out}");
    assert!(
        out.contains(".banner { fill: #0a0"),
        "the style sheet kept: {out}"
    );
    assert!(
        out.contains("<circle cx=\"10\""),
        "prefixed SVG elements kept: {out}"
    );
    for gone in [
        "<title",
        "<desc",
        "<script",
        "<foreignObject",
        "data-owner",
        "absref",
        "file:",
    ] {
        assert!(!out.contains(gone), "{gone}: {out}");
    }
    assert!(roxmltree::Document::parse(&out).is_ok(), "well-formed");
    assert_eq!(clean(&out), out, "already clean");
    exiftool_finds_nothing(out.as_bytes(), "svg");
}

/// Adobe Illustrator: entities for its namespaces, private data holding the whole file.
const ILLUSTRATOR: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 16.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_svg "http://www.w3.org/2000/svg">
	<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
	<!ENTITY ns_pgf "http://ns.adobe.com/Variables/1.0/">
	<!ENTITY owner "Ivan Secret">
	<!ENTITY colour "#00a">
]>
<svg version="1.1" xmlns="&ns_svg;" xmlns:i="&ns_ai;" xmlns:x="&ns_pgf;" x="0px" y="0px" width="30px" height="20px" viewBox="0 0 30 20" enable-background="new 0 0 30 20" xml:space="preserve">
<switch>
	<foreignObject requiredExtensions="&ns_ai;" x="0" y="0" width="1" height="1">
		<i:pgfRef xlink:href="#adobe_illustrator_pgf" xmlns:xlink="http://www.w3.org/1999/xlink"/>
	</foreignObject>
	<g i:extraneous="self">
		<rect x="2" y="2" fill="&colour;" width="20" height="10"/>
	</g>
</switch>
<i:pgf id="adobe_illustrator_pgf"><![CDATA[ eJzs2Ivan SecretGalaxy== ]]></i:pgf>
</svg>
"##;

#[test]
fn illustrator_entities_are_expanded_and_its_private_data_goes() {
    let out = clean(ILLUSTRATOR);
    assert_no_canary(&out, "Illustrator");
    for gone in ["adobe", "pgf", "ENTITY", "DOCTYPE", "eJzs"] {
        assert!(
            !out.to_lowercase().contains(&gone.to_lowercase()),
            "{gone}: {out}"
        );
    }
    assert!(out.contains("fill=\"#00a\""), "entity expanded: {out}");
    assert_eq!(render(&out), render(ILLUSTRATOR));
}

/// A JPEG with EXIF GPS, XMP and a comment, as a data URL: Inkscape's "embed".
fn embedded(mime: &str, bytes: &[u8], wrap: bool) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    // Inkscape wraps base64 at 76 characters; XML turns the newlines into spaces.
    let b64 = if wrap {
        b64.as_bytes()
            .chunks(76)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        b64
    };
    format!("data:{mime};base64,{b64}")
}

fn data_urls(out: &str) -> Vec<Vec<u8>> {
    out.match_indices("base64,")
        .map(|(i, _)| {
            let rest = &out[i + 7..];
            let end = rest.find(['"', '\'', ')', '&']).unwrap_or(rest.len());
            base64::engine::general_purpose::STANDARD
                .decode(&rest[..end])
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

#[test]
fn pictures_embedded_in_an_svg_are_cleaned_like_any_picture() {
    let photo = tagged_jpeg(&photo(16, 12), 1);
    let inner = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><metadata>Ivan Secret</metadata><rect width=\"4\" height=\"4\" fill=\"red\"/></svg>";
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"20\" height=\"20\">\
         <image width=\"16\" height=\"12\" xlink:href=\"{}\"/>\
         <image width=\"16\" height=\"12\" href=\"{}\"/>\
         <image width=\"4\" height=\"4\" href=\"data:image/svg+xml,{}\"/>\
         <a href=\"data:text/plain,Ivan%20Secret\"><rect width=\"1\" height=\"1\"/></a></svg>",
        embedded("image/jpeg", &photo, true),
        embedded("image/png", &tagged_png(&rgba(4, 4), 1), false),
        inner
            .replace('<', "%3C")
            .replace('>', "%3E")
            .replace('"', "%22")
            .replace(' ', "%20"),
    );
    let out = clean(&svg);
    assert_no_canary(&out, "embedded");
    let pictures = data_urls(&out);
    assert_eq!(pictures.len(), 3, "{out}");
    assert_clean_jpeg(&pictures[0]);
    assert_eq!(
        load(&pictures[0]).to_rgb8(),
        load(&jpeg(&super::photo(16, 12))).to_rgb8()
    );
    assert!(!contains(&pictures[1], b"tEXt") && !contains(&pictures[1], b"eXIf"));
    assert!(contains(&pictures[2], b"<rect") && !contains(&pictures[2], b"Ivan"));
    assert!(!out.contains("text/plain"), "other data URLs go: {out}");
    // A picture that cannot be cleaned is an error, not published inside the SVG.
    let heic = svg.replace(
        "data:image/jpeg",
        "data:image/heic;base64,AAAAGGZ0eXBoZWljAAAAAG1pZjFoZWlj\" x=\"0",
    );
    let e = strip_metadata(heic.as_bytes(), ImageKind::Svg).err();
    assert!(e.is_some_and(|e| e.message.contains("HEIC")));
}

#[test]
fn pictures_in_css_urls_are_cleaned_and_fonts_left_alone() {
    let jpeg_url = embedded("image/jpeg", &tagged_jpeg(&photo(8, 8), 1), false);
    let font = "data:font/woff2;base64,d09GMgABAAAAAAAA";
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\">\
         <style>svg {{ background: URL('{jpeg_url}') }} /* Ivan */\
         @font-face {{ font-family: F; src: url({font}) format(\"woff2\") }}</style>\
         <rect width=\"8\" height=\"8\" style=\"fill:red;mask-image:url( {jpeg_url} )\"/>\
         <rect width=\"1\" height=\"1\" mask=\"url(&quot;{jpeg_url}&quot;)\"/></svg>"
    );
    let out = clean(&svg);
    assert_no_canary(&out, "CSS");
    let pictures = data_urls(&out);
    assert_eq!(pictures.len(), 4, "three pictures and the font: {out}");
    for p in pictures.iter().filter(|p| p.starts_with(&[0xFF, 0xD8])) {
        assert_clean_jpeg(p);
    }
    assert_eq!(
        pictures
            .iter()
            .filter(|p| p.starts_with(&[0xFF, 0xD8]))
            .count(),
        3
    );
    assert!(out.contains(font), "fonts are left as they are: {out}");
}

#[test]
fn editors_properties_go_from_style_sheets_too_and_the_drawings_own_stay() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"><style>\
         .a { fill: var(--accent); -inkscape-font-specification: 'Ivan Secret Sans'; \
         --accent: #c00 }\
         @media print { .b { -inkscape-stroke: none; content: \"}\"; -webkit-text-stroke: 1px } }\
         </style><rect class=\"a\" width=\"8\" height=\"8\" \
         style=\"--accent:#0c0;-sodipodi-x:Ivan;fill:var(--accent)\"/></svg>";
    let out = clean(svg);
    assert_no_canary(&out, "style sheet");
    assert!(
        !out.contains("-inkscape-") && !out.contains("-sodipodi-"),
        "{out}"
    );
    for kept in [
        "fill: var(--accent)",
        "--accent: #c00",
        "content: \"}\"",
        "-webkit-text-stroke: 1px",
        "@media print",
        "--accent:#0c0",
    ] {
        assert!(out.contains(kept), "{kept}: {out}");
    }
    assert_eq!(
        render(&out),
        render(&svg.replace("-inkscape-stroke: none;", ""))
    );
}

#[test]
fn comments_cdata_and_foreign_elements_go_from_every_depth() {
    let mut nested = String::from("<rect width=\"2\" height=\"2\"/>");
    for depth in 0..40 {
        nested = format!(
            "<g><!-- Ivan {depth} --><x:secret xmlns:x=\"urn:ivan\">Ivan<g><rect width=\"0\" height=\"9\"/></g></x:secret>\
             <metadata><dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">Ivan Secret</dc:creator></metadata>\
             <title>Galaxy</title><desc>Bolotnaya</desc><?ivan Secret?>{nested}<![CDATA[Ivan]]></g>"
        );
    }
    let svg = format!(
        "<!-- Ivan --><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">{nested}</svg><!-- Secret -->"
    );
    let out = clean(&svg);
    assert_no_canary(&out, "nested");
    assert_eq!(out.matches("<g>").count(), 40);
    assert_eq!(out.matches("<rect").count(), 1);
    assert_eq!(render(&out), render(&svg));
}

#[test]
fn only_ids_the_drawing_refers_to_are_kept() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
<style>#styled { fill: blue } #withclass.c { fill: red }</style>
<defs><clipPath id="clip"><rect width="5" height="5"/></clipPath><path id="p" d="M0 0h5"/></defs>
<g id="Ivan-Secret-layer" clip-path="url(#clip)"><use xlink:href="#p"/><rect id="styled" width="1" height="1"/>
<rect id="withclass" class="c" width="1" height="1"/><rect id="trigger" width="1" height="1"/>
<animate begin="trigger.click" attributeName="x" to="2" dur="1s"/></g><view id="zoom" viewBox="0 0 5 5"/></svg>"##;
    let out = clean(svg);
    for kept in ["clip", "p", "styled", "withclass", "trigger", "zoom"] {
        assert!(out.contains(&format!("id=\"{kept}\"")), "{kept}: {out}");
    }
    assert!(!out.contains("Ivan"), "{out}");
    assert_eq!(render(&out), render(svg));
}

#[test]
fn svg_is_recognised_by_content() {
    let plain = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    for text in [
        plain.to_string(),
        format!("\u{feff}  \n{plain}"),
        format!("<?xml version=\"1.0\"?>\n<!-- a [comment] > -->\n{plain}"),
        format!("<!DOCTYPE svg [<!ENTITY a \"<b>\">]>{plain}"),
        "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"/>".to_string(),
    ] {
        assert_eq!(kind_of(text.as_bytes()), Some(ImageKind::Svg), "{text}");
    }
    for text in [
        "<!DOCTYPE html><html><body><svg></svg></body></html>",
        "<?xml version=\"1.0\"?><rss><svg/></rss>",
        "<p>an <svg> in text</p>",
        "svg",
    ] {
        assert_eq!(kind_of(text.as_bytes()), None, "{text}");
    }
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Ivan</title><rect width=\"1\" height=\"1\"/></svg>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert_eq!(kind_of(&utf16), Some(ImageKind::Svg));
    let out = ok(strip_metadata(&utf16, ImageKind::Svg));
    assert!(contains(&out, b"<rect") && !contains(&out, b"Ivan"));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = std::io::Write::write_all(&mut gz, plain.as_bytes());
    let svgz = gz.finish().unwrap_or_default();
    assert_eq!(sniff(&svgz), Sniffed::Refused("compressed SVG (.svgz)"));
}

#[test]
fn broken_and_hostile_svgs_are_errors_with_the_line_never_a_crash() {
    let e = strip_metadata(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g>\n</svg>",
        ImageKind::Svg,
    )
    .err()
    .unwrap_or_else(|| panic!("accepted"));
    assert!(e.message.starts_with("not a valid SVG"), "{}", e.message);
    assert_eq!(e.line, Some(3));
    // An external entity is never read.
    let xxe = "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>";
    match strip_metadata(xxe.as_bytes(), ImageKind::Svg) {
        Ok(out) => assert!(!contains(&out, b"root:")),
        Err(e) => assert!(e.message.starts_with("not a valid SVG"), "{}", e.message),
    }
    // Billion laughs: refused by the parser, not expanded.
    let mut laughs = String::from("<!DOCTYPE svg [<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        let refs = format!("&l{};", i - 1).repeat(10);
        laughs.push_str(&format!("<!ENTITY l{i} \"{refs}\">"));
    }
    laughs.push_str("]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&l9;</text></svg>");
    assert!(strip_metadata(laughs.as_bytes(), ImageKind::Svg).is_err());
    // Deep nesting is written without recursion.
    let deep = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\">{}{}</svg>",
        "<g>".repeat(100_000),
        "</g>".repeat(100_000)
    );
    assert_eq!(clean(&deep).matches("<g").count(), 100_000);
    for bad in [
        &b"<svg xmlns=\"urn:not-svg\"/>"[..],
        b"<svg xmlns=\"http://www.w3.org/2000/svg\">\xFF\xFE</svg>",
        b"<svg",
        b"",
    ] {
        assert!(
            strip_metadata(bad, ImageKind::Svg).is_err(),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let good = INKSCAPE.as_bytes();
    for len in (0..good.len()).step_by(7) {
        let _ = strip_metadata(&good[..len], ImageKind::Svg);
    }
    for _ in 0..300 {
        let mut bad = good.to_vec();
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(bad.len());
            let pool = b"<>&;\"'/![]?-x \n\xFF";
            bad[at] = pool[rng.below(pool.len())];
        }
        if let Ok(out) = strip_metadata(&bad, ImageKind::Svg) {
            assert!(
                !contains(&out, b"/home/"),
                "{}",
                String::from_utf8_lossy(&out)
            );
        }
    }
}
