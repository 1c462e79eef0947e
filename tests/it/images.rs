//! Pictures in a built site: every JPEG, PNG, GIF, WebP, ICO and SVG from `static/` and
//! `content/` is published without metadata (whatever it is called); pictures samizdat cannot
//! clean are left out with a warning; damaged ones and pictures too large to decode are errors
//! naming the file, in `build` and `check` alike.

use crate::harness::{Site, snapshot, stderr};
use base64::Engine as _;

fn fixture(name: &str) -> Vec<u8> {
    let p = format!(
        "{}/tests/fixtures/images/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// The smallest GIF: one transparent pixel, no metadata.
pub(crate) const TINY_GIF: &[u8] =
    b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// What the planted metadata says; none of it is in the site's own text.
const CANARIES: &[&str] = &[
    "Ivan",
    "Secret",
    "Bolotnaya",
    "SM-S918B",
    "Galaxy",
    "/home/",
    "2012:05:06",
    "inkscape",
    "sodipodi",
    "ICC_PROFILE",
    "iCCP",
    "Exif",
];

/// An Inkscape drawing: metadata, a comment, a home path, and a photo embedded with its EXIF.
fn inkscape_svg() -> String {
    let photo = base64::engine::general_purpose::STANDARD.encode(fixture("progressive-gps.jpg"));
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- Created with Inkscape by Ivan Secret -->
<svg width="40" height="30" viewBox="0 0 40 30" sodipodi:docname="for-Bolotnaya.svg"
   inkscape:export-filename="/home/ivan/Desktop/leaflet.png"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"
   xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<metadata><rdf:RDF><dc:creator>Ivan Secret</dc:creator></rdf:RDF></metadata>
<g inkscape:label="Ivan" id="layer-Ivan"><rect width="20" height="10" fill="#c00"/>
<image width="40" height="30" xlink:href="data:image/jpeg;base64,{photo}"/>
<image width="4" height="4" xlink:href="file:///home/ivan/Pictures/IMG_2012.jpg"/></g></svg>
"##
    )
}

/// A favicon whose PNG carries GPS, a comment and XMP.
fn favicon() -> Vec<u8> {
    let png = fixture("gps.png");
    let mut ico = vec![0, 0, 1, 0, 1, 0, 40, 30, 0, 0, 1, 0, 32, 0];
    ico.extend_from_slice(&u32::try_from(png.len()).unwrap_or(0).to_le_bytes());
    ico.extend_from_slice(&22u32.to_le_bytes());
    ico.extend_from_slice(&png);
    ico
}

/// A site with a tagged picture of every kind, some under misleading names.
fn pictures() -> Site {
    let s = Site::small();
    for (rel, bytes) in [
        ("static/photos/icc.jpg", fixture("icc-gps.jpg")),
        ("static/photos/icc.png", fixture("icc-gps.png")),
        ("static/anim.gif", fixture("anim-xmp.gif")),
        ("static/gps.webp", fixture("gps-icc.webp")),
        ("static/anim.webp", fixture("anim-xmp.webp")),
        ("static/favicon.ico", favicon()),
        ("static/leaflet.svg", inkscape_svg().into_bytes()),
        ("static/photo-as-text.txt", fixture("progressive-gps.jpg")),
        ("content/news/really-a-jpeg.png", fixture("icc-gps.jpg")),
        ("content/news/gif-as-a.pdf", fixture("anim-xmp.gif")),
    ] {
        assert!(
            CANARIES.iter().any(|c| contains(&bytes, c.as_bytes())),
            "{rel}: the test input has nothing to find"
        );
        s.write_bytes(rel, &bytes);
    }
    s
}

#[test]
fn no_metadata_of_any_picture_reaches_any_output_byte() {
    let s = pictures();
    let out = s.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = snapshot(&s.path("public"));
    for rel in [
        "photos/icc.jpg",
        "anim.gif",
        "gps.webp",
        "favicon.ico",
        "leaflet.svg",
        "photo-as-text.txt",
        "news/gif-as-a.pdf",
    ] {
        assert!(files.iter().any(|(f, _)| f == rel), "{rel} is published");
    }
    for (rel, bytes) in &files {
        for c in CANARIES {
            assert!(!contains(bytes, c.as_bytes()), "{rel} still holds {c}");
        }
    }
    let svg = s.out("leaflet.svg");
    assert!(
        svg.contains("<rect width=\"20\" height=\"10\" fill=\"#c00\"/>"),
        "{svg}"
    );
    assert!(
        svg.contains("data:image/jpeg;base64,"),
        "the embedded photo stays, cleaned"
    );
    for (rel, ext) in [
        ("photos/icc.jpg", "jpg"),
        ("photos/icc.png", "png"),
        ("anim.gif", "gif"),
        ("gps.webp", "webp"),
        ("anim.webp", "webp"),
        ("leaflet.svg", "svg"),
        ("photo-as-text.txt", "jpg"),
        ("news/really-a-jpeg.png", "jpg"),
    ] {
        exiftool_finds_nothing(&s.path("public").join(rel), ext);
    }
}

/// exiftool (an independent reader) finds no tag that names a person, place, device or time.
fn exiftool_finds_nothing(path: &std::path::Path, ext: &str) {
    let has = std::process::Command::new("exiftool")
        .arg("-ver")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        assert!(
            std::env::var_os("SAMIZDAT_REQUIRE_STOCK_TOOLS").is_none(),
            "exiftool is required (Debian: apt-get install libimage-exiftool-perl)"
        );
        eprintln!("SKIP: exiftool not installed, published pictures not read back");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join(format!("x.{ext}"));
    std::fs::copy(path, &copy).expect("copy");
    let out = std::process::Command::new("exiftool")
        .args(["-a", "-G1", "-s"])
        .arg(&copy)
        .output()
        .expect("exiftool");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[File]"),
        "exiftool did not read {path:?}: {text}"
    );
    for tag in [
        "[GPS]",
        "[IFD0]",
        "[ExifIFD]",
        "[XMP",
        "[IPTC]",
        "[ICC",
        "Comment",
        "Creator",
        "Model",
        "Make",
        "Artist",
        "Ivan",
        "Bolotnaya",
    ] {
        assert!(
            !text.contains(tag),
            "exiftool finds {tag} in {path:?}:\n{text}"
        );
    }
}

#[test]
fn pictures_samizdat_cannot_clean_are_left_out_with_a_warning_naming_them() {
    let s = Site::small();
    s.write_bytes(
        "static/phone.heic",
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic Galaxy",
    );
    s.write_bytes("static/scan.jpg", b"II*\0\x08\0\0\0 Ivan Secret's scanner");
    s.write_bytes("content/news/cover.avif", b"\0\0\0\x14ftypavif\0\0\0\0avif");
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "warnings only: {err}");
    for (file, format) in [
        ("static/phone.heic", "HEIC"),
        ("static/scan.jpg", "TIFF"),
        ("content/news/cover.avif", "AVIF"),
    ] {
        assert!(
            err.contains(&format!(
                "{file}: warning: not published: samizdat cannot remove the hidden data (camera, date, GPS position, author) of {format} files"
            )),
            "{file}: {err}"
        );
    }
    assert!(err.contains("convert it to JPEG, PNG or WebP"), "{err}");
    for rel in ["phone.heic", "scan.jpg", "news/cover.avif"] {
        assert!(!s.exists(rel), "{rel} is published");
    }
    assert_eq!(s.run(&["build", "--strict"]).status.code(), Some(1));
}

#[test]
fn a_damaged_picture_is_an_error_naming_it_and_the_last_output_stays() {
    let s = Site::small();
    s.write_bytes("static/ok.gif", &fixture("anim-xmp.gif"));
    assert!(s.run(&["build"]).status.success());
    let before = snapshot(&s.path("public"));
    let gif = fixture("anim-xmp.gif");
    let webp = fixture("gps-icc.webp");
    s.write_bytes("static/cut.gif", &gif[..gif.len() / 2]);
    s.write_bytes("static/cut.webp", &webp[..900]);
    s.write("static/logo.png", "<html>404 Not Found</html>");
    s.write(
        "static/broken.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g>\n</svg>\n",
    );
    for cmd in ["build", "check"] {
        let out = s.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        for expected in [
            "static/cut.gif: error: not a valid GIF: truncated block at byte",
            "static/cut.webp: error: not a valid WebP: truncated chunk at byte 806",
            "static/logo.png: error: named like a picture (.png) but its content is not a picture samizdat can read",
            "static/broken.svg:3: error: not a valid SVG",
        ] {
            assert!(err.contains(expected), "{cmd}: {expected}\n{err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(
        snapshot(&s.path("public")),
        before,
        "the last good output is untouched"
    );
}

/// `file` with its frame header (SOFn) claiming `w` x `h`.
fn jpeg_claiming(mut j: Vec<u8>, w: u16, h: u16) -> Vec<u8> {
    let mut i = 2;
    while i + 9 < j.len() {
        let len = usize::from(u16::from_be_bytes([j[i + 2], j[i + 3]]));
        if matches!(j[i + 1], 0xC0..=0xC2) {
            j[i + 5..i + 7].copy_from_slice(&h.to_be_bytes());
            j[i + 7..i + 9].copy_from_slice(&w.to_be_bytes());
            return j;
        }
        i += 2 + len;
    }
    panic!("no frame header");
}

fn png_claiming(mut p: Vec<u8>, w: u32, h: u32) -> Vec<u8> {
    p[16..20].copy_from_slice(&w.to_be_bytes());
    p[20..24].copy_from_slice(&h.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&p[12..29]);
    p[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    p
}

/// Runs the binary with its address space capped at 2 GB and its heap (Linux: every private
/// writable mapping) at 200 MB, the issue's bound: a decoder that believed the header would
/// abort on allocation instead of exiting 1 with a message.
fn run_capped(s: &Site, cmd: &str) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 2000000 && ulimit -d 200000 && exec \"$0\" {cmd}"
        ))
        .arg(env!("CARGO_BIN_EXE_samizdat"))
        .current_dir(s.root())
        .env("NO_COLOR", "1")
        .output()
        .expect("sh")
}

#[test]
fn profile_photos_claiming_gigapixels_are_refused_before_decoding() {
    let s = Site::small();
    s.write(
        "content/prisoners/_index.md",
        "---\ntitle: Prisoners\n---\n",
    );
    s.write(
        "content/prisoners/ivan.md",
        "---\ntitle: Ivan\nstatus: detained\nphoto: ./ivan.jpg\n---\nText.\n",
    );
    s.write(
        "content/prisoners/olga.md",
        "---\ntitle: Olga\nstatus: detained\nphoto: ./olga.png\n---\nText.\n",
    );
    let huge_jpeg = jpeg_claiming(fixture("progressive-gps.jpg"), 65535, 65535);
    assert!(huge_jpeg.len() < 10_000);
    s.write_bytes("content/prisoners/ivan.jpg", &huge_jpeg);
    s.write_bytes(
        "content/prisoners/olga.png",
        &png_claiming(fixture("gps.png"), 30000, 30000),
    );
    for cmd in ["build", "check"] {
        let out = run_capped(&s, cmd);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        for expected in [
            "content/prisoners/ivan.jpg: error: this JPEG is 65535 × 65535 pixels (4294.8 megapixels): samizdat publishes pictures of at most 200 megapixels",
            "content/prisoners/olga.png: error: this PNG is 30000 × 30000 pixels (900 megapixels): samizdat publishes pictures of at most 200 megapixels",
        ] {
            assert!(err.contains(expected), "{cmd}: {expected}\n{err}");
        }
        // Said once, although the photo and its list copy both need it.
        assert_eq!(err.matches("ivan.jpg: error").count(), 1, "{err}");
        assert!(!err.contains("other pages"), "{err}");
    }
}

#[test]
fn pictures_claiming_gigapixels_anywhere_are_refused_and_the_last_output_stays() {
    let s = Site::small();
    assert!(s.run(&["build"]).status.success());
    let before = snapshot(&s.path("public"));
    // Upright, linked from no profile: nothing would decode them but the readers' browsers.
    s.write_bytes(
        "static/bomb.png",
        &png_claiming(fixture("gps.png"), 60000, 60000),
    );
    s.write_bytes(
        "content/news/bomb.jpg",
        &jpeg_claiming(fixture("icc-gps.jpg"), 60000, 60000),
    );
    let mut gif = TINY_GIF.to_vec();
    gif[6..10].copy_from_slice(&[0x60, 0xEA, 0x60, 0xEA]);
    s.write_bytes("static/bomb.gif", &gif);
    for cmd in ["build", "check"] {
        let out = run_capped(&s, cmd);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        for (file, kind) in [
            ("static/bomb.png", "PNG"),
            ("content/news/bomb.jpg", "JPEG"),
            ("static/bomb.gif", "GIF"),
        ] {
            let expected = format!(
                "{file}: error: this {kind} is 60000 × 60000 pixels (3600 megapixels): samizdat publishes pictures of at most 200 megapixels"
            );
            assert!(err.contains(&expected), "{cmd}: {expected}\n{err}");
        }
        assert!(
            err.contains("hint: make it smaller in an image editor"),
            "{err}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("memory allocation"),
            "{err}"
        );
    }
    assert_eq!(
        snapshot(&s.path("public")),
        before,
        "the last good output is untouched"
    );
}

/// `png` with `chunks` (type, data) inserted after its header, CRCs made right.
fn png_with(png: &[u8], chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let mut out = png[..33].to_vec();
    for (kind, data) in chunks {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(*kind);
        out.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(&out[start..]);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    out.extend_from_slice(&png[33..]);
    out
}

/// A JPEG segment: marker, length, payload.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap_or(0).to_be_bytes());
    s.extend_from_slice(payload);
    s
}

/// GIF sub-blocks of `data`, with their terminator.
fn sub_blocks(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in data.chunks(255) {
        out.push(u8::try_from(c.len()).unwrap_or(0));
        out.extend_from_slice(c);
    }
    out.push(0);
    out
}

/// Hidden text in every place each container can hold it, each marked with where it sits.
fn hiding_places() -> Vec<(&'static str, Vec<u8>)> {
    let xmp = |who: &str| {
        format!(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><dc:creator>{who}</dc:creator></rdf:RDF></x:xmpmeta>"
        )
    };
    // JPEG: a comment, XMP, an ICC profile naming the phone, Photoshop's IPTC, content
    // credentials (JUMBF), an unknown APPn, and a comment after the frame header.
    let jpeg = fixture("progressive-gps.jpg");
    let mut j = jpeg[..2].to_vec();
    for seg in [
        segment(0xFE, b"CANARY-JPEG-COM"),
        segment(
            0xE1,
            format!("http://ns.adobe.com/xap/1.0/\0{}", xmp("CANARY-JPEG-XMP")).as_bytes(),
        ),
        segment(0xE2, b"ICC_PROFILE\0\x01\x01desc CANARY-JPEG-ICC"),
        segment(
            0xED,
            b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x10\x1c\x02P\0\x0cCANARY-JPEG-IPTC",
        ),
        segment(0xEB, b"JP\0\x11CANARY-JPEG-C2PA"),
        segment(0xEF, b"CANARY-JPEG-APP15"),
    ] {
        j.extend_from_slice(&seg);
    }
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC2]).unwrap_or(2);
    j.extend_from_slice(&jpeg[2..sof]);
    j.extend_from_slice(&segment(0xFE, b"CANARY-JPEG-COM-AFTER-SOF"));
    j.extend_from_slice(&jpeg[sof..]);
    j.extend_from_slice(b"CANARY-JPEG-AFTER-EOI");
    // PNG: XMP in iTXt, EXIF in eXIf, a profile whose name is free text, text, time, a
    // private chunk, and bytes after the end.
    let png = png_with(
        &fixture("gps.png"),
        &[
            (
                b"iTXt",
                format!("XML:com.adobe.xmp\0\0\0\0\0{}", xmp("CANARY-PNG-ITXT-XMP")).as_bytes(),
            ),
            (b"eXIf", b"MM\0*\0\0\0\x08\0\0CANARY-PNG-EXIF"),
            (b"iCCP", b"CANARY-PNG-ICCP-NAME\0\0x\x9c\x03\0\0\0\0\x01"),
            (b"tEXt", b"Author\0CANARY-PNG-TEXT"),
            (b"prVt", b"CANARY-PNG-PRIVATE"),
        ],
    );
    let mut png = png;
    png.extend_from_slice(b"CANARY-PNG-AFTER-IEND");
    // GIF: a comment, XMP, an ICC profile, plain text and an unknown extension.
    let mut g = TINY_GIF[..19].to_vec();
    g.extend_from_slice(b"\x21\xFE");
    g.extend_from_slice(&sub_blocks(b"CANARY-GIF-COMMENT"));
    g.extend_from_slice(b"\x21\xFF\x0BXMP DataXMP");
    g.extend_from_slice(&sub_blocks(xmp("CANARY-GIF-XMP").as_bytes()));
    g.extend_from_slice(b"\x21\xFF\x0BICCRGBG1012");
    g.extend_from_slice(&sub_blocks(b"desc CANARY-GIF-ICC"));
    g.extend_from_slice(b"\x21\x01\x0C\0\0\0\0\x01\0\x01\0\x01\x01\0\x01");
    g.extend_from_slice(&sub_blocks(b"CANARY-GIF-PLAIN-TEXT"));
    g.extend_from_slice(b"\x21\x99");
    g.extend_from_slice(&sub_blocks(b"CANARY-GIF-UNKNOWN"));
    g.extend_from_slice(&TINY_GIF[19..]);
    g.extend_from_slice(b"CANARY-GIF-AFTER-TRAILER");
    // WebP: an unknown chunk inside the RIFF, more after it.
    let mut w = fixture("gps-icc.webp");
    w.extend_from_slice(b"UNKN\x13\0\0\0CANARY-WEBP-UNKNOWN\0");
    let riff = u32::try_from(w.len() - 8).unwrap_or(0).to_le_bytes();
    w[4..8].copy_from_slice(&riff);
    w.extend_from_slice(b"CANARY-WEBP-AFTER-RIFF");
    vec![
        ("jpeg", j),
        ("png", png),
        ("gif", g),
        ("webp", w),
        ("svg", drawing_with_secrets().into_bytes()),
    ]
}

/// What drawing programs (Inkscape, Illustrator, Sketch, Affinity, Figma) leave in an SVG.
fn drawing_with_secrets() -> String {
    r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?xpacket begin="CANARY-SVG-XPACKET"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
  <!ENTITY who "CANARY-SVG-ENTITY">
  <!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
]>
<!-- CANARY-SVG-COMMENT -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  xmlns:i="&ns_ai;" xmlns:x="adobe:ns:meta/" xmlns:sketch="http://www.bohemiancoding.com/sketch/ns"
  xmlns:serif="http://www.serif.com/" xmlns:figma="http://www.figma.com/figma/ns"
  xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
  xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
  width="40" height="30" viewBox="0 0 40 30" sodipodi:docname="CANARY-SVG-DOCNAME.svg"
  inkscape:export-filename="/home/CANARY-SVG-HOME/x.png" i:viewOrigin="CANARY-SVG-AI-ATTR"
  data-name="CANARY-SVG-DATA-NAME" aria-description="CANARY-SVG-ARIA" onload="alert('CANARY-SVG-ONLOAD')">
<title>CANARY-SVG-TITLE</title>
<desc>CANARY-SVG-DESC</desc>
<metadata><x:xmpmeta><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">&who; CANARY-SVG-METADATA</dc:creator></x:xmpmeta></metadata>
<sodipodi:namedview inkscape:current-layer="CANARY-SVG-NAMEDVIEW"/>
<i:pgf id="adobe_illustrator_pgf">CANARY-SVG-AI-PGF</i:pgf>
<style>/* CANARY-SVG-CSS-COMMENT */ .a { fill: #c00; -inkscape-font-specification: "CANARY-SVG-CSS-INKSCAPE"; }</style>
<g id="CANARY-SVG-LAYER-ID" inkscape:label="CANARY-SVG-LABEL" serif:id="CANARY-SVG-SERIF" sketch:type="CANARY-SVG-SKETCH" figma:type="CANARY-SVG-FIGMA">
  <title>CANARY-SVG-INNER-TITLE</title>
  <rect class="a" width="20" height="10"/>
  <script>/* CANARY-SVG-SCRIPT */</script>
  <foreignObject><p xmlns="http://www.w3.org/1999/xhtml">CANARY-SVG-FOREIGN</p></foreignObject>
  <image width="4" height="4" xlink:href="file:///home/CANARY-SVG-FILE/photo.jpg" xlink:title="CANARY-SVG-XLINK-TITLE"/>
  <text x="1" y="20">Free them all</text>
  <![CDATA[CANARY-SVG-CDATA]]>
</g>
</svg>
"##
    .to_string()
}

#[test]
fn hidden_text_in_every_place_of_every_container_is_gone_and_the_pictures_stay() {
    let s = Site::small();
    let places = hiding_places();
    for (ext, bytes) in &places {
        assert!(contains(bytes, b"CANARY-"), "{ext}: nothing planted");
        s.write_bytes(&format!("static/secrets.{ext}"), bytes);
        // Under another name in a page's folder: cleaned by content, not by name.
        s.write_bytes(&format!("content/news/secrets-{ext}.pdf"), bytes);
    }
    let out = s.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = snapshot(&s.path("public"));
    for (ext, _) in &places {
        for rel in [format!("secrets.{ext}"), format!("news/secrets-{ext}.pdf")] {
            assert!(files.iter().any(|(f, _)| *f == rel), "{rel} is published");
        }
    }
    for (rel, bytes) in &files {
        if let Some(at) = bytes.windows(7).position(|w| w == b"CANARY-") {
            let end = (at + 40).min(bytes.len());
            panic!(
                "{rel} still holds {}",
                String::from_utf8_lossy(&bytes[at..end])
            );
        }
    }
    // What draws stays: pixels (read back by a decoder), the drawing and its visible text.
    for ext in ["jpeg", "png", "gif", "webp"] {
        let img = image::load_from_memory(
            &std::fs::read(s.path(&format!("public/secrets.{ext}"))).unwrap_or_default(),
        );
        assert!(img.is_ok(), "secrets.{ext} is still a picture: {img:?}");
    }
    let svg = s.out("secrets.svg");
    for kept in [
        "<rect class=\"a\" width=\"20\" height=\"10\"/>",
        "Free them all",
        "fill: #c00",
    ] {
        assert!(svg.contains(kept), "{kept}: {svg}");
    }
    for ext in ["jpeg", "png", "gif", "webp"] {
        exiftool_finds_nothing(&s.path(&format!("public/secrets.{ext}")), ext);
    }
}
