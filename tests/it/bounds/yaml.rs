//! YAML (site.yaml, front matter, data/): depth, size and aliases checked before a parser sees it.

use super::*;

#[test]
fn yaml_nested_100000_levels_is_an_error_at_its_line_not_a_hang_or_a_crash() {
    let flow = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let maps = format!("{}x{}", "{a: ".repeat(DEEP), "}".repeat(DEEP));
    let block = format!("\n{}x", "- ".repeat(DEEP));
    for (i, value) in [flow, maps, block].iter().enumerate() {
        let s = Site::small();
        s.write(
            "content/deep.md",
            &format!("---\ntitle: Deep\nprivate: {value}\n---\nText.\n"),
        );
        let e = fails_at(
            &s,
            "content/deep.md",
            3 + usize::from(i == 2),
            "nested more than 64 levels",
        );
        assert_eq!(e.iter().filter(|e| !e.is_warning()).count(), 1, "{e}");
        if i == 0 {
            binary_fails(&s, "nested more than 64 levels");
        }
    }
    // site.yaml and data files too.
    let s = Site::small();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}privacy: {}\n", "[".repeat(DEEP)),
    );
    fails_at(&s, "site.yaml", 8, "nested more than 64 levels");
    binary_fails(&s, "nested more than 64 levels");
    let s = Site::small();
    s.write(
        "data/groups.yaml",
        &format!("a:\n  b: {}\n", "{c: ".repeat(DEEP)),
    );
    fails_at(&s, "data/groups.yaml", 2, "nested more than 64 levels");
}

#[test]
fn yaml_at_the_depth_limit_builds_and_one_level_more_is_an_error() {
    // The front matter is level 1, `private:`'s value level 2: 63 brackets reach 64.
    let at_limit = |n: usize| {
        format!(
            "---\ntitle: Deep\nprivate: {}{}\n---\nText.\n",
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    let s = Site::small();
    s.write("content/deep.md", &at_limit(63));
    s.build_ok();
    s.write("content/deep.md", &at_limit(64));
    fails_at(&s, "content/deep.md", 3, "nested more than 64 levels");
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}

#[test]
fn a_yaml_alias_bomb_is_refused_before_it_is_expanded() {
    // Nine levels of nine aliases: 387 million values once written out.
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let s = Site::small();
    s.write("data/bomb.yaml", &yaml);
    let e = s.build_err();
    let all = errors(&e);
    assert!(all.contains("data/bomb.yaml:"), "{all}");
    assert!(
        all.contains("aliases (`*name`) written out in full"),
        "{all}"
    );
    let s = Site::small();
    s.write(
        "content/bomb.md",
        &format!("---\ntitle: Bomb\nprivate:\n{}---\nText.\n", indent(&yaml)),
    );
    let all = errors(&s.build_err());
    assert!(all.contains("content/bomb.md:"), "{all}");
    assert!(all.contains("written out in full"), "{all}");
    // A few aliases are fine.
    let s = Site::small();
    s.write("data/ok.yaml", "a: &a [x, y]\nb: *a\nc: *a\n");
    s.build_ok();
}

#[test]
fn front_matter_over_the_yaml_limit_is_an_error_at_its_first_line() {
    let s = Site::small();
    let long = "x".repeat(2 * 1024 * 1024);
    s.write(
        "content/long.md",
        &format!("---\ntitle: Long\nprivate: {long}\n---\nText.\n"),
    );
    fails_at(&s, "content/long.md", 2, "more than the limit of 2 MB");
}

#[test]
fn a_page_of_ten_thousand_wrong_keys_reports_twenty() {
    let s = Site::small();
    let keys: String = (0..10_000).map(|i| format!("colour{i}: red\n")).collect();
    s.write(
        "content/keys.md",
        &format!("---\ntitle: Keys\n{keys}---\nText.\n"),
    );
    let e = s.build_err();
    let wrong = e
        .iter()
        .filter(|e| e.message.starts_with("unknown key"))
        .count();
    assert_eq!(wrong, 20, "{e}");
    assert!(errors(&e).contains("content/keys.md:3: unknown key `colour0`"));
}
