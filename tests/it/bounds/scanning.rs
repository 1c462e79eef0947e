//! Files read whole only to be looked at (style sheets and HTML of `static/` checked for loads
//! from other hosts, key files): each is read once and within a size limit.

use super::*;

#[test]
fn a_static_html_file_of_unclosed_style_blocks_is_read_once() {
    let s = Site::small();
    s.write(
        "static/odd.html",
        &format!(
            "<img src=\"https://tracker.example/x.png\"><div {}",
            "<style>".repeat(DEEP)
        ),
    );
    s.write(
        "static/odd.css",
        &format!(
            "{}\n@import \"https://fonts.example/a.css\";\n",
            "@import ;".repeat(DEEP)
        ),
    );
    let report = s.build_ok();
    let hosts: Vec<_> = report
        .warnings
        .iter()
        .filter_map(|w| {
            ["tracker.example", "fonts.example"]
                .into_iter()
                .find(|h| w.message.contains(h))
        })
        .collect();
    assert_eq!(
        hosts,
        ["fonts.example", "tracker.example"],
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_style_sheet_over_16_mb_is_published_unchecked_with_a_warning() {
    let s = Site::small();
    s.write(
        "static/big.css",
        "body { background: url(https://bg.example/x.png) }\n",
    );
    let f = std::fs::OpenOptions::new()
        .append(true)
        .open(s.path("static/big.css"))
        .expect("open");
    f.set_len(16 * 1024 * 1024 + 1).expect("grow");
    let report = s.build_ok();
    let w = report
        .warnings
        .iter()
        .find(|w| w.message.contains("without being checked for loads"))
        .unwrap_or_else(|| panic!("{:?}", report.warnings));
    assert_eq!(w.path.as_deref(), Some(Path::new("static/big.css")));
    assert!(s.exists("big.css"));
}

#[test]
fn a_key_file_of_a_gigabyte_is_refused_before_it_is_read() {
    let s = Site::small();
    let f = std::fs::File::create(s.path("huge.pub")).expect("create");
    f.set_len(1 << 30).expect("sparse");
    s.write("bundle.tar.gz", "");
    let o = s.run(&["verify", "bundle.tar.gz", "--key", "huge.pub"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("more than a key file may be (64 KB)"),
        "{}",
        stderr(&o)
    );
}
