//! The performance benchmark: the batch check against ruff, editor latency (against
//! `ruff server` where both apply), edit cost against file size, memory and start-up. Prints one
//! Markdown table per part, each number beside its target with PASS or MISS.
//!
//! `tests/bench/run.sh` builds everything, installs the pinned ruff and finds the inputs; run
//! this directly to choose them:
//!
//! ```sh
//! cargo run --release --example benchmark -- --server target/release/concurrency-tutor \
//!     --ruff ~/.cache/concurrency-tutor/ruff-0.17.5/bin/ruff --python /usr/lib/python3.11 \
//!     --rust ~/.cargo/registry/src
//! ```

mod batch;
mod client;
mod editor;
mod inputs;
mod profile;
mod run;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

#[derive(Parser)]
#[command(about = "Benchmarks concurrency-tutor (batch, editor latency, memory, start-up), side by side with ruff")]
struct Args {
    /// The concurrency-tutor binary (a release build).
    #[arg(long)]
    server: PathBuf,
    /// The ruff binary to compare with; without it only concurrency-tutor is measured.
    #[arg(long)]
    ruff: Option<PathBuf>,
    /// Folders (or files) of Python sources; `site-packages` folders are skipped.
    #[arg(long, required = true, num_args = 1..)]
    python: Vec<PathBuf>,
    /// Folders (or files) of Rust sources.
    #[arg(long, required = true, num_args = 1..)]
    rust: Vec<PathBuf>,
    /// Edits per file (half typed, half undone).
    #[arg(long, default_value_t = 200)]
    edits: usize,
    /// Hover and inlay-hint requests per file and kind.
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// Times each large file is opened to time open → diagnostics.
    #[arg(long, default_value_t = 5)]
    opens: usize,
    /// Lines of the large files of part 2.
    #[arg(long, default_value_t = 10_000)]
    large_lines: usize,
    /// File sizes (lines) of part 3.
    #[arg(long, value_delimiter = ',', default_values_t = [1_000, 10_000, 50_000])]
    sizes: Vec<usize>,
    /// Files open at once for the memory measurement.
    #[arg(long, default_value_t = 200)]
    open_files: usize,
    /// Server starts for the start-up time.
    #[arg(long, default_value_t = 10)]
    starts: usize,
    /// Batch runs per tool, the tools taking turns (the fastest is kept).
    #[arg(long, default_value_t = 5)]
    batch_repeat: usize,
    /// Seconds after which one measurement stops taking samples (its sample count is shown).
    #[arg(long, default_value_t = 60)]
    budget_secs: u64,
    /// Which parts to run (1 batch, 2 editor latency, 3 edit cost against size, 4 memory and
    /// start-up), for a quicker look at one of them; 5 (not run by default) times each step of
    /// an edit inside this process.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 2, 3, 4])]
    parts: Vec<u8>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // The servers run in a scratch folder, so relative paths would no longer point at them.
    let absolute = |path: PathBuf| std::path::absolute(&path).unwrap_or(path);
    let config = run::Config {
        server: absolute(args.server),
        ruff: args.ruff.map(absolute),
        python: args.python,
        rust: args.rust,
        work: run::default_work_dir(),
        edits: args.edits,
        queries: args.queries,
        opens: args.opens,
        large_lines: args.large_lines,
        sizes: args.sizes,
        open_files: args.open_files,
        starts: args.starts,
        batch_repeat: args.batch_repeat,
        budget: Duration::from_secs(args.budget_secs),
        parts: args.parts,
    };
    let result = run::run(&config, |table| println!("{}", table.render()));
    let _ = std::fs::remove_dir_all(&config.work);
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("benchmark: {error}");
            ExitCode::FAILURE
        }
    }
}
