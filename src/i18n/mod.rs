//! Languages: interface strings in Fluent with per-key fallback, CLDR plural rules, and dates and
//! numbers in each page's locale.
//!
//! - [`Strings`] (`strings.rs`) loads the theme's `i18n/LANG.ftl` files and the site's
//!   overrides once per build; templates ask it for a message in a page's language and get the
//!   default language's or English text for keys a translation lacks.
//! - `message.rs` formats one message: [`Arg`]s, numbers in the locale, plural variants chosen
//!   by ICU4X (fluent-bundle's own plural tables are wrong for Belarusian and others).
//! - `format.rs` writes dates, times and numbers with ICU4X's compiled CLDR data and holds the
//!   locale choices (plain `en` as British English, the Persian calendar for `fa`...).
//! - `languages.rs` knows language codes, autonyms, names and writing direction, from CLDR
//!   (`languages.tsv`, with the Unicode licence in its header).
//!
//! Everything here is read-only once built and shared by reference across rendering threads.

mod format;
mod languages;
mod message;
mod strings;

pub use format::{DateStyle, format_date, format_number, format_time, plural_category};
pub use languages::{autonym, is_language_code, is_rtl, language_name};
pub use message::Arg;
pub use strings::Strings;
