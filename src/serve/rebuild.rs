//! The rebuilding thread: waits for changes, brings the watches up to date before anything is
//! read, and rebuilds, in place when it can and into a new folder when it must (a change of
//! everything, the served folder deleted by hand, an update that could not finish).
//!
//! Two things make a build fail without anyone's mistake, and neither is shown as an error:
//! - a file gone between the moment the build listed it and the moment it read it (deleted,
//!   or its folder renamed): the build is tried again ([`raced`]);
//! - a file still being written by an editor that saves in place: a failed build whose errors
//!   are followed, within [`SETTLE`], by another change of the site is done again with that
//!   change instead. Only a failure the files stay quiet after is shown.
//!
//! Only changes count: the build's own reading of the files (access events) and the names the
//! build ignores wake the thread but never start a build, so nothing the preview does makes it
//! build again.

use super::served::Folders;
use super::site::{Changes, Outcome, Site};
use super::{Notice, Signal, http, watch};
use crate::build::BuildOptions;
use crate::error::{Error, ErrorKind, Errors};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How many times a build is tried again when files it was reading vanished under it.
const RACE_RETRIES: usize = 3;

/// How long the files must stay quiet after a failed build before its errors are shown: more
/// than twice the watcher's own wait ([`watch::DEBOUNCE`]).
const SETTLE: Duration = Duration::from_millis(50);

/// The rebuilding thread's state: the site as last built, the watcher, and the server it feeds.
pub(crate) struct Preview {
    opts: BuildOptions,
    folders: Arc<Folders>,
    watcher: watch::Watcher,
    site: Option<Site>,
    /// The last full build failed: the next change builds everything again.
    needs_full: bool,
    shared: Arc<http::Shared>,
}

impl Preview {
    pub(crate) fn new(
        opts: BuildOptions,
        folders: Arc<Folders>,
        watcher: watch::Watcher,
        shared: Arc<http::Shared>,
    ) -> Preview {
        Preview {
            opts,
            folders,
            watcher,
            site: None,
            needs_full: true,
            shared,
        }
    }

    /// The first build (with progress shown), its errors shown whatever comes next.
    pub(crate) fn first_build(&mut self, notify: &mut dyn FnMut(Notice)) {
        self.opts.progress = true;
        if let Err(errors) = self.rebuild(&Changes::default(), true, notify) {
            self.failed(errors, notify);
        }
        self.opts.progress = false;
    }

    /// Rebuilds on every change until the watcher stops.
    pub(crate) fn run(
        &mut self,
        rx: &Receiver<Signal>,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<(), Errors> {
        let mut next: Option<Changes> = None;
        loop {
            let (changes, asked) = match next.take() {
                Some(c) => (c, Vec::new()),
                None => {
                    let (batch, asked) = next_batch(rx)?;
                    (self.sort(&batch, notify), asked)
                }
            };
            // The served folder deleted by hand (noticed by a request, or now): built again.
            let gone = self.site.as_ref().is_some_and(|s| !s.is_whole());
            if (!changes.is_empty() || gone)
                && let Err(errors) = self.rebuild(&changes, gone, notify)
            {
                match self.more_changes(rx, notify)? {
                    Some(more) => next = Some(merge(changes, more)),
                    None => self.failed(errors, notify),
                }
            }
            // Files asked for are rendered after the changes that came with them.
            self.render_asked(asked, notify);
        }
    }

    /// Renders the out-of-date files requests wait for, and tells them.
    fn render_asked(&mut self, asked: Vec<Asked>, notify: &mut dyn FnMut(Notice)) {
        if asked.is_empty() {
            return;
        }
        let rels: Vec<String> = asked.iter().map(|(r, _)| r.clone()).collect();
        if let Some(site) = self.site.as_mut()
            && let Err(errors) = site.render_stale(&rels)
        {
            self.failed(errors, notify);
        }
        for (_, done) in asked {
            let _ = done.send(());
        }
    }

    /// What a batch of events changed, after the watches are brought up to date (before the
    /// build reads anything: a file created after this is an event of its own).
    fn sort(&mut self, batch: &watch::Batch, notify: &mut dyn FnMut(Notice)) -> Changes {
        for problem in self.watcher.settle(batch) {
            notify(Notice::Watching { problem });
        }
        let session = self.folders.dir();
        let paths = batch
            .paths
            .iter()
            .filter(|p| !p.starts_with(session))
            .map(PathBuf::as_path);
        let site = self.site.as_ref();
        let mut changes = watch::classify(
            &self.opts.root,
            paths,
            site.map(Site::config),
            site.map(Site::theme),
            site.map(Site::out),
        );
        changes.everything |= batch.rescan;
        changes
    }

    /// After a failed build: the next change of the site, if one comes within [`SETTLE`].
    fn more_changes(
        &mut self,
        rx: &Receiver<Signal>,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<Option<Changes>, Errors> {
        let deadline = Instant::now() + SETTLE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let mut batch = watch::Batch::default();
            match rx.recv_timeout(left) {
                Ok(Signal::Files(r)) => batch.add(r),
                Ok(Signal::Lost) => {}
                // The last good site's files: a request waits for them, not for the fix.
                Ok(Signal::Render { rel, done }) => self.render_asked(vec![(rel, done)], notify),
                Err(RecvTimeoutError::Timeout) => return Ok(None),
                Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
            }
            let changes = self.sort(&batch, notify);
            if !changes.is_empty() {
                return Ok(Some(changes));
            }
        }
    }

    /// Brings the served site up to date with `changes`; `gone` when the served folder must be
    /// replaced whatever changed. Returns the errors of a failed build, for [`Preview::failed`].
    fn rebuild(
        &mut self,
        changes: &Changes,
        gone: bool,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<(), Errors> {
        let started = Instant::now();
        let mut full = gone || self.needs_full || changes.everything || self.site.is_none();
        let mut retries = 0;
        loop {
            let result = if full {
                self.full(started, notify)
            } else {
                self.update(changes, started, notify)
            };
            let Err(errors) = result else { return Ok(()) };
            if !full && self.site.as_ref().is_some_and(|s| !s.is_whole()) {
                // The served folder cannot be updated in place any more: build it anew.
                full = true;
                continue;
            }
            if retries < RACE_RETRIES && raced(&self.opts.root, &errors) {
                retries += 1;
                continue;
            }
            self.needs_full |= full;
            return Err(errors);
        }
    }

    /// Shows the errors of a failed build over the last good pages.
    fn failed(&mut self, errors: Errors, notify: &mut dyn FnMut(Notice)) {
        self.shared.hub.failed(&errors);
        notify(Notice::Failed {
            errors,
            first: self.site.is_none(),
        });
    }

    /// An update of the served folder in place, for what `changes` touch.
    fn update(
        &mut self,
        changes: &Changes,
        started: Instant,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<(), Errors> {
        let Some(s) = self.site.as_mut() else {
            return Ok(());
        };
        match s.update(changes) {
            Outcome::Rebuilt {
                paths,
                all,
                how,
                warnings,
            } => {
                // A content change may have built everything into a new folder.
                self.shared.serve(s.served().clone());
                self.shared.hub.rebuilt(&paths, all);
                notify(Notice::Built {
                    how: how.to_string(),
                    paths,
                    files: None,
                    elapsed: started.elapsed(),
                    warnings,
                });
                Ok(())
            }
            Outcome::Failed(errors) => Err(errors),
        }
    }

    /// A full build into a new folder, served once complete.
    fn full(&mut self, started: Instant, notify: &mut dyn FnMut(Notice)) -> Result<(), Errors> {
        let (s, files) = Site::build(&self.opts, &self.folders)?;
        self.shared.serve(s.served().clone());
        let warnings = s.warnings().clone();
        // The old site's folder goes when its last reader is done with it.
        self.site = Some(s);
        self.needs_full = false;
        self.shared.hub.rebuilt(&[], true);
        notify(Notice::Built {
            how: "every page".into(),
            paths: Vec::new(),
            files: Some(files),
            elapsed: started.elapsed(),
            warnings,
        });
        Ok(())
    }
}

fn merge(mut into: Changes, from: Changes) -> Changes {
    into.everything |= from.everything;
    into.content.extend(from.content);
    into.statics.extend(from.statics);
    into
}

fn stopped() -> Errors {
    Error::usage("the file watcher stopped").into()
}

/// Whether `errors` come from files that changed while they were read: a file that was there
/// when the build listed it and is gone when it read it. Built again, such a build succeeds (or
/// fails for a real reason); shown, it would be an error that no edit caused.
fn raced(root: &Path, errors: &Errors) -> bool {
    errors.iter().any(|e| {
        let unreadable = e.kind == ErrorKind::Io || e.message.starts_with("cannot read");
        unreadable
            && !e.is_warning()
            && e.path
                .as_ref()
                .is_some_and(|p| std::fs::symlink_metadata(root.join(p)).is_err())
    })
}

/// A request waiting for an out-of-date file (path inside the served folder) to be rendered.
type Asked = (String, Sender<()>);

/// Waits for the next signals and takes every one already waiting. A request that found the
/// served folder gone only wakes the loop, which sees the folder is gone.
fn next_batch(rx: &Receiver<Signal>) -> Result<(watch::Batch, Vec<Asked>), Errors> {
    let first = rx.recv().map_err(|_| stopped())?;
    let mut batch = watch::Batch::default();
    let mut asked = Vec::new();
    let mut take = |s: Signal| match s {
        Signal::Files(r) => batch.add(r),
        Signal::Render { rel, done } => asked.push((rel, done)),
        Signal::Lost => {}
    };
    take(first);
    while let Ok(more) = rx.try_recv() {
        take(more);
    }
    Ok((batch, asked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_at_a_file_gone_since_is_a_race_not_a_mistake() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("content")).unwrap();
        std::fs::write(d.path().join("content/here.md"), "x").unwrap();
        let gone = std::io::Error::from(std::io::ErrorKind::NotFound);
        let raced_at = |e: Error| raced(d.path(), &Errors::from(e));
        assert!(raced_at(Error::io("content/gone.md", &gone)));
        assert!(raced_at(
            Error::input("cannot read: no such file").at("content/gone")
        ));
        // A file that is there, or a mistake in a file's text, is for the user to see.
        assert!(!raced_at(Error::io("content/here.md", &gone)));
        assert!(!raced_at(
            Error::input("unknown key `dat`").at("content/gone.md")
        ));
        assert!(!raced_at(Error::io(
            d.path().join("content/here.md"),
            &gone
        )));
    }
}
