//! The supervisor: runs each case in a worker process of its own (this test binary, started
//! again on `fuzz::worker`), so that a case that exhausts memory, overflows its stack or hangs
//! is caught, named and killed without taking the test run with it.
//!
//! Each worker runs under an address-space limit (`prlimit --as`, or `ulimit -v` without it) and
//! a watchdog: past the timeout it is killed and the case is reported as a hang, with the phase
//! it hung in. This is a hang detector, not a timing test: the timeout is many times what a case
//! takes. The worker writes its mutation log, phases and findings to a report file line by line,
//! so a killed worker still tells what it was doing.

use super::case::Finding;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Config {
    /// Seeds to run, in order; with `until` and `max`, seeds from `first` on.
    pub seeds: Vec<u64>,
    pub first: u64,
    pub max: Option<u64>,
    pub until: Option<Instant>,
    pub jobs: usize,
    pub timeout: Duration,
    pub mem_mb: u64,
    /// Run the real binary too on every n-th case (0: never).
    pub binary_every: u64,
    /// Where failing cases are kept (the site folder, the report, the worker's output).
    pub save: Option<PathBuf>,
    /// Findings these patterns cover (see [`ignores`]) are counted apart, not as failures.
    pub ignore: Vec<String>,
    /// Where case folders are made.
    pub work: PathBuf,
    pub keep_all: bool,
    pub progress: bool,
}

#[derive(Debug, Clone)]
pub struct CaseResult {
    pub seed: u64,
    pub log: Vec<String>,
    pub findings: Vec<Finding>,
    pub ignored: Vec<Finding>,
    pub notes: Vec<String>,
    pub dir: PathBuf,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub ran: u64,
    pub failed: Vec<CaseResult>,
    /// Signature -> (cases, first seeds).
    pub by_sig: BTreeMap<String, (u64, Vec<u64>)>,
    /// Signature -> cases, of the findings the ignore patterns cover.
    pub ignored: BTreeMap<String, u64>,
    /// Ignore pattern -> cases with a finding it covers.
    pub pattern_hits: BTreeMap<String, u64>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn text(&self) -> String {
        let mut s = format!(
            "fuzz: {} cases in {:.1} s: {} without a failure, {} failed\n",
            self.ran,
            self.elapsed.as_secs_f64(),
            self.ran - self.failed.len() as u64,
            self.failed.len()
        );
        for (sig, (n, seeds)) in &self.by_sig {
            let seeds: Vec<String> = seeds.iter().map(u64::to_string).collect();
            s.push_str(&format!("  {n:5}  {sig}   (seeds {})\n", seeds.join(", ")));
        }
        for (sig, n) in &self.ignored {
            s.push_str(&format!("  {n:5}  ignored: {sig}\n"));
        }
        s
    }
}

struct Running {
    seed: u64,
    child: Child,
    started: Instant,
    dir: PathBuf,
    report: PathBuf,
    output: PathBuf,
}

fn has_prlimit() -> bool {
    Command::new("prlimit")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn spawn(cfg: &Config, seed: u64, prlimit: bool) -> std::io::Result<Running> {
    let dir = cfg.work.join(format!("case-{seed}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let report = cfg.work.join(format!("case-{seed}.report"));
    let output = cfg.work.join(format!("case-{seed}.output"));
    let exe = std::env::current_exe()?;
    let limit = cfg.mem_mb * 1024 * 1024;
    let mut cmd = if prlimit {
        let mut c = Command::new("prlimit");
        c.arg(format!("--as={limit}")).arg("--").arg(&exe);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", limit / 1024))
            .arg(&exe);
        c
    };
    let binary = cfg.binary_every > 0 && seed.is_multiple_of(cfg.binary_every);
    let out = std::fs::File::create(&output)?;
    let child = cmd
        .args([
            "--exact",
            "fuzz::worker",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .env("SAMIZDAT_FUZZ_WORKER", seed.to_string())
        .env("SAMIZDAT_FUZZ_DIR", &dir)
        .env("SAMIZDAT_FUZZ_REPORT", &report)
        .env("SAMIZDAT_FUZZ_BINARY", if binary { "1" } else { "0" })
        // glibc reserves 64 MB of address space per thread arena; keep the limit for the heap.
        .env("MALLOC_ARENA_MAX", "2")
        .env("RAYON_NUM_THREADS", "2")
        .env("SAMIZDAT_FUZZ_TIMEOUT", cfg.timeout.as_secs().to_string())
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        .spawn()?;
    Ok(Running {
        seed,
        child,
        started: Instant::now(),
        dir,
        report,
        output,
    })
}

/// The report's lines, and the worker's own output, read back into a result.
fn finish(cfg: &Config, r: Running, status: Option<std::process::ExitStatus>) -> CaseResult {
    let text = std::fs::read_to_string(&r.report).unwrap_or_default();
    let output = std::fs::read_to_string(&r.output).unwrap_or_default();
    let mut log = Vec::new();
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    let mut phase = "setup".to_string();
    let mut done = false;
    for line in text.lines() {
        let (kind, rest) = line.split_once('\t').unwrap_or((line, ""));
        match kind {
            "log" => log.push(rest.to_string()),
            "phase" => phase = rest.to_string(),
            "note" => notes.push(rest.to_string()),
            "done" => done = true,
            "finding" => {
                let (sig, detail) = rest.split_once('\u{1F}').unwrap_or((rest, ""));
                findings.push(Finding {
                    sig: sig.to_string(),
                    detail: detail.to_string(),
                });
            }
            _ => {}
        }
    }
    let tail: String = output
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("running ") && !l.starts_with("test "))
        .take(6)
        .collect::<Vec<_>>()
        .join(" | ");
    if !done {
        let finding = match status {
            None => Finding {
                sig: format!("hang in {phase} (killed after {} s)", cfg.timeout.as_secs()),
                detail: tail.clone(),
            },
            Some(st) => {
                use std::os::unix::process::ExitStatusExt;
                let what = if output.contains("memory allocation of") {
                    format!("out of memory in {phase} (limit {} MB)", cfg.mem_mb)
                } else if output.contains("has overflowed its stack") {
                    format!("stack overflow in {phase}")
                } else if let Some(sig) = st.signal() {
                    format!("crash (signal {sig}) in {phase}")
                } else {
                    format!("worker exited {:?} in {phase}", st.code())
                };
                Finding {
                    sig: what,
                    detail: tail.clone(),
                }
            }
        };
        findings.push(finding);
    }
    let (ignored, findings): (Vec<Finding>, Vec<Finding>) = findings
        .into_iter()
        .partition(|f| cfg.ignore.iter().any(|i| ignores(i, f)));
    CaseResult {
        seed: r.seed,
        log,
        findings,
        ignored,
        notes,
        dir: r.dir,
    }
}

/// Whether the ignore pattern `pat` covers `f`: `SIG` matches a signature exactly, `SIG*` its
/// start; `@TEXT` after either also asks for TEXT in the finding's detail, `@TEXT$` for a
/// detail that ends with it (`leak: *@/zqkanarydraft/extra.txt$`).
pub fn ignores(pat: &str, f: &Finding) -> bool {
    let (sig, detail) = pat.split_once('@').unwrap_or((pat, ""));
    let sig_ok = match sig.strip_suffix('*') {
        Some(prefix) => f.sig.starts_with(prefix),
        None => f.sig == sig,
    };
    let detail_ok = match detail.strip_suffix('$') {
        Some(end) => f.detail.ends_with(end),
        None => f.detail.contains(detail),
    };
    !pat.is_empty() && sig_ok && detail_ok
}

/// Kills a worker that hangs. Only the worker: a binary it started is bounded by `timeout`
/// of its own (see `case`), so nothing is left running.
fn kill_worker(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Keeps a failing case: the case folder, its report, the worker's output and a README.
fn save(cfg: &Config, res: &CaseResult, report: &Path, output: &Path) {
    let Some(root) = &cfg.save else {
        return;
    };
    let to = root.join(format!("seed-{}", res.seed));
    let _ = std::fs::remove_dir_all(&to);
    let _ = std::fs::create_dir_all(root);
    if std::fs::rename(&res.dir, &to).is_err() {
        let _ = std::fs::create_dir_all(&to);
    }
    let _ = std::fs::copy(report, to.join("report.txt"));
    let _ = std::fs::copy(output, to.join("worker-output.txt"));
    let mut readme = format!(
        "Fuzz case {seed}: replay with\n\n    SAMIZDAT_FUZZ_SEED={seed} cargo test --release --test it fuzz::fixed_seeds -- --nocapture\n\nor build site/ here with `samizdat build`.\n\nMutations:\n",
        seed = res.seed
    );
    for l in &res.log {
        readme.push_str(&format!("  - {l}\n"));
    }
    readme.push_str("\nFindings:\n");
    for f in &res.findings {
        readme.push_str(&format!("  - {}\n      {}\n", f.sig, f.detail));
    }
    let _ = std::fs::write(to.join("README.txt"), readme);
}

fn next_seed(cfg: &Config, i: &mut u64) -> Option<u64> {
    if (*i as usize) < cfg.seeds.len() {
        let s = cfg.seeds[*i as usize];
        *i += 1;
        return Some(s);
    }
    if !cfg.seeds.is_empty() {
        return None;
    }
    if cfg.max.is_some_and(|m| *i >= m) || cfg.until.is_some_and(|u| Instant::now() >= u) {
        return None;
    }
    if cfg.max.is_none() && cfg.until.is_none() {
        return None;
    }
    let s = cfg.first.wrapping_add(*i);
    *i += 1;
    Some(s)
}

/// Runs the cases `cfg` asks for, `cfg.jobs` at a time.
pub fn run(cfg: &Config) -> Summary {
    let started = Instant::now();
    let _ = std::fs::create_dir_all(&cfg.work);
    let prlimit = has_prlimit();
    let mut summary = Summary::default();
    let mut running: Vec<Running> = Vec::new();
    let mut i = 0u64;
    let mut exhausted = false;
    loop {
        while !exhausted && running.len() < cfg.jobs.max(1) {
            match next_seed(cfg, &mut i) {
                Some(seed) => match spawn(cfg, seed, prlimit) {
                    Ok(r) => running.push(r),
                    Err(e) => panic!("cannot start a fuzz worker: {e}"),
                },
                None => exhausted = true,
            }
        }
        if running.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
        let mut k = 0;
        while k < running.len() {
            let status = match running[k].child.try_wait() {
                Ok(Some(st)) => Some(Some(st)),
                Ok(None) if running[k].started.elapsed() > cfg.timeout => {
                    kill_worker(&mut running[k].child);
                    Some(None)
                }
                Ok(None) => None,
                Err(_) => Some(None),
            };
            let Some(status) = status else {
                k += 1;
                continue;
            };
            let r = running.swap_remove(k);
            let (report, output) = (r.report.clone(), r.output.clone());
            let res = finish(cfg, r, status);
            summary.ran += 1;
            let mut ignored: Vec<&String> = res.ignored.iter().map(|f| &f.sig).collect();
            ignored.sort();
            ignored.dedup();
            for sig in ignored {
                *summary.ignored.entry(sig.clone()).or_default() += 1;
            }
            for pat in &cfg.ignore {
                if res.ignored.iter().any(|f| ignores(pat, f)) {
                    *summary.pattern_hits.entry(pat.clone()).or_default() += 1;
                }
            }
            let mut sigs: Vec<&String> = res.findings.iter().map(|f| &f.sig).collect();
            sigs.sort();
            sigs.dedup();
            for sig in sigs {
                let e = summary.by_sig.entry(sig.clone()).or_default();
                e.0 += 1;
                if e.1.len() < 5 {
                    e.1.push(res.seed);
                }
            }
            if cfg.progress && summary.ran % 25 == 0 {
                eprintln!(
                    "fuzz: {} cases, {} failed, {:.0} s",
                    summary.ran,
                    summary.failed.len() + usize::from(!res.findings.is_empty()),
                    started.elapsed().as_secs_f64()
                );
            }
            if !res.findings.is_empty() {
                save(cfg, &res, &report, &output);
                summary.failed.push(res.clone());
            }
            if !cfg.keep_all {
                let _ = std::fs::remove_dir_all(&res.dir);
                let _ = std::fs::remove_file(&report);
                let _ = std::fs::remove_file(&output);
            }
        }
    }
    summary.elapsed = started.elapsed();
    summary
}

/// A failing case as a person reads it: seed, how to replay it, mutations, findings.
pub fn describe(res: &CaseResult) -> String {
    let mut s = format!(
        "seed {seed} (replay: SAMIZDAT_FUZZ_SEED={seed} cargo test --release --test it fuzz::fixed_seeds -- --nocapture)\n  mutations:\n",
        seed = res.seed
    );
    for l in &res.log {
        s.push_str(&format!("    - {l}\n"));
    }
    for n in &res.notes {
        s.push_str(&format!("    (note: {n})\n"));
    }
    s.push_str("  findings:\n");
    for f in &res.findings {
        let d: String = f.detail.chars().take(300).collect();
        s.push_str(&format!("    - {}\n        {d}\n", f.sig));
    }
    s
}
