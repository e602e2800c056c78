//! The `concurrency-tutor` binary: the language server over stdio, and the `check` and
//! `explain` commands.

use std::process::ExitCode;

fn main() -> ExitCode {
    concurrency_tutor::cli::main()
}
