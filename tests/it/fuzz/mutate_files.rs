//! File-level mutations: renames (case, extension, trailing space), copies of pages under other
//! names, folders named like pages, symbolic links out of the site and in loops, empty, huge,
//! deleted and replaced files, names that are not UTF-8, files that claim generated paths, and
//! extra inputs (data files, interface strings).

use super::mutate::{HUGE, Mutated, bytes_of, file_paths};
use super::rng::Rng;
use super::seed::{CANARY, Node};
use super::tokens::NAME_VARIANTS;

fn rename_node(m: &mut Mutated, from: &str, to: &str) {
    if let Some(n) = m.tree.nodes.remove(from) {
        m.tree.nodes.insert(to.to_string(), n);
    }
    if m.raw.remove(from) {
        m.raw.insert(to.to_string());
    }
}

/// `x` of `dir/x.md` (or of `dir/x.ru.md`), and the folder.
fn stem_of(p: &str) -> (String, String) {
    let (dir, name) = p.rsplit_once('/').unwrap_or(("", p));
    let stem = name.split('.').next().unwrap_or(name);
    (dir.to_string(), stem.to_string())
}

pub(super) fn files(m: &mut Mutated, rng: &mut Rng) {
    let all = file_paths(&m.tree);
    if all.is_empty() {
        return;
    }
    let pages: Vec<&String> = all.iter().filter(|p| p.ends_with(".md")).collect();
    let secret: Vec<&&String> = pages.iter().filter(|p| p.contains(CANARY)).collect();
    let page = if !secret.is_empty() && rng.chance(1, 3) {
        (**rng.pick(&secret)).clone()
    } else {
        (*rng.pick(&pages)).clone()
    };
    let any = rng.pick(&all).clone();
    let line = match rng.below(12) {
        0 => {
            // Rename with another case, extension, trailing space...
            let (dir, stem) = stem_of(&any);
            let rest = any.rsplit_once('/').map(|(_, n)| n).unwrap_or(&any);
            let ext = &rest[stem.len()..];
            let to = match rng.below(4) {
                0 => format!("{dir}/{stem}{}", ext.to_uppercase()),
                1 => format!("{dir}/{}{ext}", stem.to_uppercase()),
                2 => format!("{dir}/{stem}{ext} "),
                _ => format!("{dir}/{stem}{}", rng.pick(NAME_VARIANTS)),
            };
            if m.tree.nodes.contains_key(&to) {
                return;
            }
            rename_node(m, &any, &to);
            format!("rename {any} to {to:?}")
        }
        1 => {
            // A copy of a page under another name: an editor's backup, an export...
            let (dir, stem) = stem_of(&page);
            let to = format!("{dir}/{stem}{}", rng.pick(NAME_VARIANTS));
            if let Some(n) = m.tree.nodes.get(&page).cloned() {
                m.tree.nodes.entry(to.clone()).or_insert(n);
            }
            format!("copy {page} to {to:?}")
        }
        2 => {
            // A folder named like a page, with a file and a page in it.
            let (dir, stem) = stem_of(&page);
            let f = format!("{dir}/{stem}/notes.txt");
            m.tree
                .nodes
                .insert(f.clone(), Node::File(b"notes next to the page\n".to_vec()));
            if rng.chance(1, 2) {
                m.tree.nodes.insert(
                    format!("{dir}/{stem}/_index.md"),
                    Node::File(b"---\ntitle: A folder\n---\n".to_vec()),
                );
            }
            format!("add a folder named like {page}: {f}")
        }
        3 => {
            let links: &[(&str, &str)] = &[
                ("site/content/outside-link", "../../outside"),
                ("site/content/news/link.md", "../../../outside/secret.md"),
                ("site/content/news/link.txt", "../../../outside/secret.txt"),
                ("site/static/up", ".."),
                ("site/static/outside", "../../outside"),
                ("site/static/secret.txt", "../../outside/secret.txt"),
                ("site/content/loop", "."),
                ("site/content/self", "self"),
                (
                    "site/content/prisoners/linked.jpg",
                    "../../../outside/photo.jpg",
                ),
                (
                    "site/content/events/days-2014.pickets.csv",
                    "../../../outside/secret.txt",
                ),
                ("site/content/about.md", "../../outside/secret.md"),
                ("site/public", "../outside"),
                ("site/static/root", "/"),
            ];
            let (at, to) = *rng.pick(links);
            m.tree
                .nodes
                .insert(at.to_string(), Node::Link(to.to_string()));
            m.raw.remove(at);
            format!("symbolic link {at} -> {to}")
        }
        4 => {
            bytes_of(m, &any).clear();
            format!("empty {any}")
        }
        5 => {
            let f = *rng.pick(&[
                "site/content/empty.md",
                "site/content/news/empty.md",
                "site/content/events/empty.pickets.csv",
                "site/content/news/empty.jpg",
                "site/static/empty.svg",
                "site/data/empty.yaml",
                "site/i18n/ru.ftl",
            ]);
            m.tree.nodes.insert(f.to_string(), Node::File(Vec::new()));
            format!("add an empty {f}")
        }
        6 => {
            // Huge within the budget.
            let n = rng.range(1 << 20, HUGE);
            let what = rng.below(3);
            let b = bytes_of(m, &any);
            match what {
                0 => {
                    let para = "The campaign goes on. ".repeat(4) + "\n\n";
                    while b.len() < n {
                        b.extend(para.as_bytes());
                    }
                }
                1 => {
                    let row = b"London,GB,2014-02-22,14:00,Embassy,Group\n";
                    while b.len() < n {
                        b.extend(row);
                    }
                }
                _ => b.resize(n, b'a'),
            }
            format!("grow {any} to {n} bytes")
        }
        7 => {
            m.tree.nodes.remove(&any);
            format!("delete {any}")
        }
        8 => {
            m.tree.nodes.insert(any.clone(), Node::Dir);
            m.tree.nodes.insert(
                format!("{any}/inside.txt"),
                Node::File(b"a folder where a file was\n".to_vec()),
            );
            format!("replace {any} by a folder")
        }
        9 => {
            // A name that is not UTF-8 (the marker is written as the byte 0xFF).
            let (dir, stem) = stem_of(&page);
            let to = format!("{dir}/{stem}\u{F8FF}.md");
            if let Some(n) = m.tree.nodes.get(&page).cloned() {
                m.tree.nodes.insert(to.clone(), n);
            }
            format!("copy {page} to a name with the byte 0xFF: {to:?}")
        }
        10 => {
            // Files that claim generated paths.
            let f = *rng.pick(&[
                "site/static/index.html",
                "site/static/map/index.html",
                "site/static/404.html",
                "site/static/sitemap.xml",
                "site/static/atom.xml",
                "site/static/tags/bolotnaya/index.html",
                "site/content/tags/bolotnaya/index.html",
                "site/content/news/2014-02-24-verdict/index.html",
                "site/static/ru/index.html",
                "site/static/style.css",
                "site/static/mirrors.json",
                "site/static/.samizdat-output",
                "site/static/prisoners/birthdays.ics",
            ]);
            m.tree
                .nodes
                .insert(f.to_string(), Node::File(b"<p>claimed</p>\n".to_vec()));
            format!("add {f}")
        }
        _ => {
            // Extra inputs a site may have: data files, translations of the theme's strings.
            let (f, text): (&str, &str) = *rng.pick(&[
                ("site/data/groups.yaml", "groups: [a, b]\n"),
                (
                    "site/data/bomb.yaml",
                    "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f]\n",
                ),
                ("site/data/bad name.yaml", "x: 1\n"),
                ("site/i18n/ru.ftl", "read-more = Читать { $x\n"),
                ("site/i18n/fa.ftl", "read-more = { -brand }\n-brand = { read-more }\n"),
                ("site/i18n/de.ftl", "read-more = Weiter\n"),
            ]);
            m.tree
                .nodes
                .insert(f.to_string(), Node::File(text.as_bytes().to_vec()));
            format!("add {f}")
        }
    };
    m.log.push(line);
}
