//! (in progress)

pub mod ics;
pub mod images;
