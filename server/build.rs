//! Converts the catalogue (`catalogue/*.toml`, the files the team edits) to JSON for the
//! binary. Parsing the TOML was most of every command's start-up (about 6 of 10 ms before a
//! `check` could read its first file); the same data as JSON loads in less than half that.
//! A TOML syntax error stops the build here, with its file and line.

use std::path::{Path, PathBuf};

fn main() {
    let source = Path::new("catalogue");
    println!("cargo::rerun-if-changed={}", source.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let entries = std::fs::read_dir(source).unwrap_or_else(|error| panic!("{}: {error}", source.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|error| panic!("{}: {error}", source.display())).path();
        if path.extension().is_none_or(|extension| extension != "toml") {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let value: toml::Table = toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let json = serde_json::to_string(&value).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let name = path.file_name().expect("a file has a name").to_string_lossy().into_owned();
        let target = out.join(format!("{name}.json"));
        std::fs::write(&target, json).unwrap_or_else(|error| panic!("{}: {error}", target.display()));
    }
}
