//! Command-line parsing by hand, without clap: flags, options with values,
//! positional arguments and a usage message. Nothing here runs concurrently;
//! `--threads` and `--parallel` are only settings stored for later.

use std::env;
use std::process::ExitCode;

const USAGE: &str = "usage: pack [--threads N] [--parallel] [--level 0-9] [-v]... <input>... -o <output>";

#[derive(Debug, Default)]
struct Options {
    threads: usize,
    parallel: bool,
    level: u8,
    verbosity: u8,
    inputs: Vec<String>,
    output: Option<String>,
}

#[derive(Debug)]
enum ArgError {
    MissingValue(&'static str),
    BadNumber(String, String),
    Unknown(String),
    NoInputs,
}

fn number<T: std::str::FromStr>(flag: &'static str, value: Option<String>) -> Result<T, ArgError> {
    let value = value.ok_or(ArgError::MissingValue(flag))?;
    value.parse().map_err(|_| ArgError::BadNumber(flag.to_string(), value))
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, ArgError> {
    let mut opts = Options { threads: 1, level: 6, ..Options::default() };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" | "-j" => opts.threads = number("--threads", args.next())?,
            "--parallel" => opts.parallel = true,
            "--level" => opts.level = number::<u8>("--level", args.next())?.min(9),
            "-o" | "--output" => opts.output = Some(args.next().ok_or(ArgError::MissingValue("-o"))?),
            s if s.starts_with("-v") && s[1..].chars().all(|c| c == 'v') => {
                opts.verbosity += (s.len() - 1) as u8;
            }
            s if s.starts_with('-') => return Err(ArgError::Unknown(s.to_string())),
            other => opts.inputs.push(other.to_string()),
        }
    }
    if opts.inputs.is_empty() {
        return Err(ArgError::NoInputs);
    }
    Ok(opts)
}

fn main() -> ExitCode {
    match parse(env::args().skip(1)) {
        Ok(opts) => {
            if opts.verbosity > 0 {
                eprintln!("{opts:#?}");
            }
            let mode = if opts.parallel { "parallel" } else { "sequential" };
            println!(
                "would pack {} file(s) at level {} in {mode} mode with {} thread(s) into {}",
                opts.inputs.len(),
                opts.level,
                opts.threads,
                opts.output.as_deref().unwrap_or("out.pack")
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:?}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
