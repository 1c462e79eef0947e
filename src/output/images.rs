//! Image metadata stripping: merged from the icsimg branch.
