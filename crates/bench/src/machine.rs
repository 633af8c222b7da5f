//! What the figures were measured on: process memory, CPU and the source revision.

use std::process::Command;

use serde::Serialize;

/// Resident memory of this process from `/proc/self/status`, in MiB; `None` off Linux.
#[derive(Debug, Clone, Serialize)]
pub struct Memory {
    /// `VmHWM`: peak resident set size so far.
    pub peak_rss_mib: Option<f64>,
    /// `VmRSS`: resident set size now.
    pub rss_mib: Option<f64>,
}

pub fn memory() -> Memory {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: f64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024.0)
    };
    Memory {
        peak_rss_mib: field("VmHWM:"),
        rss_mib: field("VmRSS:"),
    }
}

/// CPU time (user + system) this process has used so far, all threads, in seconds, from
/// `/proc/self/stat` (clock ticks of 1/100 s, Linux's USER_HZ); `None` off Linux.
///
/// Unlike wall time it barely moves when other processes share the cores, so answers per
/// CPU-second compare runs made at different loads.
pub fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces:
    // state is field 3, utime 14 and stime 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// Threads this process may run in parallel (`nproc`).
    pub nproc: usize,
    pub cpu_model: Option<String>,
    pub os: String,
    pub kernel: Option<String>,
    /// `/proc/loadavg` (1, 5, 15 minutes) when the run started: above 0.5 or so, other
    /// processes shared the CPU and the figures are pessimistic.
    pub load_average: Option<[f64; 3]>,
    /// `release` or `debug`: debug figures are not comparable.
    pub build_profile: &'static str,
    pub git_commit: Option<String>,
    /// Whether the work tree had uncommitted changes.
    pub git_dirty: Option<bool>,
}

pub fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .ok()
        .map(|s| s.trim().to_string());
    let load_average = std::fs::read_to_string("/proc/loadavg").ok().and_then(|s| {
        let v: Vec<f64> = s
            .split_whitespace()
            .take(3)
            .filter_map(|x| x.parse().ok())
            .collect();
        <[f64; 3]>::try_from(v).ok()
    });
    Machine {
        load_average,
        nproc: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model,
        os: format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
        kernel,
        build_profile: if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        git_commit: git(&["rev-parse", "HEAD"]),
        git_dirty: git(&["status", "--porcelain"]).map(|s| !s.is_empty()),
    }
}

/// A git command in this crate's source tree; `None` when git or the repository is absent.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
