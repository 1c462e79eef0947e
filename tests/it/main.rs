//! Integration tests: one binary, a fixture harness.
