//! Templates are small programs: a slip in one (a huge `range`, a loop inside a loop, a component
//! calling itself, an include in a circle) is an error naming the template, never a hang, a
//! full memory or a crash; the previous output stays.

use super::*;

const TPL: &str = "templates/page.html";

/// The default page template with `main` replaced by `body`.
fn page_template(body: &str) -> String {
    format!("{{% extends \"base.html\" %}}\n{{% block main %}}\n{body}\n{{% endblock main %}}\n")
}

/// A site built once, then given `template`: the build fails with `words`, at `line` of the
/// template when given, and the output of the first build is untouched.
fn refused(template: &str, line: Option<usize>, words: &str) {
    let s = Site::small();
    let first = s.run(&["build", "-q"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&s.path("public"));
    s.write(TPL, template);
    let e = s.build_err();
    let hit = e
        .iter()
        .find(|e| e.message.contains(words))
        .unwrap_or_else(|| panic!("no error saying {words:?}:\n{}", errors(&e)));
    assert_eq!(hit.path.as_deref(), Some(Path::new(TPL)), "{hit}");
    if line.is_some() {
        assert_eq!(hit.line, line, "{hit}");
    }
    let o = s.run(&["build", "-q"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(words), "{}", stderr(&o));
    assert!(
        snapshot(&s.path("public")) == before,
        "the previous output changed"
    );
}

#[test]
fn a_range_of_a_hundred_million_is_an_error_at_its_line() {
    refused(
        &page_template("{% for i in range(end=100000000) %}{{ i }}{% endfor %}"),
        Some(3),
        "100000000",
    );
}

#[test]
fn loops_inside_loops_are_stopped_by_the_files_range_budget() {
    // Each range is allowed; together they would count 10^10 numbers (with or without text).
    for inner in ["x", ""] {
        refused(
            &page_template(&format!(
                "{{% for i in range(end=100000) %}}\n{{% for j in range(end=100000) %}}{inner}{{% endfor %}}{{% endfor %}}"
            )),
            Some(4),
            "past the 1000000",
        );
    }
    // Some 60 loops over a thousand numbers each stay within it.
    let s = Site::small();
    s.write(
        TPL,
        &page_template(
            "{% for i in range(end=60) %}{% for j in range(end=1000) %}{% endfor %}{% endfor %}ok",
        ),
    );
    s.build_ok();
}

#[test]
fn a_template_that_writes_more_than_128_mb_is_an_error_naming_it() {
    let chunk = "x".repeat(2000);
    refused(
        &page_template(&format!(
            "{{% for i in range(end=100000) %}}{chunk}{{% endfor %}}"
        )),
        None,
        "more than 128 MB of text for one file",
    );
}

#[test]
fn a_component_calling_itself_is_an_error_naming_the_template() {
    refused(
        &format!(
            "{{% component boom(n: integer) %}}{{{{ <boom n={{n}} /> }}}}{{% endcomponent boom %}}\n{}",
            page_template("{{ <boom n={1} /> }}")
        ),
        None,
        "recursion depth",
    );
}

#[test]
fn templates_including_each_other_in_a_circle_are_an_error_naming_one() {
    refused(
        &page_template("{% include \"page.html\" %}"),
        None,
        "Circular include",
    );
}
