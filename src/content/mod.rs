//! Content: the Markdown files of `content/` turned into the [`Library`].
//!
//! - [`walk`] finds the files and tells pages, translations, assets and picket tables apart;
//! - [`frontmatter`] splits and types the front matter;
//! - [`page`] parses one file (a pure function of its bytes);
//! - [`publish`] decides which files are published, and how (the allow-list);
//! - [`library`] the arena: pages, entries, sections, tags and their indexes, and what reading
//!   them asks;
//! - `links` checks and rewrites links between pages;
//! - `assemble` builds the library: links translations, decides which pages are published,
//!   gives URLs, resolves links, builds the lists;
//! - [`incremental`] the steps `serve` takes: one file parsed again, one page's text replaced.
//!
//! Each looks only downward: `library` at the parsed pages, `links` at the library, `publish`
//! at both, `walk` at `publish`, `assemble` at all of them, `incremental` at the library and
//! `links`.

mod assemble;
pub mod frontmatter;
pub(crate) mod ignored;
pub mod incremental;
pub mod library;
mod links;
pub use links::site_path_links;
pub mod page;
pub(crate) mod publish;
pub mod walk;

pub use frontmatter::{DateValue, FrontMatter, Kind, Status};
pub use incremental::BodyChange;
pub use library::{Entry, EntryId, Library, PageId, Section, Settings, Tag};
pub use links::{encode_path, normalize as normalize_link};
pub use page::Page;
