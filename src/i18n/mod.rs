//! Languages: interface strings in Fluent with per-key fallback, CLDR plural rules, and dates and
//! numbers in each page's locale.
