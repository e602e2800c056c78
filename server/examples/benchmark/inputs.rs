//! The benchmark's inputs: real files found on the machine, and large files made from them.
//!
//! No real Python or Rust source on a typical machine reaches 50,000 lines (the standard
//! library's longest code file has about 6,000), so a file of N lines is made by putting real
//! files one after another, those with the most concurrency names first, and cutting the
//! result at the first top-level item at or after line N; the cut never splits an item.
//! Distinct files, not one file repeated: copies of one file define every name several times,
//! which no real module does (and which Rust rejects), and tie each copy to all the others.

use std::path::{Path, PathBuf};

use concurrency_tutor::analysis::{Language, SourceFile};

use crate::client::Encoding;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Python,
    Rust,
}

impl Lang {
    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "Python",
            Lang::Rust => "Rust",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Rust => "rust",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Lang::Python => "py",
            Lang::Rust => "rs",
        }
    }

    fn comment(self) -> &'static str {
        match self {
            Lang::Python => "#",
            Lang::Rust => "//",
        }
    }

    /// Names the hover is asked about: concurrency APIs, modules and keywords the catalogue
    /// explains, as they occur in real code.
    fn hover_words(self) -> &'static [&'static str] {
        match self {
            Lang::Python => &[
                "asyncio",
                "threading",
                "multiprocessing",
                "Thread",
                "Process",
                "Pool",
                "ThreadPoolExecutor",
                "ProcessPoolExecutor",
                "Lock",
                "Queue",
                "Event",
                "gather",
                "create_task",
                "submit",
                "async",
                "await",
            ],
            Lang::Rust => &[
                "tokio",
                "spawn",
                "thread",
                "Mutex",
                "RwLock",
                "Arc",
                "mpsc",
                "channel",
                "par_iter",
                "join",
                "async",
                "await",
                "block_on",
                "Condvar",
                "AtomicUsize",
            ],
        }
    }

    fn keywords(self) -> &'static [&'static str] {
        match self {
            Lang::Python => &[
                "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
                "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
                "or", "pass", "raise", "return", "try", "while", "with", "yield", "None", "True", "False", "match",
                "case", "print", "self",
            ],
            Lang::Rust => &[
                "as",
                "async",
                "await",
                "break",
                "const",
                "continue",
                "crate",
                "dyn",
                "else",
                "enum",
                "extern",
                "false",
                "fn",
                "for",
                "if",
                "impl",
                "in",
                "let",
                "loop",
                "match",
                "mod",
                "move",
                "mut",
                "pub",
                "ref",
                "return",
                "self",
                "Self",
                "static",
                "struct",
                "super",
                "trait",
                "true",
                "type",
                "unsafe",
                "use",
                "where",
                "while",
                "union",
                "macro_rules",
            ],
        }
    }
}

/// Every file with the language's extension under `roots`, sorted, skipping any path with a
/// `site-packages` component (third-party code is not the standard library).
pub fn find_files(roots: &[PathBuf], lang: Lang) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in roots {
        walk(root, lang.extension(), &mut files);
    }
    files.sort();
    files
}

fn walk(dir: &Path, extension: &str, files: &mut Vec<PathBuf>) {
    if dir.is_file() {
        files.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if path.file_name().is_some_and(|name| name != "site-packages") {
                walk(&path, extension, files);
            }
        } else if kind.is_file() && path.extension().is_some_and(|ext| ext == extension) {
            files.push(path);
        }
    }
}

/// The real files to build large inputs from, those whose code mentions the hover words most
/// often first, so that hovers and hints have something to say, until they hold `lines`
/// lines. Files that are not UTF-8 are skipped, and so are files the grammar reads with
/// syntax errors (macro-heavy Rust, Python 2 leftovers in test data): an editor analyses a
/// broken file afresh on every edit, so one such file would make a large input measure error
/// recovery instead of editing.
pub fn base_files(files: &[PathBuf], lang: Lang, lines: usize) -> Vec<(PathBuf, String)> {
    let mut bases: Vec<(usize, PathBuf, String)> = files
        .iter()
        .filter_map(|path| Some((path.clone(), std::fs::read_to_string(path).ok()?)))
        .map(|(path, text)| (word_sites(&text, lang.hover_words()).len(), path, text))
        .filter(|(score, _, _)| *score > 0)
        .collect();
    bases.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let language = match lang {
        Lang::Python => Language::Python,
        Lang::Rust => Language::Rust,
    };
    let mut kept = Vec::new();
    let mut total = 0;
    for (_, path, text) in bases {
        if total >= lines {
            break;
        }
        if SourceFile::parse(language, text.as_str()).root().has_error() {
            continue;
        }
        total += text.lines().count();
        kept.push((path, text));
    }
    kept
}

/// The `bases` one after another (from the first again if they run out) until there are at
/// least `lines` lines, cut just before the first definition that starts at or after that
/// line. A Rust file's inner attributes (`#![...]`) stay only in the first file, where they
/// are valid. A cut inside a Rust block closes the block (rustfmt's four-space indentation
/// gives the depth), so the file stays well-formed either way. Returns the text and how many
/// files it put together (more than `bases` when it had to start again).
pub fn sized(bases: &[(PathBuf, String)], lines: usize, lang: Lang) -> (String, usize) {
    let mut all: Vec<&str> = Vec::with_capacity(lines * 2);
    let mut used = 0;
    for (index, (_, base)) in bases.iter().cycle().take(bases.len() * (lines + 1)).enumerate() {
        if all.len() >= lines && used > 0 {
            break;
        }
        used = index + 1;
        if !all.is_empty() {
            all.push("");
        }
        // An inner attribute may span lines (`#![cfg(all(\n  feature = "full",\n))]`): it
        // ends where its brackets close.
        let mut open_brackets = 0usize;
        for line in base.lines() {
            if lang == Lang::Rust && index > 0 && (open_brackets > 0 || line.starts_with("#![")) {
                for byte in line.bytes() {
                    match byte {
                        b'[' => open_brackets += 1,
                        b']' => open_brackets = open_brackets.saturating_sub(1),
                        _ => {}
                    }
                }
                continue;
            }
            all.push(line);
        }
    }
    if all.is_empty() {
        return (String::new(), 0);
    }
    let cut = (lines.max(1)..all.len()).find(|&at| starts_definition(&all, at, lang));
    let Some(cut) = cut else { return (all.join("\n") + "\n", used) };
    let mut text = all[..cut].join("\n");
    text.push('\n');
    if lang == Lang::Rust {
        let depth = indent(all[cut]) / 4;
        for level in (0..depth).rev() {
            text.push_str(&" ".repeat(level * 4));
            text.push_str("}\n");
        }
    }
    (text, used)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A definition after a blank line: for Python at any depth (cutting before a method or a
/// nested function leaves the enclosing body complete), for Rust an item at a depth that
/// [`sized`] can close.
fn starts_definition(lines: &[&str], at: usize, lang: Lang) -> bool {
    if at == 0 || !lines[at - 1].trim().is_empty() {
        return false;
    }
    let line = lines[at].trim_start();
    match lang {
        Lang::Python => ["def ", "async def ", "class ", "@"].iter().any(|start| line.starts_with(start)),
        Lang::Rust => {
            indent(lines[at]) % 4 == 0
                && ["fn ", "pub ", "async fn ", "impl", "struct ", "enum ", "mod ", "#[", "///", "const ", "trait "]
                    .iter()
                    .any(|start| line.starts_with(start))
        }
    }
}

/// Where the edit benchmark types, in text order: half of the sites right after a comment
/// marker, half at the end of an identifier, each half on lines spread evenly over the file.
/// Typing `x` at a site and deleting it again keeps the file as it was.
pub fn edit_sites(text: &str, lang: Lang, count: usize) -> Vec<EditSite> {
    let lines: Vec<&str> = text.lines().collect();
    let mut comments = Vec::new();
    let mut identifiers = Vec::new();
    for (number, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with(lang.comment()) && !trimmed.starts_with("#!") {
            // After the whole marker: a Rust doc comment's is `///` or `//!`, and typing
            // between its slashes would make it a plain comment, which no one does.
            let marker = lang.comment().len()
                + trimmed[lang.comment().len()..]
                    .find(|c| c != '/' && c != '!')
                    .unwrap_or(trimmed.len() - lang.comment().len());
            let column = line.len() - trimmed.len() + marker;
            comments.push(EditSite { line: number, column, in_comment: true });
        } else if let Some(column) = identifier_end(line, lang) {
            identifiers.push(EditSite { line: number, column, in_comment: false });
        }
    }
    let half = count / 2;
    let mut sites = spread(&comments, half.min(comments.len()));
    sites.extend(spread(&identifiers, count - sites.len()));
    sites.sort_by_key(|site| (site.line, site.column));
    sites
}

/// Where the breaking edits type `.`: right after a call that ends a statement (`f(x)` in
/// Python, `f(x);` before its `;` in Rust), on lines spread evenly over the file. Until the `.`
/// is deleted again the text does not parse, as while typing `client.` before a method name.
pub fn breaking_sites(text: &str, lang: Lang, count: usize) -> Vec<EditSite> {
    let ending = match lang {
        Lang::Python => ")",
        Lang::Rust => ");",
    };
    let sites: Vec<EditSite> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with(' ') && !line.trim_start().starts_with(lang.comment()))
        .filter_map(|(number, line)| {
            let code = line.trim_end();
            code.ends_with(ending).then(|| EditSite {
                line: number,
                column: code.len() - ending.len() + 1,
                in_comment: false,
            })
        })
        .collect();
    spread(&sites, count)
}

/// Where one edit types: a line, a byte column in it, and whether that is inside a comment.
#[derive(Debug, Clone, Copy)]
pub struct EditSite {
    pub line: usize,
    pub column: usize,
    pub in_comment: bool,
}

/// The end of the first identifier on the line that is not a keyword, before any string or
/// comment starts.
fn identifier_end(line: &str, lang: Lang) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if matches!(byte, b'"' | b'\'' | b'#') || bytes[at..].starts_with(b"//") {
            return None;
        }
        if byte.is_ascii_alphabetic() || byte == b'_' {
            let start = at;
            while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
                at += 1;
            }
            let word = &line[start..at];
            // A word glued to a quote is a string prefix (`f"`, `b'`, `r#"`), not a name.
            let prefix = bytes.get(at).is_some_and(|next| matches!(next, b'"' | b'\'' | b'#' | b'!'));
            if word.len() >= 2 && !prefix && !lang.keywords().contains(&word) {
                return Some(at);
            }
        } else {
            at += 1;
        }
    }
    None
}

/// Positions (line, byte column) in the middle of the hover words, spread over the file.
pub fn hover_sites(text: &str, lang: Lang, count: usize) -> Vec<(usize, usize)> {
    spread(&word_sites(text, lang.hover_words()), count)
}

fn word_sites(text: &str, words: &[&str]) -> Vec<(usize, usize)> {
    let mut sites = Vec::new();
    for (number, line) in text.lines().enumerate() {
        for word in words {
            for (start, _) in line.match_indices(word) {
                let end = start + word.len();
                let boundary = |byte: Option<&u8>| byte.is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
                let before = start.checked_sub(1).and_then(|at| line.as_bytes().get(at));
                if boundary(before) && boundary(line.as_bytes().get(end)) {
                    sites.push((number, start + word.len() / 2));
                }
            }
        }
    }
    sites.sort();
    sites
}

/// `count` items taken at even intervals (all of them when there are fewer).
fn spread<T: Copy>(items: &[T], count: usize) -> Vec<T> {
    if items.len() <= count {
        return items.to_vec();
    }
    (0..count).map(|index| items[index * items.len() / count]).collect()
}

/// An LSP position for a (line, byte column) site of `text`.
pub fn position(text_lines: &[&str], (line, byte): (usize, usize), encoding: Encoding) -> serde_json::Value {
    serde_json::json!({"line": line, "character": encoding.column(text_lines[line], byte)})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases(texts: &[&str]) -> Vec<(PathBuf, String)> {
        texts.iter().enumerate().map(|(i, text)| (PathBuf::from(format!("{i}")), (*text).to_owned())).collect()
    }

    #[test]
    fn sized_files_end_before_an_item() {
        let base = "import os\n\ndef f():\n    return 1\n\nclass A:\n    x = 1\n\n    def g(self):\n        pass\n";
        let (text, used) = sized(&bases(&[base]), 8, Lang::Python);
        assert_eq!((text.lines().count(), used), (8, 1), "{text}");
        assert!(text.ends_with("    x = 1\n\n"), "{text}");
        let (long, _) = sized(&bases(&[base]), 100, Lang::Python);
        assert_eq!(long.lines().count(), 101, "cut before the `def f` of the tenth copy\n{long}");
    }

    #[test]
    fn distinct_files_come_one_after_another() {
        let (text, used) = sized(
            &bases(&["#![cfg(x)]\nfn a() {}\n", "#![cfg(all(\n    y,\n))]\nfn b() {}\n", "fn c() {}\n"]),
            5,
            Lang::Rust,
        );
        // The third file was needed to reach line 5, and the cut falls before its item.
        assert_eq!(used, 3);
        assert_eq!(text, "#![cfg(x)]\nfn a() {}\n\nfn b() {}\n\n");
    }

    #[test]
    fn a_cut_inside_a_rust_block_closes_it() {
        let base = "use std::sync::Mutex;\n\nimpl A {\n    fn f() {}\n\n    fn g() {}\n}\n";
        let (text, _) = sized(&bases(&[base]), 4, Lang::Rust);
        assert_eq!(text, "use std::sync::Mutex;\n\nimpl A {\n    fn f() {}\n\n}\n");
    }
}
