//! What one rendering of a template may cost: the text it makes and the numbers its loops count.
//!
//! A template is a small program, and a slip in it (`range(end=100000)` inside a loop over the
//! pages, a loop inside a loop) can run for hours or fill the memory. tera already refuses a
//! single `range` of more than 100,000 numbers, components calling themselves more than 20 deep
//! and includes in a circle. Here each rendered file also gets a budget: at most
//! [`RENDERED_BYTES`] of text (written through [`Bounded`], which refuses more) and at most
//! [`RANGE_NUMBERS`] numbers from all its `range` calls together (our own `range`, counting in
//! a per-thread budget that [`Renderer::render`](super::Renderer::render) resets for each file;
//! tera renders a file on the thread that asked for it).

use crate::limits::{RANGE_NUMBERS, RENDERED_BYTES};
use std::cell::Cell;
use tera::{Kwargs, State};

thread_local! {
    /// Numbers `range` may still give in the file being rendered on this thread.
    static RANGE_LEFT: Cell<usize> = const { Cell::new(RANGE_NUMBERS) };
}

/// Gives the file about to be rendered on this thread its whole `range` budget.
pub(super) fn reset() {
    RANGE_LEFT.with(|left| left.set(RANGE_NUMBERS));
}

/// `range(end=…, start=0, step_by=1)`, as tera's own (numbers from `start` up to but without
/// `end`), counted against the file's budget before any number is made.
pub(super) fn range(kwargs: Kwargs, _: &State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message(
            "`range` was called with `step_by=0`, which never reaches `end`",
        ));
    }
    if start > end && step > 0 {
        return Err(tera::Error::message(
            "`range` was called with a `start` greater than its `end`",
        ));
    }
    let (span, stride) = if step > 0 {
        (end.saturating_sub(start), step)
    } else {
        (start.saturating_sub(end), step.saturating_neg())
    };
    // The count of numbers, without overflow for any i128 arguments.
    let len = if span <= 0 {
        0
    } else {
        span / stride + i128::from(span % stride != 0)
    };
    let left = RANGE_LEFT.with(Cell::get);
    let len = match usize::try_from(len) {
        Ok(n) if n <= left => n,
        _ => {
            return Err(tera::Error::message(format!(
                "`range` would count {len} more numbers, past the {RANGE_NUMBERS} that the \
                 loops of one file's templates may count together ({} counted so far)",
                RANGE_NUMBERS - left
            )));
        }
    };
    RANGE_LEFT.with(|l| l.set(left - len));
    let mut out = Vec::with_capacity(len);
    let mut n = start;
    for _ in 0..len {
        out.push(n);
        n = n.saturating_add(step);
    }
    Ok(out)
}

/// The text of one rendered file, refused past [`RENDERED_BYTES`].
#[derive(Default)]
pub(super) struct Bounded {
    pub(super) bytes: Vec<u8>,
    /// A write was refused: the template made too much text.
    pub(super) over: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len().saturating_add(buf.len()) > RENDERED_BYTES {
            self.over = true;
            return Err(std::io::Error::other("the rendered file is too large"));
        }
        // Grown by doubling as a Vec does, but never past the limit.
        let need = self.bytes.len() + buf.len();
        if need > self.bytes.capacity() {
            let want = (self.bytes.capacity() * 2).clamp(need, RENDERED_BYTES);
            self.bytes.reserve_exact(want - self.bytes.len());
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn tera() -> tera::Tera {
        let mut t = tera::Tera::new();
        t.register_function("range", range);
        t
    }

    fn render(src: &str) -> Result<String, String> {
        reset();
        tera()
            .render_str(src, &tera::Context::new(), false)
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn range_counts_as_teras_own() {
        let r = |s: &str| render(&format!("{{% for i in {s} %}}{{{{ i }}}},{{% endfor %}}"));
        assert_eq!(r("range(end=3)").as_deref(), Ok("0,1,2,"));
        assert_eq!(
            r("range(start=1, end=6, step_by=2)").as_deref(),
            Ok("1,3,5,")
        );
        assert_eq!(
            r("range(start=5, end=0, step_by=-2)").as_deref(),
            Ok("5,3,1,")
        );
        assert_eq!(r("range(start=2, end=2)").as_deref(), Ok(""));
        assert_eq!(r("range(start=0, end=5, step_by=-1)").as_deref(), Ok(""));
        assert!(r("range(end=3, step_by=0)").is_err());
        assert!(r("range(start=3, end=1)").is_err());
    }

    #[test]
    fn loops_inside_loops_share_one_budget() {
        // 100 × 10,000 numbers: each call is small, together they pass the budget.
        let e = render(
            "{% for i in range(end=100) %}{% for j in range(end=10000) %}{% endfor %}{% endfor %}",
        )
        .unwrap_err();
        assert!(e.contains("past the 1000000"), "{e}");
        // The next file starts with the whole budget again.
        assert!(render("{% for j in range(end=900000) %}{% endfor %}").is_ok());
        let huge = render(
            "{% for j in range(start=-170141183460469231731687303715884105728, end=170141183460469231731687303715884105727) %}{% endfor %}",
        );
        assert!(huge.is_err());
    }

    #[test]
    fn the_writer_refuses_text_past_the_limit() {
        let mut w = Bounded::default();
        assert!(w.write_all(&vec![b'x'; RENDERED_BYTES]).is_ok());
        assert!(!w.over);
        assert!(w.write_all(b"y").is_err());
        assert!(w.over);
        assert_eq!(w.bytes.len(), RENDERED_BYTES);
    }
}
