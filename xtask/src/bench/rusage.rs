//! `bench-rusage`: runs a command and reports the peak memory and CPU time
//! of everything it waited for (getrusage of the children).

use super::*;

/// Resource use of the waited-for descendants of this process.
pub(super) struct ChildUsage {
    max_rss_kib: u64,
    cpu_secs: f64,
}

#[cfg(unix)]
pub(super) fn children_usage() -> Option<ChildUsage> {
    // SAFETY: `rusage` is plain old data, for which all-zero bytes are a valid
    // value; getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let secs = |t: &libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (rc == 0).then(|| ChildUsage {
        // Linux reports ru_maxrss in KiB.
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        cpu_secs: secs(&usage.ru_utime) + secs(&usage.ru_stime),
    })
}

#[cfg(not(unix))]
pub(super) fn children_usage() -> Option<ChildUsage> {
    None
}

/// `xtask bench-rusage CMD [ARGS...]`: runs the command and prints, on stderr,
/// its wall time, CPU time and the largest peak resident memory of any process
/// it (or its descendants) waited for: for `cargo build`, the biggest rustc.
pub fn rusage_cmd(args: &[String]) -> ExitCode {
    let Some((program, rest)) = args.split_first() else {
        return crate::usage_error("bench-rusage needs a command");
    };
    let started = Instant::now();
    let status = match Command::new(program).args(rest).status() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot run {program}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let wall = started.elapsed().as_secs_f64();
    let (rss, cpu) = match children_usage() {
        Some(u) => (u.max_rss_kib.to_string(), format!("{:.3}", u.cpu_secs)),
        None => ("unknown".to_owned(), "unknown".to_owned()),
    };
    eprintln!("xtask-rusage: wall_s={wall:.3} cpu_s={cpu} max_rss_kib={rss}");
    match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}
