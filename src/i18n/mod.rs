//! Languages: interface strings in Fluent with per-key fallback, CLDR plural rules, and dates and
//! numbers in each page's locale.

mod format;
mod languages;
mod message;
mod strings;

pub use format::{DateStyle, format_date, format_number, format_time, plural_category};
pub use languages::{autonym, is_language_code, is_rtl, language_name};
pub use message::Arg;
pub use strings::Strings;
