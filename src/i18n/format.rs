//! Dates, times, numbers and plural categories in a page's locale, with ICU4X's compiled CLDR
//! data (not chrono's locale support, which gets Farsi wrong).
//!
//! Choices a campaigner would notice, all made here so every page agrees:
//! - Plain `en` formats as British English: "29 July 2015", "14:00". Campaigns in English
//!   address readers all over the world, and day-month-year with a 24-hour clock is what most of
//!   them read without thinking (and what Russian-speaking organisers write). A site that wants
//!   American formats uses the language code `en-US` ("July 29, 2015", "2:00 PM").
//! - Russian, Ukrainian, Belarusian and Bulgarian dates drop CLDR's year abbreviation
//!   ("29 июля 2015", not "29 июля 2015 г."), as campaign lists and headlines write them.
//! - Russian, Ukrainian and Belarusian numbers group from five digits ("1302 дня", "13 020"),
//!   following their typographic rules rather than CLDR's grouping from four.
//! - Farsi uses what CLDR and ICU4X make the default for `fa`: the Persian (Solar Hijri) calendar
//!   with Persian digits ("۷ مرداد ۱۳۹۴" for 29 July 2015), which is what readers in Iran use.
//!   Other locales likewise get their CLDR default calendar.
//! - A code ICU4X has no data for (`xx`, or a language CLDR only names) formats as English,
//!   never as CLDR's root locale ("2015 M07 29").
//!
//! Formatters are built per call: with compiled data that costs 1 to 4 µs (measured in release),
//! and it keeps this module free of caches and locks.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use icu::calendar::Iso;
use icu::datetime::fieldsets::enums::{CalendarPeriodFieldSet, DateFieldSet};
use icu::datetime::fieldsets::{M, T, Y, YM, YMD};
use icu::datetime::input::{Date, Time};
use icu::datetime::{DateTimeFormatter, NoCalendarFormatter};
use icu::decimal::DecimalFormatter;
use icu::decimal::input::Decimal;
use icu::decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu::locale::subtags::{language, region};
use icu::locale::{Locale, locale};
use icu::plurals::{PluralCategory, PluralRules};

use super::languages;

/// How much of a date to show, in the locale's own order and words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// "29 July 2015", "29 июля 2015", "29. Juli 2015".
    Long,
    /// "29 Jul 2015", "29 июл. 2015", "29.07.2015".
    Medium,
    /// "29/07/2015", "29.07.2015".
    Short,
    /// "July 2015", "июль 2015".
    MonthYear,
}

/// The ICU locale that formats for `lang`: the tag itself when ICU4X has data for its language,
/// `en-GB` for plain `en`, and English for anything unknown or unsupported.
pub(crate) fn locale_for(lang: &str) -> Locale {
    let english = locale!("en-GB");
    let Ok(mut loc) = lang.parse::<Locale>() else {
        return english;
    };
    if !SUPPORTED.contains(loc.id.language.as_str()) {
        return english;
    }
    if loc.id.language == language!("en") && loc.id.region.is_none() {
        loc.id.region = Some(region!("GB"));
    }
    loc
}

/// Languages ICU4X has date data for, found once by asking it: a language without data formats
/// a date exactly as the root locale does.
static SUPPORTED: LazyLock<BTreeSet<&'static str>> = LazyLock::new(|| {
    let probe = |loc: Locale| -> Option<String> {
        let date = Date::try_new_iso(2015, 7, 29).ok()?;
        fmt_date(&loc, DateFieldSet::YMD(YMD::long()), &date)
    };
    let root = probe(Locale::UNKNOWN);
    languages::all_codes()
        .filter(|code| {
            let Ok(loc) = code.parse::<Locale>() else {
                return false;
            };
            let out = probe(loc);
            out.is_some() && out != root
        })
        .collect()
});

/// `date` in `lang`'s words and order; see the module notes for the choices made.
pub fn format_date(date: NaiveDate, lang: &str, style: DateStyle) -> String {
    // A site shows the same few thousand dates in many places (every picket of an action,
    // every list): remember them per thread instead of building an ICU formatter each time.
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<(NaiveDate, String, u8), String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    let key = (date, lang.to_string(), style as u8);
    if let Some(s) = SEEN.with(|m| m.borrow().get(&key).cloned()) {
        return s;
    }
    let s = format_date_uncached(date, lang, style);
    SEEN.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 100_000 {
            m.clear();
        }
        m.insert(key, s.clone());
    });
    s
}

fn format_date_uncached(date: NaiveDate, lang: &str, style: DateStyle) -> String {
    let loc = locale_for(lang);
    let (Ok(month), Ok(day)) = (u8::try_from(date.month()), u8::try_from(date.day())) else {
        return date.format("%Y-%m-%d").to_string();
    };
    let Ok(d) = Date::try_new_iso(date.year(), month, day) else {
        return date.format("%Y-%m-%d").to_string();
    };
    let formatted = match style {
        DateStyle::Long => fmt_date(&loc, DateFieldSet::YMD(YMD::long()), &d),
        DateStyle::Medium => fmt_date(&loc, DateFieldSet::YMD(YMD::medium()), &d),
        DateStyle::Short => fmt_date(&loc, DateFieldSet::YMD(YMD::short()), &d),
        // ICU4X 2.4 debug-asserts (so panics in debug builds) on Portuguese's long year-month
        // pattern "MMMM 'de' y"; build that pattern from the month and the year instead.
        DateStyle::MonthYear if loc.id.language == language!("pt") => {
            let month = fmt_period(&loc, CalendarPeriodFieldSet::M(M::long()), &d);
            let year = fmt_period(&loc, CalendarPeriodFieldSet::Y(Y::long()), &d);
            match (month, year) {
                (Some(m), Some(y)) => Some(format!("{m} de {y}")),
                _ => None,
            }
        }
        DateStyle::MonthYear => fmt_period(&loc, CalendarPeriodFieldSet::YM(YM::long()), &d),
    };
    match formatted {
        Some(s) => drop_year_mark(&loc, s),
        None => date.format("%Y-%m-%d").to_string(),
    }
}

fn fmt_date(loc: &Locale, fields: DateFieldSet, d: &Date<Iso>) -> Option<String> {
    let f = DateTimeFormatter::try_new(loc.clone().into(), fields).ok()?;
    Some(f.format(d).to_string())
}

fn fmt_period(loc: &Locale, fields: CalendarPeriodFieldSet, d: &Date<Iso>) -> Option<String> {
    let f = DateTimeFormatter::try_new(loc.clone().into(), fields).ok()?;
    Some(f.format(d).to_string())
}

/// Strips the year abbreviation CLDR appends in East Slavic and Bulgarian dates
/// ("2015 г.", "2015 р."); ICU separates it with a narrow no-break space.
fn drop_year_mark(loc: &Locale, s: String) -> String {
    let mark = match loc.id.language.as_str() {
        "ru" | "be" | "bg" => "\u{202f}г.",
        "uk" => "\u{202f}р.",
        _ => return s,
    };
    match s.strip_suffix(mark) {
        Some(stripped) => stripped.to_string(),
        None => s,
    }
}

/// A time of day as the locale writes it: "14:00" in most of Europe and for `en`, "2:00 PM"
/// for `en-US` (with a narrow no-break space), "۱۴:۰۰" for `fa`.
pub fn format_time(time: NaiveTime, lang: &str) -> String {
    let fallback = || time.format("%H:%M").to_string();
    let (Ok(h), Ok(m)) = (u8::try_from(time.hour()), u8::try_from(time.minute())) else {
        return fallback();
    };
    let Ok(t) = Time::try_new(h, m, 0, 0) else {
        return fallback();
    };
    match NoCalendarFormatter::try_new(locale_for(lang).into(), T::hm()) {
        Ok(f) => f.format(&t).to_string(),
        Err(_) => fallback(),
    }
}

/// An integer with the locale's digits and grouping: "1,302" (en), "1.302" (de), "۱٬۳۰۲" (fa).
/// Russian, Ukrainian and Belarusian group with a no-break space from five digits ("1302",
/// "13 020"), as their typography does; Spanish too, as CLDR says.
pub fn format_number(n: i64, lang: &str) -> String {
    format_decimal(&Decimal::from(n), lang, true)
}

fn format_decimal(n: &Decimal, lang: &str, grouping: bool) -> String {
    format_decimal_in(n, &locale_for(lang), grouping)
}

/// A decimal number in locale `loc` (see [`locale_for`]); `grouping` false writes no group
/// separators.
pub(crate) fn format_decimal_in(n: &Decimal, loc: &Locale, grouping: bool) -> String {
    let mut options = DecimalFormatterOptions::default();
    options.grouping_strategy = Some(if !grouping {
        GroupingStrategy::Never
    } else if matches!(loc.id.language.as_str(), "ru" | "uk" | "be") {
        // Russian, Ukrainian and Belarusian typography leaves four-digit numbers unspaced
        // ("1302 дня", "13 020"); CLDR groups them from 1000.
        GroupingStrategy::Min2
    } else {
        GroupingStrategy::Auto
    });
    match DecimalFormatter::try_new(loc.clone().into(), options) {
        Ok(f) => f.format_to_string(n),
        Err(_) => n.to_string(),
    }
}

/// The CLDR cardinal plural category of `n` in `lang`: "zero", "one", "two", "few", "many" or
/// "other" (ru: 1 one, 2 few, 5 many, 21 one, 11 many). English rules for unknown codes.
pub fn plural_category(lang: &str, n: i64) -> &'static str {
    match PluralRules::try_new_cardinal(locale_for(lang).into()) {
        Ok(rules) => category_name(rules.category_for(n)),
        Err(_) => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// The CLDR plural category of a decimal number (`1.5`, `2.0`) in `lang`.
pub(crate) fn plural_category_decimal(lang: &str, n: &Decimal) -> &'static str {
    match PluralRules::try_new_cardinal(locale_for(lang).into()) {
        Ok(rules) => category_name(rules.category_for(n)),
        Err(_) => "other",
    }
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2015, 7, 29).unwrap_or_default()
    }

    #[test]
    fn long_dates_as_campaigners_write_them() {
        let cases = [
            ("ru", "29 июля 2015"),
            ("en", "29 July 2015"),
            ("en-US", "July 29, 2015"),
            ("uk", "29 липня 2015"),
            ("de", "29. Juli 2015"),
            ("fr", "29 juillet 2015"),
            ("es", "29 de julio de 2015"),
            ("be", "29 ліпеня 2015"),
        ];
        for (lang, want) in cases {
            assert_eq!(format_date(day(), lang, DateStyle::Long), want, "{lang}");
        }
    }

    #[test]
    fn other_date_styles() {
        assert_eq!(format_date(day(), "en", DateStyle::Medium), "29 Jul 2015");
        assert_eq!(format_date(day(), "en", DateStyle::Short), "29/07/2015");
        assert_eq!(format_date(day(), "en", DateStyle::MonthYear), "July 2015");
        assert_eq!(format_date(day(), "ru", DateStyle::Medium), "29 июл. 2015");
        assert_eq!(format_date(day(), "ru", DateStyle::Short), "29.07.2015");
        assert_eq!(format_date(day(), "ru", DateStyle::MonthYear), "июль 2015");
        assert_eq!(
            format_date(day(), "uk", DateStyle::MonthYear),
            "липень 2015"
        );
        assert_eq!(format_date(day(), "de", DateStyle::MonthYear), "Juli 2015");
        assert_eq!(
            format_date(day(), "pt", DateStyle::MonthYear),
            "julho de 2015"
        );
        assert_eq!(
            format_date(day(), "pt-BR", DateStyle::MonthYear),
            "julho de 2015"
        );
    }

    #[test]
    fn farsi_dates_use_the_persian_calendar_and_digits() {
        let long = format_date(day(), "fa", DateStyle::Long);
        assert_eq!(long, "۷ مرداد ۱۳۹۴");
        assert!(!long.chars().any(|c| c.is_ascii_digit()));
        assert!(format_date(day(), "fa", DateStyle::Short).contains('۱'));
    }

    #[test]
    fn unknown_languages_format_as_english() {
        for lang in ["xx", "", "not a tag", "min", "und"] {
            assert_eq!(
                format_date(day(), lang, DateStyle::Long),
                "29 July 2015",
                "{lang:?}"
            );
            assert_eq!(format_number(1234567, lang), "1,234,567");
            assert_eq!(plural_category(lang, 1), "one");
        }
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            for style in [DateStyle::Long, DateStyle::MonthYear] {
                assert!(!format_date(date, "ru", style).is_empty());
                assert!(!format_date(date, "fa", style).is_empty());
            }
        }
    }

    #[test]
    fn times_per_locale() {
        let t = NaiveTime::from_hms_opt(14, 0, 0).unwrap_or_default();
        assert_eq!(format_time(t, "ru"), "14:00");
        assert_eq!(format_time(t, "en"), "14:00");
        assert_eq!(format_time(t, "en-US"), "2:00\u{202f}PM");
        assert_eq!(format_time(t, "fa"), "۱۴:۰۰");
        assert_eq!(format_time(t, "xx"), "14:00");
    }

    #[test]
    fn numbers_per_locale() {
        assert_eq!(format_number(1302, "en"), "1,302");
        assert_eq!(format_number(1302, "ru"), "1302");
        assert_eq!(format_number(13020, "ru"), "13\u{a0}020");
        assert_eq!(format_number(1302, "uk"), "1302");
        assert_eq!(format_number(1234567, "de"), "1.234.567");
        assert_eq!(format_number(1302, "es"), "1302");
        assert_eq!(format_number(1302, "fa"), "۱٬۳۰۲");
        assert_eq!(format_number(-5, "en"), "-5");
        assert_eq!(format_number(i64::MIN, "ru").chars().count(), 26);
    }

    #[test]
    fn plural_categories_follow_cldr() {
        let ru = [
            (1, "one"),
            (2, "few"),
            (5, "many"),
            (21, "one"),
            (1302, "few"),
            (1311, "many"),
            (11, "many"),
            (0, "many"),
        ];
        for (n, want) in ru {
            assert_eq!(plural_category("ru", n), want, "ru {n}");
            assert_eq!(plural_category("uk", n), want, "uk {n}");
        }
        assert_eq!(plural_category("en", 1), "one");
        assert_eq!(plural_category("en", 0), "other");
        assert_eq!(plural_category("fa", 1), "one");
        assert_eq!(plural_category("fa", 5), "other");
        assert_eq!(plural_category("ar", 0), "zero");
        assert_eq!(plural_category("ar", 2), "two");
    }
}
