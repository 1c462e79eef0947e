//! How deeply a Fluent file nests, found before fluent-syntax reads it: fluent-syntax reads
//! nesting by recursion, so a file of 100,000 `{` would overflow its stack.

/// Where a Fluent file first nests deeper than [`crate::limits::STRINGS_DEPTH`] (its byte
/// offset), read the way fluent-syntax reads it but without recursion: placeables `{ … }` and
/// call arguments `( … )` nest; inside an expression a string literal `"…"` is skipped; in text
/// (a message's value, a variant) only `{` and `}` count. A line that starts a new entry (a
/// letter, `-` or `#` in the first column) while in text starts again at the top, as
/// fluent-syntax does after an error.
pub(super) fn too_deep(src: &str) -> Option<usize> {
    #[derive(PartialEq)]
    enum Ctx {
        Text,
        Expr,
        Call,
    }
    let mut stack: Vec<Ctx> = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        let in_text = matches!(stack.last(), None | Some(Ctx::Text));
        if line_start && in_text && (b.is_ascii_alphabetic() || b == b'-' || b == b'#') {
            stack.clear();
        }
        line_start = b == b'\n';
        match b {
            b'{' => stack.push(Ctx::Expr),
            b'}' => {
                // Closes the placeable, and the variants of a select inside it.
                while let Some(c) = stack.pop() {
                    if c == Ctx::Expr {
                        break;
                    }
                }
            }
            _ if in_text => {}
            b'(' => stack.push(Ctx::Call),
            b')' if stack.last() == Some(&Ctx::Call) => {
                stack.pop();
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if bytes.get(i) == Some(&b'\n') {
                    continue;
                }
            }
            // `->`: what follows are the variants of a select, text again.
            b'-' if bytes.get(i + 1) == Some(&b'>') => {
                stack.push(Ctx::Text);
                i += 1;
            }
            _ => {}
        }
        if stack.len() > crate::limits::STRINGS_DEPTH {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::too_deep;

    #[test]
    fn nesting_is_counted_without_recursion() {
        assert_eq!(too_deep("a = { $x }\nb = { f(1, g(2)) }\n"), None);
        let deep = format!("a = {}", "{ ".repeat(100_000));
        assert_eq!(too_deep(&deep), Some(4 + 2 * crate::limits::STRINGS_DEPTH));
        let calls = format!("a = {{ {}", "f(".repeat(1000));
        assert!(too_deep(&calls).is_some());
        // Brackets in text and in string literals are not nesting.
        let text = format!(
            "a = {}\nb = {{ \"{}\" }}\n",
            "(".repeat(1000),
            "{".repeat(1000)
        );
        assert_eq!(too_deep(&text), None);
        // Each message of a long file counts from the top.
        let many = "a = { { $x } }\n".repeat(10_000);
        assert_eq!(too_deep(&many), None);
    }
}
