//! Live reload: the browser side (`/__samizdat/live.js`, the error overlay's stylesheet) and the
//! server side, a hub that sends Server-Sent Events to every open page.
//!
//! Events: `status` (on connecting: the build generation and the current errors), `reload`
//! (the site paths that changed, or all), `css` (only stylesheets changed: swapped without a
//! reload), `errors` (a build failed: the overlay shows them over the last good page) and `ok`
//! (fixed: the overlay goes). The script is linked from pages only when the theme's base
//! template sees `live_reload`, which only `serve` sets.

use crate::error::{Error, Errors};
use crate::util::escape_xml;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

pub(crate) const SCRIPT: &str = include_str!("live.js");
pub(crate) const OVERLAY_CSS: &str = include_str!("overlay.css");

/// What the site looks like now, for pages that connect.
#[derive(Debug, Default)]
struct Status {
    generation: u64,
    errors: Vec<Error>,
}

/// The open event streams and the status new ones start with.
#[derive(Default)]
pub(crate) struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
    status: Mutex<Status>,
}

impl Hub {
    /// A new event stream: its first message is the current status.
    pub(crate) fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        let first = self.status_event();
        let _ = tx.send(first);
        if let Ok(mut c) = self.clients.lock() {
            c.push(tx);
        }
        rx
    }

    fn broadcast(&self, event: String) {
        if let Ok(mut c) = self.clients.lock() {
            c.retain(|tx| tx.send(event.clone()).is_ok());
        }
    }

    /// A rebuild succeeded: pages showing one of `paths` (site paths such as `/ru/news/x/`)
    /// reload; all of them when `all`. Stylesheets alone are swapped in place.
    pub(crate) fn rebuilt(&self, paths: &[String], all: bool) {
        let generation = self.set_status(Vec::new());
        let css_only = !all && !paths.is_empty() && paths.iter().all(|p| p.ends_with(".css"));
        let data = serde_json::json!({ "generation": generation, "all": all, "paths": paths });
        self.broadcast(event(if css_only { "css" } else { "reload" }, &data));
    }

    /// A rebuild failed: every open page shows `errors` over its last good version.
    pub(crate) fn failed(&self, errors: &Errors) {
        let list: Vec<Error> = errors.iter().filter(|e| !e.is_warning()).cloned().collect();
        let data = serde_json::json!({ "errors": errors_json(&list) });
        if let Ok(mut s) = self.status.lock() {
            s.errors = list;
        }
        self.broadcast(event("errors", &data));
    }

    /// The errors of the last build, if it failed (for `/__samizdat/errors` and the status page).
    pub(crate) fn errors(&self) -> Vec<Error> {
        self.status
            .lock()
            .map(|s| s.errors.clone())
            .unwrap_or_default()
    }

    fn set_status(&self, errors: Vec<Error>) -> u64 {
        let Ok(mut s) = self.status.lock() else {
            return 0;
        };
        let cleared = !s.errors.is_empty();
        s.errors = errors;
        s.generation += 1;
        let g = s.generation;
        drop(s);
        if cleared {
            self.broadcast(event("ok", &serde_json::json!({})));
        }
        g
    }

    fn status_event(&self) -> String {
        let (generation, errors) = self
            .status
            .lock()
            .map(|s| (s.generation, s.errors.clone()))
            .unwrap_or_default();
        event(
            "status",
            &serde_json::json!({
                "generation": generation,
                "errors": errors_json(&errors),
            }),
        )
    }
}

fn event(name: &str, data: &serde_json::Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// `content/x.md:3:7`, the place of an error as editors understand it.
pub(crate) fn place(e: &Error) -> String {
    let mut s = e
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if let Some(l) = e.line {
        s.push_str(&format!(":{l}"));
        if let Some(c) = e.column {
            s.push_str(&format!(":{c}"));
        }
    }
    s
}

/// Errors as JSON for the overlay: place, message, hint. Text only; the script shows it as text.
pub(crate) fn errors_json(errors: &[Error]) -> serde_json::Value {
    errors
        .iter()
        .map(|e| {
            serde_json::json!({
                "place": place(e),
                "file": e.path.as_ref().map(|p| p.display().to_string()),
                "line": e.line,
                "column": e.column,
                "message": e.message,
                "hint": e.hint,
            })
        })
        .collect()
}

/// The page shown when there is no good build yet (and at `/__samizdat/`): the errors, escaped,
/// with the script that reloads it once they are fixed.
pub(crate) fn status_page(errors: &[Error]) -> String {
    let mut body = String::new();
    if errors.is_empty() {
        body.push_str("<p>The site builds without errors.</p>\n");
    } else {
        body.push_str(&format!(
            "<p>The site has {} error{}. Fix the file{} and this page reloads.</p>\n<ul>\n",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            if errors.len() == 1 { "" } else { "s" },
        ));
        for e in errors {
            body.push_str(&format!(
                "<li><code>{}</code><p>{}</p>{}</li>\n",
                escape_xml(&place(e)),
                escape_xml(&e.message),
                e.hint
                    .as_ref()
                    .map(|h| format!("<p class=\"samizdat-hint\">{}</p>", escape_xml(h)))
                    .unwrap_or_default()
            ));
        }
        body.push_str("</ul>\n");
    }
    shell(&body)
}

/// The page shown while the preview builds the site again because its folder was deleted (by
/// hand, or by a program that cleans temporary folders); it reloads once the site is back.
pub(crate) fn rebuilding_page() -> String {
    shell(
        "<p>The preview's files were deleted: the site is being built again. This page reloads \
         when it is ready.</p>\n",
    )
}

fn shell(body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>samizdat serve</title>\n<link rel=\"stylesheet\" href=\"/__samizdat/overlay.css\">\n\
         <script src=\"/__samizdat/live.js\" defer></script>\n</head>\n<body>\n\
         <h1>samizdat serve</h1>\n{body}</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_page_hears_the_current_errors_first() {
        let hub = Hub::default();
        let err = Error::input("bad <b>").at("content/x.md").line(3).col(7);
        hub.failed(&Errors::from(err));
        let rx = hub.subscribe();
        let first = rx.recv().unwrap();
        assert!(first.starts_with("event: status\n"), "{first}");
        assert!(first.contains("content/x.md:3:7"), "{first}");
        hub.rebuilt(&["/x/".to_string()], false);
        let mut got = Vec::new();
        while let Ok(m) = rx.try_recv() {
            got.push(m);
        }
        assert!(got.iter().any(|m| m.starts_with("event: ok")), "{got:?}");
        assert!(
            got.iter()
                .any(|m| m.starts_with("event: reload") && m.contains("\"/x/\""))
        );
        assert!(hub.errors().is_empty());
    }

    #[test]
    fn stylesheets_alone_are_swapped_not_reloaded() {
        let hub = Hub::default();
        let rx = hub.subscribe();
        let _ = rx.recv();
        hub.rebuilt(&["/style.css".to_string()], false);
        assert!(rx.recv().unwrap().starts_with("event: css"));
    }

    #[test]
    fn the_status_page_escapes_messages() {
        let page = status_page(&[Error::input("<script>x</script>").at("content/a.md")]);
        assert!(!page.contains("<script>x"), "{page}");
        assert!(page.contains("&lt;script&gt;"));
    }
}
