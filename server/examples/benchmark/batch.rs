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

/// A command to time over a file list: `program args... files...`. Exit codes up to `max_ok`
/// mean the tool ran (linters exit non-zero when they find something).
#[derive(Clone, Copy)]
pub struct Tool<'a> {
    pub program: &'a Path,
    pub args: &'a [&'a str],
    pub max_ok: i32,
}

/// Runs the tools in turn, one run each per round, for up to `repeat` rounds (fewer once the
/// rounds add up to more than `budget`), and keeps each tool's fastest run, the one least
/// disturbed by other load on the machine. Taking turns exposes every tool to the same drift
/// in that load, which running one tool's rounds after the other's did not. Output goes to
/// /dev/null.
pub fn run(tools: &[Tool<'_>], files: &[PathBuf], repeat: usize, budget: Duration) -> Result<Vec<BatchRun>, String> {
    let started = Instant::now();
    let mut best: Vec<Option<BatchRun>> = tools.iter().map(|_| None).collect();
    for round in 1..=repeat.max(1) {
        for (tool, best) in tools.iter().zip(&mut best) {
            let (wall, cores_busy) = time_once(tool, files)?;
            if best.as_ref().is_none_or(|best| wall < best.wall) {
                *best = Some(BatchRun { wall, cores_busy, runs: round });
            }
            if let Some(best) = best.as_mut() {
                best.runs = round;
            }
        }
        if started.elapsed() > budget {
            break;
        }
    }
    best.into_iter().map(|run| run.ok_or_else(|| "no run".to_owned())).collect()
}

/// One run of `tool`: its wall time and how many cores it kept busy.
fn time_once(tool: &Tool<'_>, files: &[PathBuf]) -> Result<(Duration, f64), String> {
    let cpu_before = children_cpu();
    let begin = Instant::now();
    let status = Command::new(tool.program)
        .args(tool.args)
        .args(files)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|error| format!("cannot run {}: {error}", tool.program.display()))?;
    let wall = begin.elapsed();
    let cpu = children_cpu().saturating_sub(cpu_before);
    match status.code() {
        Some(code) if (0..=tool.max_ok).contains(&code) => Ok((wall, cpu.as_secs_f64() / wall.as_secs_f64())),
        _ => Err(format!("{} {:?} failed: {status}", tool.program.display(), tool.args)),
    }
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
