//! Content: the Markdown files of `content/` turned into the [`Library`].
//!
//! - [`walk`] finds the files and tells pages, translations, assets and picket tables apart;
//! - [`frontmatter`] splits and types the front matter;
//! - [`page`] parses one file (a pure function of its bytes);
//! - [`publish`] decides which files are published, and how (the allow-list);
//! - [`library`] links translations, decides which pages are published, gives URLs, builds the
//!   lists;
//! - `links` checks and rewrites links between pages;
//! - [`incremental`] the same in steps, for `serve`: one file parsed again, the rest reused.

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
