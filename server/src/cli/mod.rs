//! The command line: `lsp` (the default), `check` and `explain`.

mod allocation;
mod check;
mod explain;
mod files;
mod location;
mod style;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::locale::{Level, Locale};

#[derive(Parser)]
#[command(
    name = "concurrency-tutor",
    version,
    about = "Teaches concurrency while you code: where each part of a Python or Rust program runs, and the pitfalls of each model."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Language Server Protocol on stdin and stdout (the default).
    Lsp,
    /// Report concurrency pitfalls in files and directories, like a linter.
    ///
    /// Directories are walked recursively, respecting .gitignore; .py, .pyi and .rs files are
    /// checked. Exit status: 0 when clean, 1 when warnings were found, 2 when some paths could
    /// not be checked.
    Check {
        /// Files or directories to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also list execution-model annotations (always present in JSON).
        #[arg(long)]
        models: bool,
        #[arg(long, value_enum, default_value_t = LanguageChoice::Auto)]
        lang: LanguageChoice,
        /// Skip (and report) files larger than this many bytes; 0 means no limit. The same
        /// limit as the language server's `maxFileSize` setting.
        #[arg(long, value_name = "BYTES", default_value_t = crate::lsp::config::DEFAULT_MAX_FILE_SIZE)]
        max_file_size: usize,
        /// Parse every file whole instead of only the parts that can have results. The output
        /// is the same either way; this is for checking exactly that, and for measuring.
        #[arg(long, hide = true)]
        whole_files: bool,
    },
    /// Print a file with its execution-model hints and pitfalls inline, as an editor shows them.
    ///
    /// Given a rule code such as CTP101 instead of a file, prints that rule's documentation.
    Explain {
        /// A .py, .pyi or .rs file, or a rule code.
        target: String,
        #[arg(long, value_enum, default_value_t = LanguageChoice::Auto)]
        lang: LanguageChoice,
        /// `beginner` adds an explanation under each hint; `expert` keeps to the labels.
        #[arg(long, value_enum, default_value_t = LevelChoice::Beginner)]
        level: LevelChoice,
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LanguageChoice {
    /// From LC_ALL, LC_MESSAGES or LANG.
    Auto,
    En,
    Ru,
}

#[derive(Clone, Copy, ValueEnum)]
enum LevelChoice {
    Beginner,
    Expert,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

impl LanguageChoice {
    fn locale(self) -> Locale {
        match self {
            LanguageChoice::Auto => Locale::from_environment(),
            LanguageChoice::En => Locale::En,
            LanguageChoice::Ru => Locale::Ru,
        }
    }
}

pub fn main() -> ExitCode {
    init_logging();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Lsp) {
        Command::Lsp => {
            allocation::parse_with_mimalloc();
            crate::lsp::run_stdio()
        }
        Command::Check { paths, format, models, lang, max_file_size, whole_files } => {
            let limit = (max_file_size > 0).then_some(max_file_size);
            allocation::parse_with_mimalloc();
            check::run(&paths, matches!(format, Format::Json), models, lang.locale(), limit, whole_files)
        }
        Command::Explain { target, lang, level, color } => {
            let level = match level {
                LevelChoice::Beginner => Level::Beginner,
                LevelChoice::Expert => Level::Expert,
            };
            let colored = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => style::stdout_wants_color(),
            };
            explain::run(&target, lang.locale(), level, colored)
        }
    }
}

/// Logs go to stderr only: in `lsp` mode stdout carries the protocol.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CONCURRENCY_TUTOR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(false).with_env_filter(filter).try_init();
}
