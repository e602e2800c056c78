//! Part 1: the whole-tree batch check, and ruff over the same Python files in the same run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One tool's best run over a file list.
pub struct BatchRun {
    pub wall: Duration,
    /// CPU time of the tool (user + system) divided by wall time: how many cores it kept busy.
    pub cores_busy: f64,
    pub runs: usize,
}

/// Runs `program args... files...` up to `repeat` times (fewer once the runs add up to more
/// than `budget`) and keeps the fastest, the run least disturbed by other load on the machine.
/// Output goes to /dev/null; exit codes up to `max_ok` mean the tool ran (linters exit non-zero
/// when they find something).
pub fn run(
    program: &Path,
    args: &[&str],
    files: &[PathBuf],
    max_ok: i32,
    repeat: usize,
    budget: Duration,
) -> Result<BatchRun, String> {
    let started = Instant::now();
    let mut best: Option<BatchRun> = None;
    for run in 1..=repeat.max(1) {
        let cpu_before = children_cpu();
        let begin = Instant::now();
        let status = Command::new(program)
            .args(args)
            .args(files)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|error| format!("cannot run {}: {error}", program.display()))?;
        let wall = begin.elapsed();
        let cpu = children_cpu().saturating_sub(cpu_before);
        match status.code() {
            Some(code) if (0..=max_ok).contains(&code) => {}
            _ => return Err(format!("{} {args:?} failed: {status}", program.display())),
        }
        if best.as_ref().is_none_or(|best| wall < best.wall) {
            best = Some(BatchRun { wall, cores_busy: cpu.as_secs_f64() / wall.as_secs_f64(), runs: run });
        }
        if let Some(best) = best.as_mut() {
            best.runs = run;
        }
        if started.elapsed() > budget {
            break;
        }
    }
    best.ok_or_else(|| "no run".to_owned())
}

/// CPU time used by this process's waited-for children, from /proc/self/stat (`cutime` and
/// `cstime`, in clock ticks of 1/100 s, which is what Linux reports on every architecture).
fn children_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return Duration::ZERO };
    // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
    let Some(rest) = stat.rsplit_once(')').map(|(_, rest)| rest) else { return Duration::ZERO };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = [13, 14].iter().filter_map(|&index| fields.get(index)?.parse::<u64>().ok()).sum();
    Duration::from_millis(ticks * 10)
}

/// Total size of the files, in bytes.
pub fn total_bytes(files: &[PathBuf]) -> u64 {
    files.iter().filter_map(|path| std::fs::metadata(path).ok()).map(|meta| meta.len()).sum()
}
