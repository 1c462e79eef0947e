//! Formatting one message: the arguments callers pass, numbers in the message's locale, and the
//! choice of variants by CLDR plural rules.
//!
//! fluent-bundle picks plural variants with `intl_pluralrules` 7, whose rule tables drop the
//! modulo in some languages: Belarusian 22 comes out `many` instead of `few` ("22 дзён"),
//! Arabic 103 `other` instead of `few`, Lithuanian 22 `other` instead of `few`. Campaigns for
//! Belarusian prisoners cannot live with that, so we walk the message ourselves: a select on a
//! variable is decided here, with ICU4X's plural rules (CLDR 48), and every other placeable is
//! handed to Fluent as a one-element pattern. Selects on anything else (`NUMBER($n, ...)`, a
//! message reference) stay Fluent's.

use std::borrow::Cow;
use std::convert::Infallible;

use chrono::NaiveDate;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::{FluentNumber, FluentNumberStyle};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use icu::decimal::input::Decimal;
use icu::locale::Locale;
use intl_memoizer::Memoizable;
use intl_memoizer::concurrent::IntlLangMemoizer;
use unic_langid::LanguageIdentifier;

use super::format::{self, DateStyle};

type Bundle = FluentBundle<std::sync::Arc<FluentResource>>;

/// Placeables nested deeper than this are left to Fluent (which has its own limit).
const MAX_DEPTH: usize = 32;

/// A named argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    /// A count or other whole number: formatted in the locale, and picks plural variants.
    Int(i64),
    /// A number with a fraction, formatted in the locale.
    Num(f64),
    /// A date, formatted in the message's language in [`DateStyle::Long`].
    Date(NaiveDate),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}
impl From<i32> for Arg {
    fn from(n: i32) -> Self {
        Arg::Int(n.into())
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Int(n.into())
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<f64> for Arg {
    fn from(n: f64) -> Self {
        Arg::Num(n)
    }
}
impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Self {
        Arg::Date(d)
    }
}

/// Formats `pattern` of a message in `bundle`, whose language is `lang`.
pub(crate) fn format_message(
    bundle: &Bundle,
    lang: &str,
    pattern: &ast::Pattern<&str>,
    args: &[(&str, Arg)],
) -> String {
    let fluent_args = to_fluent_args(lang, args);
    let ctx = Ctx {
        bundle,
        lang,
        args,
        fluent_args: &fluent_args,
    };
    let mut out = String::new();
    ctx.pattern(pattern, &mut out, 0);
    out
}

struct Ctx<'a> {
    bundle: &'a Bundle,
    lang: &'a str,
    args: &'a [(&'a str, Arg)],
    fluent_args: &'a FluentArgs<'a>,
}

impl Ctx<'_> {
    fn pattern(&self, pattern: &ast::Pattern<&str>, out: &mut String, depth: usize) {
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => out.push_str(value),
                ast::PatternElement::Placeable { expression } => {
                    self.expression(expression, out, depth)
                }
            }
        }
    }

    fn expression(&self, expression: &ast::Expression<&str>, out: &mut String, depth: usize) {
        if depth < MAX_DEPTH {
            match expression {
                ast::Expression::Select { selector, variants } => {
                    if let Some(variant) = self.select(selector, variants) {
                        return self.pattern(&variant.value, out, depth + 1);
                    }
                }
                ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
                    return self.expression(expression, out, depth + 1);
                }
                ast::Expression::Inline(_) => {}
            }
        }
        let single = ast::Pattern {
            elements: vec![ast::PatternElement::Placeable {
                expression: expression.clone(),
            }],
        };
        // Fluent's errors (a missing argument, an unknown message) show in the text itself.
        let mut errors = Vec::new();
        out.push_str(
            &self
                .bundle
                .format_pattern(&single, Some(self.fluent_args), &mut errors),
        );
    }

    /// The variant a select on a variable picks, or `None` to leave the select to Fluent.
    fn select<'v>(
        &self,
        selector: &ast::InlineExpression<&str>,
        variants: &'v [ast::Variant<&str>],
    ) -> Option<&'v ast::Variant<&'v str>> {
        let ast::InlineExpression::VariableReference { id } = selector else {
            return None;
        };
        let default = variants.iter().find(|v| v.default);
        let Some((_, arg)) = self.args.iter().find(|(name, _)| *name == id.name) else {
            return default;
        };
        let (number, category, text) = match arg {
            Arg::Int(n) => (
                Some(*n as f64),
                Some(format::plural_category(self.lang, *n)),
                None,
            ),
            Arg::Num(x) => {
                let category = Decimal::try_from_str(&x.to_string())
                    .ok()
                    .map(|d| format::plural_category_decimal(self.lang, &d));
                (Some(*x), category, None)
            }
            Arg::Str(s) => (None, None, Some(s.as_str())),
            Arg::Date(_) => (None, None, None),
        };
        let chosen = variants.iter().find(|v| match &v.key {
            ast::VariantKey::NumberLiteral { value } => {
                number.is_some() && value.parse::<f64>().ok() == number
            }
            ast::VariantKey::Identifier { name } => category == Some(*name) || text == Some(*name),
        });
        chosen.or(default)
    }
}

pub(crate) fn to_fluent_args<'a>(lang: &str, args: &'a [(&'a str, Arg)]) -> FluentArgs<'a> {
    let mut out = FluentArgs::with_capacity(args.len());
    for (name, arg) in args {
        let value = match arg {
            Arg::Str(s) => FluentValue::String(Cow::Borrowed(s.as_str())),
            // f64 holds integers exactly up to 2^53; beyond that, the digits go in as text.
            Arg::Int(n) if n.unsigned_abs() > 1 << 53 => {
                FluentValue::from(format::format_number(*n, lang))
            }
            Arg::Int(n) => FluentValue::from(*n as f64),
            Arg::Num(n) => FluentValue::from(*n),
            Arg::Date(d) => FluentValue::from(format::format_date(*d, lang, DateStyle::Long)),
        };
        out.set(*name, value);
    }
    out
}

/// The locale a bundle formats numbers in, resolved once per bundle by the memoizer.
struct NumberLocale(Locale);

impl Memoizable for NumberLocale {
    type Args = ();
    type Error = Infallible;
    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, Infallible> {
        Ok(NumberLocale(format::locale_for(&lang.to_string())))
    }
}

/// Fluent's formatter hook: numbers in the bundle's locale; `None` keeps Fluent's own output.
pub(crate) fn format_value(value: &FluentValue, intls: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let decimal = to_decimal(n)?;
    // The memoizer holds a mutex while the closure runs: take the locale out, format outside,
    // so rendering threads do not queue behind each other.
    let loc = intls
        .with_try_get::<NumberLocale, _, _>((), |loc| loc.0.clone())
        .ok()?;
    Some(format::format_decimal_in(
        &decimal,
        &loc,
        n.options.use_grouping,
    ))
}

/// The number with NUMBER()'s digit options applied; `None` for what we leave to Fluent
/// (infinities, percent and currency styles).
fn to_decimal(n: &FluentNumber) -> Option<Decimal> {
    if !n.value.is_finite() || n.options.style != FluentNumberStyle::Decimal {
        return None;
    }
    // Rust prints f64 in the shortest form that reads back exactly, never with an exponent.
    let mut d = Decimal::try_from_str(&n.value.to_string()).ok()?;
    let digits = |x: usize| i16::try_from(x.min(100)).unwrap_or(100);
    if let Some(max) = n.options.maximum_fraction_digits {
        d.round(-digits(max));
    }
    if let Some(min) = n.options.minimum_fraction_digits {
        d.pad_end(-digits(min));
    }
    if let Some(min) = n.options.minimum_integer_digits {
        d.pad_start(digits(min));
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::strings::Strings;
    use super::*;

    fn strings(lang: &str, src: &str) -> Strings {
        let theme = [(lang.to_string(), PathBuf::from("t.ftl"), src.to_string())];
        let (s, errors) = Strings::new(&[lang.to_string()], &theme, &[]);
        assert!(errors.is_empty(), "{errors:?}");
        s
    }

    fn count(n: i64) -> [(&'static str, Arg); 1] {
        [("count", Arg::Int(n))]
    }

    #[test]
    fn russian_and_ukrainian_plurals_follow_cldr() {
        // Fluent wants each variant on a line of its own.
        let days = "days = { $count ->\n  [one] {$count} день\n  [few] {$count} дня\n *[many] {$count} дней\n}";
        let table = [
            (1, "1 день"),
            (2, "2 дня"),
            (5, "5 дней"),
            (21, "21 день"),
            (1302, "1302 дня"),
            (1311, "1311 дней"),
            (11, "11 дней"),
            (0, "0 дней"),
        ];
        for lang in ["ru", "uk"] {
            let s = strings(lang, days);
            for (n, want) in table {
                assert_eq!(s.t(lang, "days", &count(n)), want, "{lang}");
            }
        }
    }

    #[test]
    fn belarusian_22_is_few_not_many() {
        // intl_pluralrules 7 says `many` here; CLDR says `few`.
        let days = "days = { $count ->\n  [one] {$count} дзень\n  [few] {$count} дні\n *[many] {$count} дзён\n}";
        let s = strings("be", days);
        assert_eq!(s.t("be", "days", &count(22)), "22 дні");
        assert_eq!(s.t("be", "days", &count(1302)), "1302 дні");
        assert_eq!(s.t("be", "days", &count(111)), "111 дзён");
        assert_eq!(s.t("be", "days", &count(101)), "101 дзень");
    }

    #[test]
    fn exact_numbers_text_keys_and_missing_arguments() {
        let src = "n = { $count ->\n [0] none\n [one] one\n *[other] { $count }\n}\n\
                   s = { $status ->\n [released] free\n *[other] held\n}";
        let s = strings("en", src);
        assert_eq!(s.t("en", "n", &count(0)), "none");
        assert_eq!(s.t("en", "n", &count(1)), "one");
        assert_eq!(s.t("en", "n", &count(1500)), "1,500");
        assert_eq!(s.t("en", "n", &[("count", Arg::Num(1.0))]), "one");
        assert_eq!(
            s.t("en", "n", &[]),
            "{$count}",
            "the default, showing what is missing"
        );
        assert_eq!(s.t("en", "s", &[("status", Arg::from("released"))]), "free");
        assert_eq!(s.t("en", "s", &[("status", Arg::from("detained"))]), "held");
    }

    #[test]
    fn hostile_messages_do_not_panic() {
        let src = "a = { b }\nb = { a }\n\
                   p = { NUMBER($x) ->\n [one] one\n *[other] other\n}\n\
                   deep = {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{ $x }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}";
        let s = strings("en", src);
        assert!(!s.t("en", "a", &[]).is_empty());
        for x in [1e-300, -0.0, 1e300, f64::NAN, f64::NEG_INFINITY, 0.1 + 0.2] {
            assert!(!s.t("en", "p", &[("x", Arg::Num(x))]).is_empty());
            assert!(!s.t("en", "deep", &[("x", Arg::Num(x))]).is_empty());
        }
    }

    #[test]
    fn number_options_from_translators() {
        let src = "share = { NUMBER($p, minimumFractionDigits: 1) } %\n\
                   big = { NUMBER($n, useGrouping: \"false\") }";
        let s = strings("de", src);
        assert_eq!(s.t("de", "share", &[("p", Arg::Num(12.0))]), "12,0 %");
        assert_eq!(s.t("de", "share", &[("p", Arg::Num(12.25))]), "12,25 %");
        assert_eq!(s.t("de", "big", &[("n", Arg::Int(2015))]), "2015");
        assert!(
            !s.t("de", "big", &[("n", Arg::Num(f64::INFINITY))])
                .is_empty()
        );
    }

    #[test]
    fn plurals_agree_with_icu_in_many_languages() {
        let probe = "p = { $count ->\n [zero] zero\n [one] one\n [two] two\n [few] few\n [many] many\n*[other] other\n}";
        for lang in [
            "en", "ru", "uk", "be", "de", "fr", "es", "fa", "ar", "pl", "he", "lt", "cs",
        ] {
            let s = strings(lang, probe);
            for n in (0..=1200).chain([1_000_000, 1_000_001, 2_000_000_123]) {
                let want = format::plural_category(lang, n);
                assert_eq!(s.t(lang, "p", &count(n)), want, "{lang} {n}");
            }
        }
    }
}
