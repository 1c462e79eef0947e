//! `samizdat init DIR`: a new site with example content. Refuses a folder that is not empty.

use crate::error::{Error, Errors};
use std::path::Path;

/// What a site's repository should never hold: the built site, and the record of the last
/// build beside it (fingerprints of every file, drafts and private notes included).
const GITIGNORE: &str = "\
# Made by `samizdat build`: never commit them.
/public/
.*.samizdat.state
";

pub fn run(dir: &Path) -> Result<(), Errors> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(
                Error::usage(format!("{} exists and is not a folder", dir.display())).into(),
            );
        }
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .map_err(|e| Error::io(dir, &e))?;
        if !empty {
            return Err(Error::usage(format!(
                "{} is not empty; samizdat init only writes into a new or empty folder",
                dir.display()
            ))
            .hint("choose a new folder name, e.g. `samizdat init my-campaign`")
            .into());
        }
    }
    for (rel, bytes) in crate::theme::example_site() {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, &e))?;
    }
    let ignore = dir.join(".gitignore");
    std::fs::write(&ignore, GITIGNORE).map_err(|e| Error::io(&ignore, &e))?;
    println!("created a new site in {}", dir.display());
    println!(
        "next: cd {} && samizdat serve   (or: samizdat build, then open public/index.html)",
        dir.display()
    );
    Ok(())
}
