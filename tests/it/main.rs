//! Integration tests: one binary with a fixture harness. Each test writes a small site into a
//! temporary folder, builds it through the library or runs the real `samizdat` binary, and
//! asserts on the files a user would see.

mod harness;

mod build;
mod cli;
mod errors;
mod i18n;
mod validity;
