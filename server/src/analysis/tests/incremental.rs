//! Incremental analysis gives what analysing the whole file gives: random edits (typing,
//! deleting, new lines, `async`/`await`, renamed identifiers, moved lines) to every program the
//! repository holds, each version analysed both ways and compared, including the hints'
//! senders and the names hover and code actions use. Each version builds on the previous
//! incremental result, so errors would accumulate, not hide.

use super::nodes;
use super::prescan::{programs, visible};
use crate::analysis::chunks::Chunk;
use crate::analysis::depth;
use crate::analysis::incremental::{self, Change, InWindow, Previous, Reuse};
use crate::analysis::source::floor_char_boundary;
use crate::analysis::{FileAnalysis, Language, SourceFile, analyze};
use expect_test::expect;
use std::sync::OnceLock;

/// A small deterministic generator (xorshift64), so a failure can be replayed.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound.max(1) as u64) as usize
    }
}

/// What both paths must agree on, beyond [`visible`]: where hints attach and who sends work.
fn everything(analysis: &FileAnalysis) -> String {
    let mut out = visible(analysis);
    for section in &analysis.sections {
        let sender = section.sender.as_ref().map(|s| (&s.call, &s.callee, s.line));
        out.push_str(&format!(
            "at {:?} anchor {} workers {:?} sender {:?} entry {}\n",
            section.range, section.anchor, section.workers, sender, section.entry_place
        ));
    }
    out.push_str(&analysis.names.describe());
    out
}

/// One random edit of `text`.
fn edit(text: &str, random: &mut Random) -> String {
    let at = floor_char_boundary(text, random.below(text.len() + 1));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let word_end = at + text[at..].find(|c: char| !c.is_alphanumeric() && c != '_').unwrap_or(text.len() - at);
    let mut out = text.to_owned();
    match random.below(13) {
        0 => out.insert(at, 'x'),
        // Most typing keeps the file valid: a longer name, a new line at a line's end.
        9 => out.insert(word_end, 'x'),
        10 => out.insert(line_end, '\n'),
        1 => out.insert(at, '\n'),
        2 => out.insert_str(line_start, "await "),
        3 => out.insert_str(line_start, "async "),
        4 => {
            let end = floor_char_boundary(text, (at + 1 + random.below(6)).min(text.len()));
            out.replace_range(at..end, "");
        }
        5 => {
            // Another identifier of the file in place of the word at `at`.
            let words: Vec<&str> =
                text.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| w.len() > 2).collect();
            let word_start = text[..at]
                .char_indices()
                .rev()
                .find(|&(_, c)| !c.is_alphanumeric() && c != '_')
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word_end = text[at..].find(|c: char| !c.is_alphanumeric() && c != '_').map_or(text.len(), |i| at + i);
            if let Some(word) = words.get(random.below(words.len())) {
                out.replace_range(word_start..word_end, word);
            }
        }
        6 => {
            let line = &text[line_start..line_end];
            out.insert_str(line_start, &format!("{line}\n"));
        }
        7 => out.replace_range(line_start..(line_end + 1).min(text.len()), ""),
        // Typing into a comment, the commonest edit of all: plain words, words the pre-scan
        // looks for, and text that ends the comment or changes its kind.
        11 | 12 => out = comment_edit(text, random),
        _ => out.insert(at, ' '),
    }
    out
}

/// Typing into a comment, the commonest edit of all: plain words, words the pre-scan looks
/// for, and text that ends the comment or changes its kind; `text` as it is without one.
fn comment_edit(text: &str, random: &mut Random) -> String {
    let mut out = text.to_owned();
    let markers: &[&str] = &["#", "//", "/*"];
    let starts: Vec<usize> = markers.iter().flat_map(|marker| text.match_indices(marker)).map(|(i, _)| i).collect();
    if let Some(&start) = starts.get(random.below(starts.len())) {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let at = floor_char_boundary(text, start + random.below(end - start + 1));
        let typed = ["x", "asyncio", "spawn", "await", "\n", "*/", "/", "!", " word"];
        out.insert_str(at, typed[random.below(typed.len())]);
    }
    out
}

/// Programs that parse cleanly in `language`, alone and concatenated five at a time: files
/// with many top-level chunks give the shortcut room.
fn clean_programs(language: Language) -> Vec<String> {
    let alone: Vec<String> = programs()
        .into_iter()
        .filter(|program| program.len() <= 12_000 && !SourceFile::parse(language, program.as_str()).root().has_error())
        .collect();
    let joined: Vec<String> = alone.chunks(5).map(|group| group.join("\n")).collect();
    alone.into_iter().chain(joined).collect()
}

#[test]
fn random_edits_give_what_a_whole_analysis_gives() {
    // `CONCURRENCY_TUTOR_SEED` explores other edits locally; CI replays the fixed one.
    let seed = std::env::var("CONCURRENCY_TUTOR_SEED").ok().and_then(|seed| seed.parse().ok());
    let mut random = Random(seed.unwrap_or(0x9e37_79b9_7f4a_7c15));
    let (mut partial, mut comments, mut whole, mut windowed, mut kept_windows) = (0, 0, 0, 0, 0);
    for language in Language::ALL {
        for program in clean_programs(language) {
            let mut text = program;
            let mut file = SourceFile::parse(language, text.as_str());
            let mut reach = reach_of(&file);
            let (mut analysis, mut chunks, _) = incremental::analyze_edited(&file, &reach, None);
            let mut words_kept = false;
            for _ in 0..5 {
                let edited = edit(&text, &mut random);
                let fresh_file = SourceFile::parse(language, edited.as_str());
                // As the server does: typing in a comment keeps the tree, and the depth check
                // reuses what it learnt; either way it learns what a fresh check learns.
                let change = Change::between(&text, &edited);
                let (next, next_reach) =
                    match incremental::edited_without_parsing(&file, edited.as_str().into(), &change) {
                        Some(next) => {
                            let moved = reach.moved(&change, &next);
                            (next, moved)
                        }
                        None => {
                            let next = SourceFile::parse(language, edited.as_str());
                            let next_reach = depth::check(&next, Some((&reach, &change))).expect("shallow");
                            (next, next_reach)
                        }
                    };
                assert_eq!(
                    next_reach,
                    reach_of(&fresh_file),
                    "{language:?}: depth facts after editing\n{text}\ninto\n{edited}"
                );
                let definers = OnceLock::new();
                let previous = || Previous {
                    file: &file,
                    analysis: &analysis,
                    chunks: &chunks,
                    definers: &definers,
                    reach: Some(&reach),
                    change: &change,
                };
                let (next_analysis, next_chunks, reuse) =
                    incremental::analyze_edited(&next, &next_reach, Some(previous()));
                assert_eq!(
                    everything(&next_analysis),
                    everything(&analyze(&fresh_file)),
                    "{language:?} {reuse:?}, after editing\n{text}\ninto\n{edited}"
                );
                // The chunks carried over and cut again around the edit are the whole file's
                // (once a comment was edited, in place and kind only: a comment edit keeps
                // the words its chunk had).
                let fresh = crate::analysis::chunks::split(&fresh_file);
                let place = |chunks: &[Chunk]| -> Vec<_> {
                    chunks.iter().map(|chunk| (chunk.range.clone(), chunk.kind, chunk.framed)).collect()
                };
                words_kept |= reuse == Reuse::CommentOnly;
                let same = if words_kept { place(&next_chunks) == place(&fresh) } else { next_chunks == fresh };
                assert!(same, "{language:?} {reuse:?}: chunks differ after editing\n{text}\ninto\n{edited}");
                match reuse {
                    Reuse::Partial { .. } => partial += 1,
                    Reuse::CommentOnly | Reuse::CommentInWindow | Reuse::Unchanged => comments += 1,
                    Reuse::Whole(_) => whole += 1,
                }
                // As the server does first: from a window around the edit, the new tree left
                // unparsed, and the previous one too when the previous version came the same way.
                let mut base = file.tree().clone();
                base.edit(&change.tree_edit(file.tree(), &text, &edited));
                let unparsed = SourceFile::unparsed(language, edited.as_str().into(), base);
                let previous_file = match random.below(2) {
                    0 => file.clone(),
                    _ => SourceFile::unparsed(language, text.as_str().into(), file.tree().clone()),
                };
                let unparsed_previous = Previous { file: &previous_file, reach: None, ..previous() };
                if let Ok(InWindow { analysis: in_window, chunks: window_chunks, reuse, window }) =
                    incremental::analyze_in_window(&unparsed, &unparsed_previous, usize::MAX)
                {
                    windowed += 1;
                    assert!(!unparsed.is_parsed(), "{language:?} {reuse:?}: the window parsed the whole tree");
                    assert_eq!(
                        everything(&in_window),
                        everything(&analyze(&fresh_file)),
                        "{language:?} {reuse:?} from a window, after editing\n{text}\ninto\n{edited}"
                    );
                    let same = if words_kept { place(&window_chunks) == place(&fresh) } else { window_chunks == fresh };
                    assert!(same, "{language:?}: window chunks differ after editing\n{text}\ninto\n{edited}");
                    // Typing on in a comment, as the server does after such a version: from its
                    // window tree alone.
                    if let Some(window) = window {
                        let typed = comment_edit(&edited, &mut random);
                        let version = (&unparsed, &in_window, &window_chunks[..]);
                        kept_windows += usize::from(from_kept_window(&window, version, &typed).is_ok());
                    }
                }
                // The server shows a broken version the last clean one's results instead: each
                // points at the code it pointed at, and none overlaps the edit.
                if next.root().has_error() {
                    for finding in incremental::carried_over(&previous()).map_or(vec![], |a| a.findings) {
                        let quoted = &edited[finding.range.clone()];
                        let was = analysis
                            .findings
                            .iter()
                            .find(|f| f.code() == finding.code() && &text[f.range.clone()] == quoted);
                        assert!(
                            was.is_some(),
                            "{language:?}: {finding:?} carried over from nowhere\n{text}\ninto\n{edited}"
                        );
                        let overlaps = finding.range.start < change.new.end && change.new.start < finding.range.end;
                        assert!(!overlaps, "{language:?}: {finding:?} overlaps the edit\n{text}\ninto\n{edited}");
                    }
                }
                // A broken version is compared, then typed over: the next edit starts from the
                // last clean one, as a user fixes a typo.
                if !next.root().has_error() {
                    (text, file, reach, analysis, chunks) = (edited, next, next_reach, next_analysis, next_chunks);
                }
            }
        }
    }
    // The shortcut was taken often enough for the comparison to mean something.
    assert!(
        partial > 250 && comments > 50 && windowed > 250 && kept_windows > 20,
        "{partial} partial, {comments} comments only, {whole} whole, {windowed} from a window, \
         {kept_windows} from a kept window"
    );
}

/// Each chunk of `text` as the shortcut sees it: kind, whether it is a framed member, and
/// its first line.
fn chunk_outline(language: Language, text: &str) -> String {
    let file = SourceFile::parse(language, text);
    let chunks = crate::analysis::chunks::split(&file);
    // Chunks partition the text.
    assert_eq!(chunks.first().map(|chunk| chunk.range.start), Some(0));
    assert_eq!(chunks.last().map(|chunk| chunk.range.end), Some(text.len()));
    assert!(chunks.windows(2).all(|pair| pair[0].range.end == pair[1].range.start));
    chunks
        .iter()
        .map(|chunk| {
            let first_line = text[chunk.range.clone()].lines().next().unwrap_or("").trim_end();
            format!("{:?}{} {first_line:?}\n", chunk.kind, if chunk.framed { " member" } else { "" })
        })
        .collect()
}

#[test]
fn members_of_impls_traits_and_modules_are_chunks_between_a_head_and_a_brace() {
    let text = r#"use std::sync::Mutex;

/// A counter.
struct Counter(Mutex<u32>);

#[allow(dead_code)]
impl Counter {
    /// Adds one.
    fn add(&self) {
        *self.0.lock().unwrap() += 1;
    }

    #[inline]
    async fn get(&self) -> u32 {
        *self.0.lock().unwrap()
    }
    // trailing note
}

trait Job {
    async fn run(&self);
}

impl Empty {}

mod inner {
    use super::*;
    fn helper() {}
}
"#;
    expect![[r##"
        Import "use std::sync::Mutex;"
        Statement "/// A counter."
        Frame "#[allow(dead_code)]"
        Definition member "/// Adds one."
        Definition member "#[inline]"
        Frame "}"
        Frame "trait Job {"
        Statement member "async fn run(&self);"
        Frame "}"
        Definition "impl Empty {}"
        Frame "mod inner {"
        Import member "use super::*;"
        Definition member "fn helper() {}"
        Frame "}"
    "##]]
    .assert_eq(&chunk_outline(Language::Rust, text));
}

/// [`incremental::edited_without_parsing`] for an edit of `previous` into `text`.
fn without_parsing(previous: &SourceFile, text: &str) -> Option<SourceFile> {
    incremental::edited_without_parsing(previous, text.into(), &Change::between(previous.text(), text))
}

/// What the depth check learns of a test file, all of whose nesting is shallow.
fn reach_of(file: &SourceFile) -> depth::Reach {
    depth::check(file, None).expect("test files nest shallowly")
}

/// A text analysed whole, the previous version of an edit to it.
struct Whole {
    file: SourceFile,
    reach: depth::Reach,
    analysis: FileAnalysis,
    chunks: Vec<Chunk>,
    change: Change,
    definers: OnceLock<incremental::DefinerIndex>,
}

impl Whole {
    /// `text` analysed whole, before the edit that makes it `edited`.
    fn before(language: Language, text: &str, edited: &str) -> Whole {
        let file = SourceFile::parse(language, text);
        let reach = reach_of(&file);
        let (analysis, chunks, _) = incremental::analyze_edited(&file, &reach, None);
        Whole { file, reach, analysis, chunks, change: Change::between(text, edited), definers: OnceLock::new() }
    }

    fn previous(&self) -> Previous<'_> {
        Previous {
            file: &self.file,
            analysis: &self.analysis,
            chunks: &self.chunks,
            definers: &self.definers,
            reach: Some(&self.reach),
            change: &self.change,
        }
    }
}

/// A text analysed whole, and an edited text (parsed whole) analysed from that analysis.
struct EditedFromWhole {
    analysis: FileAnalysis,
    chunks: Vec<Chunk>,
    next: SourceFile,
    next_analysis: FileAnalysis,
    next_chunks: Vec<Chunk>,
    reuse: Reuse,
}

/// Analyses `text` whole, then `edited` from that analysis ([`EditedFromWhole`]).
fn edited_from_whole(language: Language, text: &str, edited: &str) -> EditedFromWhole {
    let whole = Whole::before(language, text, edited);
    let next = SourceFile::parse(language, edited);
    let (next_analysis, next_chunks, reuse) =
        incremental::analyze_edited(&next, &reach_of(&next), Some(whole.previous()));
    EditedFromWhole { analysis: whole.analysis, chunks: whole.chunks, next, next_analysis, next_chunks, reuse }
}

/// Analyses `text`, applies `edit` (the bytes of `from` replaced by `to`, first occurrence),
/// and checks the incremental result against a whole analysis; returns how it was made.
fn reuse_after(language: Language, text: &str, from: &str, to: &str) -> Reuse {
    let edited = text.replacen(from, to, 1);
    assert_ne!(edited, text, "{from:?} is not in the text");
    let EditedFromWhole { next, next_analysis, reuse, .. } = edited_from_whole(language, text, &edited);
    assert_eq!(everything(&next_analysis), everything(&analyze(&next)), "{reuse:?}:\n{edited}");
    // The window the server tries first gives the same, or declines.
    let _ = window_after(language, text, from, to);
    reuse
}

/// Analyses `text`, applies the edit as [`reuse_after`] does, and analyses the new version
/// from a window around it, its tree left unparsed; on success, checks the result against a
/// whole analysis and that the whole tree was never parsed, and returns how it was made.
fn window_after(language: Language, text: &str, from: &str, to: &str) -> Result<Reuse, &'static str> {
    let [parsed, _] = windows_after(language, text, (from, to), usize::MAX);
    parsed
}

/// [`window_after`] with a window of at most `largest` bytes, from the previous version
/// parsed, and then with its tree unparsed too, as when the user types faster than the
/// server parses whole trees: each must give the whole analysis's results, or decline.
fn windows_after(
    language: Language,
    text: &str,
    (from, to): (&str, &str),
    largest: usize,
) -> [Result<Reuse, &'static str>; 2] {
    let file = SourceFile::parse(language, text);
    let (analysis, chunks, _) = incremental::analyze_edited(&file, &reach_of(&file), None);
    let edited = text.replacen(from, to, 1);
    let change = Change::between(text, &edited);
    let whole = analyze(&SourceFile::parse(language, edited.as_str()));
    let unparsed = SourceFile::unparsed(language, text.into(), file.tree().clone());
    let reuses = [&file, &unparsed].map(|previous_file| {
        let mut base = file.tree().clone();
        base.edit(&change.tree_edit(file.tree(), text, &edited));
        let next = SourceFile::unparsed(language, edited.as_str().into(), base);
        let previous = Previous {
            file: previous_file,
            analysis: &analysis,
            chunks: &chunks,
            definers: &OnceLock::new(),
            reach: None,
            change: &change,
        };
        let InWindow { analysis: in_window, chunks: chunks_after, reuse, .. } =
            incremental::analyze_in_window(&next, &previous, largest)?;
        assert!(!next.is_parsed(), "{reuse:?}: the whole tree was parsed:\n{edited}");
        assert_eq!(everything(&in_window), everything(&whole), "{reuse:?} from a window:\n{edited}");
        if reuse != Reuse::CommentOnly {
            let fresh = crate::analysis::chunks::split(&SourceFile::parse(language, edited.as_str()));
            assert!(chunks_after == fresh, "{reuse:?}: the window's chunks differ:\n{edited}");
        }
        Ok(reuse)
    });
    assert!(!unparsed.is_parsed(), "the previous version's whole tree was parsed:\n{edited}");
    reuses
}

/// [`reuse_after`], which must take the shortcut: analyse the edited file in part.
fn partial_after(language: Language, text: &str, from: &str, to: &str) {
    let reuse = reuse_after(language, text, from, to);
    assert!(matches!(reuse, Reuse::Partial { .. }), "{reuse:?}");
}

const TOKIO_SERVICE: &str = r#"use std::time::Duration;

struct Service {
    name: String,
}

impl Service {
    async fn start(&self) {
        std::thread::sleep(Duration::from_millis(10)); // blocks the runtime
        tokio::spawn(async {});
    }

    async fn stop(&self) {
        let label = self.name.clone();
        println!("{label}");
    }

    fn describe(&self) -> String {
        /* the name, as given */
        self.name.clone()
    }
}
"#;

#[test]
fn an_edit_inside_one_method_analyses_that_method_alone() {
    let reuse = reuse_after(Language::Rust, TOKIO_SERVICE, "let label", "let labels");
    assert!(matches!(reuse, Reuse::Partial { analysed: 1, .. }), "{reuse:?}");
    // The head of the block is shared by every member: an edit there analyses the block again
    // (its head, three members and closing brace), not the rest of the file.
    let reuse = reuse_after(Language::Rust, TOKIO_SERVICE, "impl Service {", "impl Service { ");
    assert!(matches!(reuse, Reuse::Partial { analysed: 5, chunks: 7, .. }), "{reuse:?}");
    let reuse = reuse_after(Language::Rust, TOKIO_SERVICE, "impl Service {", "impl Service { fn new() {}");
    assert!(matches!(reuse, Reuse::Partial { analysed: 6, chunks: 8, .. }), "{reuse:?}");
}

/// A test module's imports (`use super::*;`) come along when its head or closing brace is
/// edited (a test added at its end, the module renamed): the same imports, analysed in part.
/// An edit to the imports themselves, a glob among them, still goes whole.
#[test]
fn a_block_cut_again_with_its_imports_unchanged_is_analysed_in_part() {
    let rust = "use std::time::Duration;\n\nasync fn pause() {\n    std::thread::sleep(Duration::from_millis(5));\n}\n\nfn unrelated() -> u32 {\n    1\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[tokio::test]\n    async fn pauses() {\n        pause().await;\n    }\n}\n";
    let added = "        pause().await;\n    }\n\n    #[test]\n    fn pauses_twice() {\n        pause();\n        pause();\n    }\n}\n";
    for (from, to) in [("        pause().await;\n    }\n}\n", added), ("mod tests {", "mod checks {")] {
        let reuse = reuse_after(Language::Rust, rust, from, to);
        assert!(matches!(reuse, Reuse::Partial { .. }), "{to:?}: {reuse:?}");
    }
    let reuse = reuse_after(Language::Rust, rust, "use super::*;", "use super::pause;");
    assert_eq!(reuse, Reuse::Whole("imports edited with other code, or a glob import"));
}

/// Typing a catalogue name (`spawn` growing into `spawner`, a call of `lock` appearing) in a
/// file that already can have results analyses the edited chunk alone: the names only decide
/// whether the file is analysed at all. Where the edit decides that, the file is analysed
/// whole.
#[test]
fn catalogue_names_typed_in_a_file_that_matters_keep_the_shortcut() {
    for (from, to) in [
        ("tokio::spawn(async {})", "tokio::spawner(async {})"),
        ("self.name.clone();\n        println", "self.name.lock();\n        println"),
    ] {
        let reuse = reuse_after(Language::Rust, TOKIO_SERVICE, from, to);
        assert!(matches!(reuse, Reuse::Partial { analysed: 1, .. }), "{from} → {to}: {reuse:?}");
    }
    let plain = "fn first() -> u32 {\n    1\n}\n\nfn second() -> u32 {\n    2\n}\n";
    let reuse = reuse_after(Language::Rust, plain, "    2", "    std::thread::spawn(|| 2);\n    2");
    assert_eq!(reuse, Reuse::Whole("catalogue name decides whether the file can have results"));
}

/// A typo typed and taken back gives the previous text again (the server analyses it against
/// the last clean version, `carry.rs`): every result stands, none is redone.
#[test]
fn the_same_text_again_keeps_every_result() {
    let python =
        "import asyncio\nimport time\n\n\nasync def main():\n    time.sleep(1)\n    asyncio.create_task(main())\n";
    for (language, text) in [(Language::Rust, TOKIO_SERVICE), (Language::Python, python)] {
        let EditedFromWhole { analysis, chunks, next, next_analysis: again, next_chunks: chunks_again, reuse } =
            edited_from_whole(language, text, text);
        assert_eq!(reuse, Reuse::Unchanged);
        assert!(!analysis.findings.is_empty() && !analysis.sections.is_empty());
        assert_eq!(everything(&again), everything(&analyze(&next)));
        assert!(chunks_again == chunks);
    }
}

#[test]
fn typing_inside_a_comment_moves_every_result() {
    let rust = TOKIO_SERVICE;
    assert_eq!(reuse_after(Language::Rust, rust, "blocks the runtime", "blocks the whole runtime"), Reuse::CommentOnly);
    assert_eq!(reuse_after(Language::Rust, rust, "the name, as given", "the name"), Reuse::CommentOnly);
    // Appending at the very end of a comment still grows it, and what ends with it.
    assert_eq!(reuse_after(Language::Rust, rust, "runtime\n", "runtime!\n"), Reuse::CommentOnly);
    // Not when a line break moves hints, a delimiter or doc marker changes, or the comment
    // names something the pre-scan looks for.
    assert_ne!(reuse_after(Language::Rust, rust, "the name, as", "the name,\nas"), Reuse::CommentOnly);
    assert_ne!(reuse_after(Language::Rust, rust, "// blocks", "/// blocks"), Reuse::CommentOnly);
    assert_ne!(reuse_after(Language::Rust, rust, "blocks the runtime", "blocks tokio"), Reuse::CommentOnly);

    let python = "import asyncio\nimport time\n\n\nasync def main():\n    # wait a bit\n    time.sleep(1)\n    asyncio.create_task(main())\n";
    assert_eq!(reuse_after(Language::Python, python, "wait a bit", "wait a little"), Reuse::CommentOnly);
    assert_ne!(reuse_after(Language::Python, python, "wait a bit", "wait for threading"), Reuse::CommentOnly);
    // The dangling-task fix adds its registry only where the text lacks it, comments included.
    let registry = crate::analysis::rules::python::dangling_task::REGISTRY_STATEMENT;
    assert_ne!(reuse_after(Language::Python, python, "a bit", registry), Reuse::CommentOnly);
}

/// A function's meaning can change without its text: here its return type is an alias, and
/// the alias is edited, so a variable bound from a call of the function changes type.
#[test]
fn an_edited_alias_reaches_variables_typed_through_a_function() {
    let text = r#"type Index = std::collections::HashMap<u64, Vec<usize>>;

fn index() -> Index {
    Index::default()
}

fn lookup() -> usize {
    let found = index();
    found.len()
}

fn unrelated() -> u32 {
    7
}

fn also_unrelated() -> u32 {
    unrelated() + 1
}
"#;
    partial_after(Language::Rust, text, "std::collections::HashMap", "std::collecions::HashMap");
}

/// Of Rust type aliases of one name (`type Output` in every `impl Future`), the analysis
/// resolves the first: editing a later one analyses only its own chunk, while editing the first
/// reaches the chunks naming it, and the part holds the first wherever it is.
#[test]
fn only_the_first_type_alias_of_a_name_reaches_its_readers() {
    let text = r#"use std::sync::Mutex;

type Store = Mutex<u32>;

mod other {
    type Store = u8;
}

async fn hold(store: &Store) {
    let guard = store.lock().unwrap();
    tokio::task::yield_now().await;
    drop(guard);
}

fn unrelated() -> u32 {
    7
}

fn also_unrelated() -> u32 {
    unrelated() + 1
}
"#;
    let findings = |text: &str| finding_count(Language::Rust, text);
    let retyped = text.replace("type Store = Mutex<u32>;", "type Store = tokio::sync::Mutex<u32>;");
    assert_ne!(findings(text), findings(&retyped), "the first alias decides what `hold` holds");
    let analysed = |reuse: Reuse| match reuse {
        Reuse::Partial { analysed, .. } => analysed,
        other => panic!("{other:?}"),
    };
    assert_eq!(analysed(reuse_after(Language::Rust, text, "type Store = u8;", "type Store = u16;")), 1);
    assert!(analysed(reuse_after(Language::Rust, text, "Mutex<u32>;", "tokio::sync::Mutex<u32>;")) >= 2);
    // Editing the function reads the first alias, which the part holds.
    partial_after(Language::Rust, text, "drop(guard);", "drop(guard);\n    let _ = 1;");
}

/// Fixes that move blocking work to tokio are offered only in a file that spells a `tokio::`
/// path. Random-edit seed 157 broke the only one in two (`#[tokio\n::main]`), which kept the
/// text `tokio` the probes watched, and the kept findings kept their fixes.
#[test]
fn a_tokio_path_broken_in_two_takes_the_fixes_away() {
    let text = "use std::time::Duration;\n\nasync fn load(path: &str) -> std::io::Result<String> {\n    let text = std::fs::read_to_string(path)?;\n    Ok(text)\n}\n\n#[tokio::main]\nasync fn main() {\n    std::thread::sleep(Duration::from_millis(1));\n}\n";
    let fixes = |text: &str| {
        let analysis = analyze(&SourceFile::parse(Language::Rust, text));
        analysis.findings.iter().filter(|finding| finding.fix.is_some()).count()
    };
    let split = text.replace("#[tokio::main]", "#[tokio\n::main]");
    assert!(fixes(text) > fixes(&split), "the fixes rest on the path");
    // `reuse_after` compares the result with a whole analysis of the edited text.
    reuse_after(Language::Rust, text, "#[tokio::main]", "#[tokio\n::main]");
    reuse_after(Language::Rust, &split, "#[tokio\n::main]", "#[tokio::main]");
}

/// The analysis binds no variable from a Rust constant or static, so like a type only the
/// first of a name is taken to count: editing a later one (`const N` in many test modules)
/// analyses only its own chunk, and a part leaves the others out.
#[test]
fn only_the_first_constant_of_a_name_reaches_its_readers() {
    let text = r#"use std::sync::Mutex;

const LIMIT: usize = 4;

static TOTAL: Mutex<u32> = Mutex::new(0);

mod other {
    const LIMIT: usize = 8;
    static TOTAL: u8 = 0;
}

async fn add() {
    let mut total = TOTAL.lock().unwrap();
    tokio::task::yield_now().await;
    *total += LIMIT as u32;
}

fn unrelated() -> u32 {
    7
}
"#;
    let analysed = |from: &str, to: &str| match reuse_after(Language::Rust, text, from, to) {
        Reuse::Partial { analysed, .. } => analysed,
        other => panic!("{other:?}"),
    };
    assert_eq!(analysed("LIMIT: usize = 8", "LIMIT: usize = 9"), 1);
    assert_eq!(analysed("TOTAL: u8 = 0", "TOTAL: u8 = 1"), 1);
    assert!(analysed("LIMIT: usize = 4", "LIMIT: usize = 5") >= 2, "the first one's readers");
    // The function reading them, edited, is analysed as the whole file analyses it.
    partial_after(Language::Rust, text, "*total += LIMIT as u32;", "*total += 2 * LIMIT as u32;");
}

#[test]
fn members_of_python_classes_are_chunks_from_their_line_start() {
    let text = r#"import threading


@dataclass
class Worker(threading.Thread):
    """Runs jobs."""

    limit = 3

    # Started by the pool.
    def run(self):
        self.lock = threading.Lock()

    @property
    def busy(self):
        return False
    # trailing note

class Inline: pass

class Limits:
    x = 1  # a comment on a member's line
    y = 2


def main():
    Worker().start()
"#;
    expect![[r#"
        Import "import threading"
        Frame "@dataclass"
        Statement member "    \"\"\"Runs jobs.\"\"\""
        Statement member "    limit = 3"
        Definition member "    # Started by the pool."
        Definition member "    @property"
        Frame ""
        Definition "class Inline: pass"
        Frame "class Limits:"
        Statement member "    x = 1  # a comment on a member's line"
        Statement member "    y = 2"
        Frame ""
        Definition "def main():"
    "#]]
    .assert_eq(&chunk_outline(Language::Python, text));
}

const PYTHON_SERVICE: &str = r#"import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


class Service:
    """Handles requests."""

    def __init__(self):
        self.pool = ProcessPoolExecutor()

    async def handle(self, request):
        time.sleep(0.1)  # blocks the event loop
        return request

    async def audit(self, request):
        asyncio.create_task(self.log(request))

    async def log(self, request):
        print(request)

    def crunch(self, numbers):
        return self.pool.submit(sum, numbers)


def helper(value):
    return value * 2
"#;

#[test]
fn an_edit_inside_one_python_method_analyses_that_method_alone() {
    let reuse = reuse_after(Language::Python, PYTHON_SERVICE, "return request", "return requests");
    assert!(matches!(reuse, Reuse::Partial { analysed: 1, .. }), "{reuse:?}");
    // The type of `self.pool` is seen by every method: `crunch` is analysed again with it.
    let reuse = reuse_after(Language::Python, PYTHON_SERVICE, "ProcessPoolExecutor()", "ProcessPoolExecutor(4)");
    assert!(matches!(reuse, Reuse::Partial { analysed: 2, .. }), "{reuse:?}");
    reuse_after(Language::Python, PYTHON_SERVICE, "self.pool = ProcessPoolExecutor()", "self.pool = None");
    // An edit to the head of the class analyses the class again, not the rest of the file.
    let reuse = reuse_after(Language::Python, PYTHON_SERVICE, "class Service:", "class Service(object):");
    assert!(matches!(reuse, Reuse::Partial { analysed: 8, chunks: 12, .. }), "{reuse:?}");
}

/// The server analyses an edit from a window around it first: the edited chunks, their
/// neighbours, and for a member the head, first and last members and end of its block. What
/// it parses is what the edit touches, not the file.
#[test]
fn an_edit_is_analysed_from_a_window_without_the_whole_tree() {
    let parsed = |reuse: Reuse| match reuse {
        Reuse::Partial { parsed, .. } => parsed,
        other => panic!("{other:?}"),
    };
    // A method of a large block, whose other members stay out of the window.
    let methods: String = (0..40).map(|index| format!("    fn step{index}(&self) -> u32 {{ {index} }}\n")).collect();
    let rust = format!("{TOKIO_SERVICE}\nstruct Steps;\n\nimpl Steps {{\n{methods}}}\n\nfn tail() {{}}\n");
    let reuse = window_after(Language::Rust, &rust, "{ 17 }", "{ 17 + 1 }").unwrap();
    assert!(parsed(reuse) < rust.len() / 4, "{reuse:?} of {} bytes", rust.len());
    // An edit among the service's methods, as the shortcut analyses it.
    let reuse = window_after(Language::Rust, &rust, "let label", "let labels").unwrap();
    assert!(matches!(reuse, Reuse::Partial { analysed: 1, .. }), "{reuse:?}");
    let methods: String =
        (0..40).map(|index| format!("    def step{index}(self):\n        return {index}\n\n")).collect();
    let python = format!("{PYTHON_SERVICE}\n\nclass Steps:\n{methods}\ndef tail():\n    pass\n");
    let reuse = window_after(Language::Python, &python, "return 17", "return 17 + 1").unwrap();
    assert!(parsed(reuse) < python.len() / 4, "{reuse:?} of {} bytes", python.len());
    let reuse = window_after(Language::Python, &python, "return request", "return requests").unwrap();
    assert!(matches!(reuse, Reuse::Partial { analysed: 1, .. }), "{reuse:?}");
    // Typing in a comment analyses nothing, whether the previous version's tree is parsed
    // or not (then the same window of its text shows the comment).
    let commented = format!("{rust}// Steps, counted.\n");
    let reuses = windows_after(Language::Rust, &commented, ("counted", "counted twice"), usize::MAX);
    assert_eq!(reuses, [Ok(Reuse::CommentOnly), Ok(Reuse::CommentOnly)]);
    // A window larger than the caller allows is not parsed.
    let reuses = windows_after(Language::Rust, &rust, ("{ 17 }", "{ 17 + 1 }"), 64);
    assert_eq!(reuses, [Err("window too large for the file"), Err("window too large for the file")]);
}

/// Analyses `text`, makes the edit `first` from a window (as [`windows_after`] does), and
/// types `then` into the edited text from the window tree that analysis kept, as the server
/// does for the next keystroke: the result must be a whole analysis's, with neither version's
/// whole tree parsed. Gives how the first edit was analysed, or why the second was declined.
fn typed_on_from_window(
    language: Language,
    text: &str,
    first: (&str, &str),
    then: (&str, &str),
) -> Result<Reuse, &'static str> {
    let file = SourceFile::parse(language, text);
    let (analysis, chunks, _) = incremental::analyze_edited(&file, &reach_of(&file), None);
    let edited = text.replacen(first.0, first.1, 1);
    let change = Change::between(text, &edited);
    let mut base = file.tree().clone();
    base.edit(&change.tree_edit(file.tree(), text, &edited));
    let next = SourceFile::unparsed(language, edited.as_str().into(), base);
    let previous = Previous {
        file: &file,
        analysis: &analysis,
        chunks: &chunks,
        definers: &OnceLock::new(),
        reach: None,
        change: &change,
    };
    let InWindow { analysis: in_window, chunks: window_chunks, reuse, window } =
        incremental::analyze_in_window(&next, &previous, usize::MAX).expect("analysed from a window");
    let window = window.expect("the window's tree kept");
    from_kept_window(&window, (&next, &in_window, &window_chunks), &edited.replacen(then.0, then.1, 1))?;
    Ok(reuse)
}

/// Types `typed` after `version` (a version analysed from a window: its unparsed file, its
/// analysis and chunks) from the window tree it kept, as the server does: the result must be a
/// whole analysis's, with neither version's whole tree parsed.
fn from_kept_window(
    window: &incremental::WindowTree,
    (file, analysis, chunks): (&SourceFile, &FileAnalysis, &[Chunk]),
    typed: &str,
) -> Result<(), &'static str> {
    let language = file.language();
    let change = Change::between(file.text(), typed);
    let definers = &OnceLock::new();
    let previous = Previous { file, analysis, chunks, definers, reach: None, change: &change };
    let (typed_on, typed_chunks, _) = incremental::within_comment_of_window(window, &previous, typed.into())?;
    let edited = file.text();
    assert!(!file.is_parsed(), "{language:?}: the whole tree was parsed, after editing\n{edited}\ninto\n{typed}");
    let fresh = SourceFile::parse(language, typed);
    assert_eq!(
        everything(&typed_on),
        everything(&analyze(&fresh)),
        "{language:?}: from the kept window, after editing\n{edited}\ninto\n{typed}"
    );
    let place = |chunks: &[Chunk]| -> Vec<_> { chunks.iter().map(|chunk| (chunk.range.clone(), chunk.kind)).collect() };
    let fresh_chunks = crate::analysis::chunks::split(&fresh);
    assert_eq!(
        place(&typed_chunks),
        place(&fresh_chunks),
        "{language:?}: chunks, after editing\n{edited}\ninto\n{typed}"
    );
    Ok(())
}

/// The next keystroke in a comment, after an edit analysed from a window, reads the comment
/// off that window's tree, where the window vouches for it: anywhere in the window after an
/// analysis in part (which checked each of its chunks), only in the edited comment after a
/// comment edit (which checked that one).
#[test]
fn typing_on_in_a_comment_reads_the_window_tree_kept() {
    let rust = format!("{TOKIO_SERVICE}\nfn far() {{\n    // far away\n    // and further\n}}\n");
    let python = format!("{PYTHON_SERVICE}\n\ndef far():\n    # far away\n    # and further\n    pass\n");
    let edits = [
        (Language::Rust, &rust, ("let label", "let labels"), ("fn far()", "fn farther()")),
        (Language::Python, &python, ("return request", "return requests"), ("def far()", "def farther()")),
    ];
    for (language, text, code, far_code) in edits {
        let typed_on = |first, then| typed_on_from_window(language, text, first, then);
        // A comment in the chunk the code edit analysed again.
        let typed = typed_on(code, ("blocks the", "blocks all the"));
        assert!(matches!(typed, Ok(Reuse::Partial { .. })), "{language:?} {typed:?}");
        // A comment the window does not hold, which the server finds another way.
        let outside = Err("not inside a line comment of the window");
        assert_eq!(typed_on(code, ("far away", "far, far away")), outside, "{language:?}");
        // A comment typed into, then typed into again; another comment of the same window is
        // not vouched for.
        let comment = ("far away", "far, far away");
        assert_eq!(typed_on(comment, ("far, far", "far, far, far")), Ok(Reuse::CommentOnly), "{language:?}");
        let typed = typed_on(comment, ("and further", "and further on"));
        assert_eq!(typed, Err("edit outside what the window vouches for"), "{language:?}");
        // Code typed next is not a comment edit, and a comment's line broken in two is not either.
        assert_eq!(typed_on(code, far_code), outside, "{language:?}");
        assert_eq!(typed_on(comment, ("far, far", "far,\n far")), outside, "{language:?}");
    }
}

/// A window the whole tree could read otherwise declines, and the server parses the file.
#[test]
fn edits_a_window_cannot_vouch_for_go_to_the_whole_tree() {
    // Syntax errors, and a string left open, which the window's end closes.
    assert_eq!(window_after(Language::Rust, TOKIO_SERVICE, "let label", "let (label"), Err("syntax errors"));
    assert!(window_after(Language::Rust, TOKIO_SERVICE, "let label", "let \"label").is_err());
    // Odd indentation, which Python's parser reads without an error: the line at three spaces
    // ends the class, and the ones after it are module statements. With the line between
    // them deleted, a part holding the class and the assignment (its region starting at the
    // comment above it) reads the assignment as a member of the class: the shapes tell.
    let odd = "import asyncio

class Recorder:
    async def save(self, item):
        await asyncio.sleep(0)

    async def handle(self, item):
        self.save(item)
# three spaces
   asyncio.sleep(1)
# gathered
        asyncio.gather(self.save(1), self.save(2))
# a task
        task = asyncio.create_task(self.save(item))
        return await task
";
    let deleted = "        asyncio.gather(self.save(1), self.save(2))\n";
    assert_eq!(window_after(Language::Python, odd, deleted, ""), Err("regions parsed differently"));
    // A keyword typed before a method's indentation: the window parses it, but the method
    // no longer starts its chunk where the block's members started.
    let bank = include_str!("../../../tests/corpus/rust/arc_mutex_bank.rs");
    let typed = window_after(Language::Rust, bank, "\n    fn transfer", "\nasync     fn transfer");
    assert_eq!(typed, Err("top-level layout changed"));
}

/// Cases random edits found, each compared with a whole analysis by `reuse_after`.
#[test]
fn python_edits_that_change_other_chunks_meaning() {
    // A decorator makes a kernel; removing it ends the GPU launch in another function.
    let kernel =
        "from numba import cuda\n\n@cuda.jit\ndef add(out):\n    out[0] = 1\n\ndef main(out):\n    add[1, 32](out)\n";
    reuse_after(Language::Python, kernel, "@cuda.jit", "@xcuda.jit");
    // The dangling-task fix adds a registry only to a file without one.
    let registry =
        "import asyncio\n\n_background_tasks = set()\n\nasync def handle(request):\n    asyncio.create_task(request)\n";
    let reuse = reuse_after(Language::Python, registry, "_background_tasks = set()", "_background_ = set()");
    assert_eq!(reuse, Reuse::Whole("text the analysis searches for edited"));
    // A pool's variable is edited in one statement, the work sent in another.
    let pool = "import multiprocessing as mp\n\ndef square(n):\n    return n * n\n\npool = mp.Pool(2)\nprint(pool.map(square, range(4)))\n";
    reuse_after(Language::Python, pool, "mp.Pool", "m.Pool");
    // A duplicated `def` line: the first, empty definition is the one work is sent to.
    let twice = "import threading\n\ndef log_forever(path):\n    while True:\n        pass\n\nasync def main():\n    threading.Thread(target=log_forever).start()\n";
    reuse_after(
        Language::Python,
        twice,
        "def log_forever(path):\n",
        "def log_forever(path):\ndef log_forever(path):\n",
    );
    let twice = twice.replacen("def log_forever(path):\n", "def log_forever(path):\ndef log_forever(path):\n", 1);
    reuse_after(Language::Python, &twice, "        pass", "\n        pass");
    // Only the first statement starting processes outside a main guard is reported.
    let guards = "from multiprocessing import Pool\n\nif __name__ == \"__main__\":\n    Pool(2).map(abs, [1])\n\nPool(4).map(abs, [2])\n\ndef unrelated():\n    return 1\n";
    partial_after(Language::Python, guards, "\"__main__\"", "\"__main__x\"");
    // A `with` block left empty by odd code (a keyword at column 0) ends its class, and its
    // empty section lies where the class's closing chunk starts.
    let empty = r#"import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor as PPE


class Pipeline:
    def crunch_all(self, numbers):
        with mp.Pool(processes=4) as pool:
            squares = list(pool.imap_unordered(square, numbers))
        with PPE(max_workers=2) as executor:
async # note
            done = [executor.submit(square, n) for n in numbers]
        return squares + done


def square(n):
    return n * n


def unrelated():
    return 1
"#;
    partial_after(Language::Python, empty, "    return n * n", "\n    return n * n");
    // A module-level statement sends work into an edited function: every module-level
    // statement is read again with it, as the main guard's fix covers all that follow.
    let script = "from concurrent.futures import ProcessPoolExecutor\n\ndef square(n):\n    return n * n\n\ndef unrelated():\n    return 1\n\nwith ProcessPoolExecutor() as pool:\n    print(list(pool.map(square, range(4))))\n\nprint(\"done\")\n";
    partial_after(Language::Python, script, "return n * n", "return n * n * n");
}

/// Facts other chunks rest on without naming them, found by random edits: whether the file
/// writes a `futures::` path (the join fix is offered only then), and a function named like
/// an import, which shadows the module wherever it is named (`@dramatiq.actor`).
#[test]
fn edits_to_facts_kept_results_rest_on_are_caught() {
    let rust = "async fn fetch(url: &str) -> usize {\n    url.len()\n}\n\nasync fn crawl(urls: &[String]) -> Vec<usize> {\n    let mut pages = Vec::new();\n    for url in urls {\n        pages.push(fetch(url).await);\n    }\n    pages\n}\n\nasync fn main() {\n    let ready = futures::future::ready(1).await;\n}\n";
    let fixes = |language: Language, text: &str| {
        let analysis = analyze(&SourceFile::parse(language, text));
        (analysis.sections.len(), analysis.findings.iter().filter(|finding| finding.fix.is_some()).count())
    };
    let without_futures = rust.replace("    let ready = futures::future::ready(1).await;\n", "");
    assert_eq!((fixes(Language::Rust, rust).1, fixes(Language::Rust, &without_futures).1), (1, 0));
    let reuse = reuse_after(Language::Rust, rust, "    let ready = futures::future::ready(1).await;\n", "");
    assert_eq!(reuse, Reuse::Whole("text the analysis searches for edited"));
    // Only whether the file spells it counts: with another `futures::` path left, removing
    // one changes nothing beyond its chunk.
    let twice =
        format!("{rust}\nfn pending() -> futures::future::Pending<()> {{\n    futures::future::pending()\n}}\n");
    partial_after(Language::Rust, &twice, "    let ready = futures::future::ready(1).await;\n", "");

    let python = "import dramatiq\n\n\n@dramatiq.actor(max_retries=3)\ndef call_webhook(url):\n    return url\n\n\n@dramatiq.actor\ndef notify(user):\n    return user\n\n\ndef on_order(user):\n    notify.send(user)\n";
    let shadowed = python.replace("def call_webhook", "def dramatiq");
    assert_ne!(
        fixes(Language::Python, python).0,
        fixes(Language::Python, &shadowed).0,
        "the message sent to the actor"
    );
    // `reuse_after` compares the result with a whole analysis of the edited text.
    reuse_after(Language::Python, python, "def call_webhook", "def dramatiq");
}

/// A fix at a module's top level names its variable after every word of the module, which a
/// part holds only some of (random-edit seed 62): an edit that finds such a fix again, or
/// that adds or removes a word while one is kept, is analysed whole.
#[test]
fn fixes_outside_functions_are_found_on_the_whole_module() {
    let text = "import asyncio\n\n\ndef other():\n    task = 1\n    return task\n\n\nif __name__ == \"__main__\":\n    asyncio.create_task(work())\n";
    let reuse = reuse_after(Language::Python, text, "work()", "works()");
    assert_eq!(reuse, Reuse::Whole("fix named after the module's words"));
    // Kept, it would name it `background_task` still when `task` is gone from the module.
    let reuse = reuse_after(Language::Python, text, "task = 1\n    return task", "job = 1\n    return job");
    assert_eq!(reuse, Reuse::Whole("fix named after the module's words"));
    let edited = text.replace("work()", "works()");
    let fixed = analyze(&SourceFile::parse(Language::Python, edited.as_str())).findings[0].fix.clone().unwrap();
    assert!(fixed.edits[0].replacement.starts_with("background_task = "), "{:?}", fixed.edits);
}

/// A kept finding's fix is moved as it was whatever words the edit types elsewhere: the
/// one fix that chooses a name (the dangling task's variable) chooses among the identifiers
/// of its own function. Typed there, the word renames it; typed in another function, or in a
/// comment, or deleted back into a word the fix spells (`asyncio`), it changes nothing.
#[test]
fn kept_fixes_stay_as_they_were_unless_their_own_function_changes() {
    let text = "import asyncio\nimport threading\n\n\nasync def main():\n    worker = threading.Thread(target=print)\n    worker.start()\n    worker.join()\n\n\nasync def spawn(job):\n    # start it\n    asyncio.create_task(job())\n\n\ndef other():\n    workerx = 1\n    return workerx\n";
    let fix_of = |text: &str| {
        let analysis = analyze(&SourceFile::parse(Language::Python, text));
        let fixes: Vec<String> =
            analysis.findings.iter().filter_map(|f| Some(f.fix.as_ref()?.edits[0].replacement.clone())).collect();
        assert_eq!(fixes.len(), 2, "the join and the dangling task have fixes");
        fixes[1].split(" = ").next().unwrap_or_default().to_owned()
    };
    assert_eq!(fix_of(text), "task");
    for (from, to) in [
        ("workerx = 1\n    return workerx", "worker = 1\n    return worker"),
        ("workerx = 1\n    return workerx", "task = 1\n    return task"),
        ("import threading\n\n\nasync def main():\n    worker", "import threading\n\n\nasync def main():\n    task"),
    ] {
        partial_after(Language::Python, text, from, to);
    }
    // `set`, which the fix spells in the registry it adds.
    assert_eq!(reuse_after(Language::Python, text, "start it", "start it, keep it in a set"), Reuse::CommentOnly);
    // In its own function, the name is chosen again: that function is analysed again.
    let renamed = text.replace("async def spawn(job):\n", "async def spawn(job):\n    task = job\n");
    assert_eq!(fix_of(&renamed), "background_task");
    partial_after(Language::Python, text, "async def spawn(job):\n", "async def spawn(job):\n    task = job\n");
    // A word the fix spells, typed back by a deletion (`asynciox` → `asyncio`), in a function
    // left alone otherwise.
    let typo = text.replace("def other():\n    workerx = 1", "def other():\n    asynciox = 1");
    partial_after(Language::Python, &typo, "asynciox = 1", "asyncio = 1");
}

/// An edit to an import analyses again the chunks that name what it binds (and what they
/// define), on a part holding every import; the rest stands. The findings follow the new
/// binding, as a whole analysis finds them.
#[test]
fn import_edits_analyse_the_chunks_naming_what_they_bind() {
    let findings = finding_count;
    let python_unrelated: String =
        (0..20).map(|index| format!("def unrelated_{index}():\n    return {index}\n\n\n")).collect();
    let python = format!(
        "from time import sleep\nimport asyncio\nfrom os import path\n\n\nasync def fetch():\n    sleep(1)\n\n\nasync def pause():\n    await asyncio.sleep(1)\n\n\n{python_unrelated}"
    );
    let rust_unrelated: String =
        (0..20).map(|index| format!("fn unrelated_{index}() -> u32 {{\n    {index}\n}}\n\n")).collect();
    let rust = format!(
        "use std::thread;\nuse std::time::Duration;\n\nasync fn fetch() {{\n    thread::sleep(Duration::from_millis(5));\n}}\n\n{rust_unrelated}"
    );
    // The blocking sleep is found through the import, and the import edited away unbinds it.
    for (language, text, unrelated, (from, to)) in [
        (Language::Python, &python, &python_unrelated, ("import sleep", "import sleeps")),
        (Language::Rust, &rust, &rust_unrelated, ("std::thread;", "std::threads;")),
    ] {
        assert_eq!(findings(language, text), 1, "{language:?}: the blocking sleep");
        assert_eq!(findings(language, &text.replacen(from, to, 1)), 0, "{language:?}");
        leaves_out(language, text, (from, to), unrelated.len() * 9 / 10);
    }
    partial_after(Language::Python, &python, "import asyncio", "import asyncio as sleep");
    // Fixes add their imports after the last one: an edit there is analysed whole, as is one
    // that makes a glob import, whose names no chunk spells.
    let reuse = reuse_after(Language::Python, &python, "from os import path", "from os import paths");
    assert_eq!(reuse, Reuse::Whole("last import edited"));
    let reuse = reuse_after(Language::Python, &python, "import sleep", "import *");
    assert_eq!(reuse, Reuse::Whole("imports edited with other code, or a glob import"));
}

/// The part of an import edit binds again only the names the edit bound anew, from every
/// import of them (each spells its name), and takes the others from the whole file: an
/// import it holds for another reason may be overridden by a later one outside it, and the
/// chunks that bind other names (structs with fields, the other imports) stay out of it.
#[test]
fn import_edits_bind_again_only_the_names_they_changed() {
    let python = "from asyncio import sleep, gather\nfrom time import sleep\nimport os\n\n\nasync def fetch():\n    sleep(1)\n    await gather()\n";
    let blocking = |text: &str| {
        let analysis = analyze(&SourceFile::parse(Language::Python, text));
        analysis.findings.iter().filter(|finding| finding.subject.contains("sleep")).count()
    };
    let edited = python.replace("sleep, gather", "sleep, wait").replace("gather()", "wait()");
    assert_eq!((blocking(python), blocking(&edited)), (1, 1), "the later import wins");
    // `partial_after` compares the result with a whole analysis of the edited text.
    partial_after(Language::Python, &python.replace("gather()", "wait()"), "sleep, gather", "sleep, wait");

    let structs: String =
        (0..30).map(|index| format!("struct Counter{index} {{\n    hits: u{index},\n}}\n\n")).collect();
    let rust = format!(
        "use std::thread;\nuse std::time::Duration;\n\n{structs}async fn fetch() {{\n    thread::sleep(Duration::from_millis(5));\n}}\n"
    );
    leaves_out(Language::Rust, &rust, ("std::thread;", "std::threads;"), structs.len() * 9 / 10);
}

/// A chunk analysed again because it names a name bound anew passes the change on only
/// through what the analysis reads by name: its functions, variables, aliases and fields,
/// not a struct's own name, which the code naming the struct never reads.
#[test]
fn a_rebound_name_reaches_past_a_struct_only_through_its_fields() {
    let readers: String = (0..30)
        .map(|index| format!("fn size_{index}(queue: &Queue) -> u64 {{\n    queue.hits + {index}\n}}\n\n"))
        .collect();
    let text = format!(
        "use std::sync::Mutex;\n\nstruct Queue {{\n    items: Mutex<u32>,\n    hits: u64,\n}}\n\n{readers}impl Queue {{\n    async fn drain(&self) {{\n        let guard = self.items.lock().unwrap();\n        tick().await;\n        drop(guard);\n    }}\n}}\n\nasync fn tick() {{}}\n"
    );
    // The field's type decides.
    let edit = ("use std::sync::Mutex;", "use std::cell::RefCell as Mutex;");
    takes_a_finding_away_in_part(Language::Rust, &text, edit, readers.len() * 9 / 10);
}

/// A function sent to a thread is judged at the call that sends it by what its body does
/// (pure-Python computation there keeps the GIL busy): when a name bound anew changes what
/// the body calls, the sender is analysed again, though it does not name that name itself.
#[test]
fn a_sender_is_analysed_again_when_the_body_it_sends_changes_meaning() {
    let python = "import threading\nimport numpy as np\nimport os\n\n\ndef work(n):\n    total = 0\n    for i in range(n):\n        total += np.sqrt(i)\n    return total\n\n\ndef main():\n    t = threading.Thread(target=work, args=(10,))\n    t.start()\n\n\ndef unrelated():\n    return 1\n";
    let (from, to) = ("import numpy as np", "import math as np");
    let after = python.replacen(from, to, 1);
    assert_eq!((finding_count(Language::Python, python), finding_count(Language::Python, &after)), (0, 1));
    // `partial_after` compares the result with a whole analysis of the edited text.
    partial_after(Language::Python, python, from, to);
}

/// How many chunks an edit analysed again, which must be done in part.
fn analysed_after(language: Language, text: &str, from: &str, to: &str) -> usize {
    match reuse_after(language, text, from, to) {
        Reuse::Partial { analysed, .. } => analysed,
        other => panic!("{from:?} → {to:?}: {other:?}"),
    }
}

/// A caller reads a function's declaration, and only a chunk sending the function elsewhere
/// reads its body: an edit to the body analyses the function and its senders again, not the
/// dozen chunks calling it; an edit to the declaration analyses every caller.
#[test]
fn a_body_edit_reaches_the_senders_and_a_declaration_edit_every_caller() {
    let callers: String = (0..12).map(|index| format!("def caller_{index}():\n    work({index})\n\n\n")).collect();
    let python = format!(
        "import threading\n\n\ndef work(n):\n    return n + 1\n\n\ndef main():\n    t = threading.Thread(target=work, args=(10,))\n    t.start()\n\n\n{callers}def unrelated():\n    return 1\n"
    );
    let computing = "    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n";
    let body = ("    return n + 1\n", computing);
    // The sender's finding (pure-Python work on a thread) comes with the body.
    let after = python.replacen(body.0, body.1, 1);
    assert_eq!((finding_count(Language::Python, &python), finding_count(Language::Python, &after)), (0, 1));
    assert_eq!(analysed_after(Language::Python, &python, body.0, body.1), 2);
    // A coroutine function called without `await`: a finding at every caller. Typed where the
    // function's chunk starts, the edit touches the import's chunk before it too.
    let declaration = ("def work(n):", "async def work(n):");
    let after = python.replacen(declaration.0, declaration.1, 1);
    assert!(finding_count(Language::Python, &after) >= 12);
    assert_eq!(analysed_after(Language::Python, &python, declaration.0, declaration.1), 15);

    let callers: String =
        (0..12).map(|index| format!("fn caller_{index}() -> u64 {{\n    work() + {index}\n}}\n\n")).collect();
    let rust = format!(
        "fn work() -> u64 {{\n    1\n}}\n\nfn main() {{\n    let handle = std::thread::spawn(work);\n    handle.join().unwrap();\n}}\n\n{callers}fn unrelated() -> u32 {{\n    1\n}}\n"
    );
    assert_eq!(
        analysed_after(
            Language::Rust,
            &rust,
            "    1\n",
            "    std::thread::sleep(std::time::Duration::from_millis(1));\n    1\n"
        ),
        2
    );
    assert_eq!(analysed_after(Language::Rust, &rust, "fn work() -> u64", "async fn work() -> u64"), 14);
}

/// An attribute of `self` is read only inside its class: an edit to one class's binding
/// analyses that class's members naming it, not another class's namesake readers, nor the
/// members naming a local variable of the same name (`self.pool` is spelt after a dot).
#[test]
fn a_class_attribute_edit_reaches_its_own_class_alone() {
    let members = |sign: &str| -> String {
        let readers = (0..5)
            .map(|index| format!("    def run_{index}(self, n):\n        return self.pool.submit(abs, {sign}n)\n\n"));
        let locals = (0..3)
            .map(|index| format!("    def local_{index}(self, pool):\n        return pool.submit(abs, {index})\n\n"));
        readers.chain(locals).collect()
    };
    let class = |name: &str, sign: &str| {
        format!(
            "class {name}:\n    def __init__(self):\n        self.pool = ThreadPoolExecutor()\n\n{}\n",
            members(sign)
        )
    };
    let text = format!(
        "from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor\n\n\n{}\n{}",
        class("Crunch", ""),
        class("Fetch", "-")
    );
    // The edited `__init__` and the five members of its class reading `self.pool`.
    assert_eq!(analysed_after(Language::Python, &text, "ThreadPoolExecutor()", "ProcessPoolExecutor()"), 6);
    // An attribute bound through a call's result is named by its last segment.
    let chained = text.replacen("self.pool = ThreadPoolExecutor()", "self.make().pool = ThreadPoolExecutor()", 1);
    assert_eq!(analysed_after(Language::Python, &chained, "ThreadPoolExecutor()", "ProcessPoolExecutor()"), 6);
}

/// A chunk reading an attribute spells its name after a dot, with or without spaces or a
/// line break between (`self . pool`), which Python reads as the same attribute.
#[test]
fn attribute_reads_are_the_words_after_a_dot() {
    let text = "def main(self):\n    self . pool.submit(work)\n    (self.\n        lock).acquire()\n    return pool\n";
    let chunks = crate::analysis::chunks::split(&SourceFile::parse(Language::Python, text));
    let key = crate::analysis::chunks::name_key;
    let dotted = &chunks[0].dotted;
    for word in ["pool", "submit", "lock", "acquire"] {
        assert!(dotted.contains(&key(word)), "{word}");
    }
    for word in ["self", "work", "main"] {
        assert!(!dotted.contains(&key(word)), "{word}");
    }
}

/// A chunk analysed again may send work into a chunk the selection left alone, once a
/// variable it reads names a pool: the part is analysed once more, with that chunk in it,
/// rather than the whole file.
#[test]
fn work_sent_anew_into_a_kept_chunk_is_analysed_in_part() {
    let text = "from concurrent.futures import ThreadPoolExecutor\n\n\ndef make():\n    return None\n\n\npool = make()\n\n\ndef work(n):\n    return n + 1\n\n\ndef run():\n    return pool.submit(work, 1)\n\n\ndef unrelated():\n    return 1\n";
    let (from, to) = ("pool = make()", "pool = ThreadPoolExecutor()");
    let sent_into_work = |text: &str| {
        let file = SourceFile::parse(Language::Python, text);
        let work = text.find("return n + 1").unwrap();
        analyze(&file).sections.iter().any(|section| section.range.contains(&work) && section.sender.is_some())
    };
    assert!(!sent_into_work(text) && sent_into_work(&text.replacen(from, to, 1)));
    // The statement, `run` that reads `pool`, and `work`.
    assert_eq!(analysed_after(Language::Python, text, from, to), 3);
}

/// The tree chunker's summary says which functions a chunk may send elsewhere: those named
/// inside a call's arguments (or a Rust macro's tokens), not those only called.
#[test]
fn a_chunk_sends_what_it_names_inside_arguments() {
    let key = crate::analysis::chunks::name_key;
    let sendable = |language: Language, text: &str| {
        let chunks = crate::analysis::chunks::split(&SourceFile::parse(language, text));
        let mut names: Vec<u64> = chunks.iter().flat_map(|chunk| chunk.sendable.iter().copied()).collect();
        names.sort_unstable();
        names
    };
    let sorted = |words: &[&str]| {
        let mut keys: Vec<u64> = words.iter().map(|word| key(word)).collect();
        keys.sort_unstable();
        keys
    };
    let python = "def main(pool):\n    prepare()\n    threading.Thread(target=self.work).start()\n    asyncio.run(serve(port))\n    total = sum(square(x) for x in xs)\n    # log(report)\n";
    assert_eq!(
        sendable(Language::Python, python),
        sorted(&["target", "self", "work", "serve", "port", "square", "x", "for", "in", "xs"])
    );
    let rust = "fn main() {\n    prepare();\n    std::thread::spawn(work);\n    tokio::join!(fetch(), store());\n    let n = items.par_iter().map(weigh).count();\n}\n";
    assert_eq!(sendable(Language::Rust, rust), sorted(&["work", "fetch", "store", "weigh"]));
}

/// A Rust import inside code (a function's body, a test module) binds its names for the
/// whole file too: an edit that stays inside it is an edit to imports, analysed in part; one
/// that reaches past it, or a glob, still goes whole.
#[test]
fn edits_inside_an_import_within_code_are_analysed_in_part() {
    let unrelated: String =
        (0..30).map(|index| format!("fn unrelated_{index}() -> u32 {{\n    {index}\n}}\n\n")).collect();
    let text = format!(
        "use std::time::Duration;\n\n{unrelated}async fn fetch() {{\n    use std::thread::sleep;\n    sleep(Duration::from_millis(5));\n}}\n\nmod tests {{\n    use std::sync::Mutex;\n\n    async fn hold(lock: &Mutex<u32>) {{\n        let guard = lock.lock().unwrap();\n        super::fetch().await;\n        drop(guard);\n    }}\n}}\n"
    );
    let findings = |text: &str| finding_count(Language::Rust, text);
    assert_eq!(findings(&text), 2, "the blocking sleep and the guard held across an await");
    for (from, to) in
        [("std::thread::sleep;", "std::thread::sleeper;"), ("std::sync::Mutex;", "std::cell::RefCell as Mutex;")]
    {
        assert_eq!(findings(&text.replacen(from, to, 1)), 1, "{to:?}");
        // `leaves_out` compares the result with a whole analysis of the edited text.
        leaves_out(Language::Rust, &text, (from, to), unrelated.len() * 9 / 10);
    }
    let reuse = reuse_after(Language::Rust, &text, "std::thread::sleep;\n    sleep(", "std::thread::*;\n    sleep(");
    assert_eq!(reuse, Reuse::Whole("file-wide bindings edited"));
    let reuse = reuse_after(Language::Rust, &text, "std::sync::Mutex;", "std::sync::*;");
    assert_eq!(reuse, Reuse::Whole("imports edited with other code, or a glob import"));

    // Python's imports inside a function are the same; its top-level ones take their own path.
    let unrelated: String =
        (0..30).map(|index| format!("def unrelated_{index}():\n    return {index}\n\n\n")).collect();
    let python = format!(
        "import asyncio\n\n\n{unrelated}async def fetch():\n    from time import sleep\n    sleep(1)\n    await asyncio.sleep(1)\n"
    );
    let edit = ("from time import sleep", "from time import sleeper");
    takes_a_finding_away_in_part(Language::Python, &python, edit, unrelated.len() * 9 / 10);
    let reuse = reuse_after(Language::Python, &python, "import sleep\n", "import *\n");
    assert_eq!(reuse, Reuse::Whole("file-wide bindings edited"));
}

/// An edit inside a function leaves the module-level statements that do not read it out
/// of the part: nothing in the part can report for the module's top level.
#[test]
fn python_function_edits_leave_unrelated_module_statements_out() {
    let text = "import asyncio\n\nTIMEOUTS = {\"a\": 1, \"b\": 2}\nprint(\"loaded\")\n\nasync def fetch():\n    await asyncio.sleep(1)\n";
    let statements = "TIMEOUTS = {\"a\": 1, \"b\": 2}\nprint(\"loaded\")\n".len();
    leaves_out(Language::Python, text, ("sleep(1)", "sleep(2)"), statements);
}

/// Module-level statements are analysed together only for the missing-main-guard report, so
/// in a file without one an edit to one statement leaves the others out; an edit that starts
/// worker processes at module level makes the report and is analysed whole, and in a file that
/// has the report every module-level statement is analysed again.
#[test]
fn module_statements_are_analysed_together_only_for_the_main_guard() {
    let settings = "RETRIES = 3\nNAMES = [\"a\", \"b\"]\nprint(\"loaded with\", RETRIES)\n".repeat(10);
    let text = format!(
        "import asyncio\nfrom concurrent.futures import ProcessPoolExecutor\n\n{settings}LIMIT = 10\n\nasync def fetch():\n    await asyncio.sleep(1)\n"
    );
    leaves_out(Language::Python, &text, ("LIMIT = 10", "LIMIT = 20"), settings.len());
    let reuse = reuse_after(Language::Python, &text, "LIMIT = 10", "LIMIT = ProcessPoolExecutor().map(abs, [1])");
    assert_eq!(reuse, Reuse::Whole("missing main guard reported"));
    let guarded = text.replace("LIMIT = 10", "LIMIT = ProcessPoolExecutor().map(abs, [1])");
    let parsed = parsed_after(Language::Python, &guarded, "RETRIES = 3", "RETRIES = 4");
    assert!(parsed > settings.len(), "{parsed} bytes parsed");
}

/// Words in comments name nothing the analysis reads: a type named only in a function's
/// documentation stays out of the part, and a type the function does use is parsed without
/// its own documentation.
#[test]
fn rust_comments_bring_nothing_into_the_part() {
    let docs = "/// Kept for the metrics of every job the pool runs, with its own long story.\n".repeat(30);
    let text = format!(
        "{docs}struct Registry {{\n    jobs: u32,\n}}\n\n{docs}struct Limits {{\n    most: u32,\n}}\n\n/// Sleeps; see `Registry`.\nasync fn poll(limits: Limits) {{\n    std::thread::sleep(std::time::Duration::from_millis(5));\n}}\n"
    );
    leaves_out(Language::Rust, &text, ("from_millis(5)", "from_millis(6)"), 2 * docs.len());
}

/// Rust reads a struct only for its fields' types, which a part takes from the whole file: an
/// edit to a method that calls through a field leaves the struct, and the types its fields
/// name, out of the part, and still finds the call the field's type makes blocking.
#[test]
fn rust_structs_stay_out_of_the_part_while_their_fields_resolve() {
    let counters: String = (0..40).map(|index| format!("    hits_{index}: Counter,\n")).collect();
    let declarations = format!(
        "struct Counter {{\n    hits: u64,\n}}\n\nstruct App {{\n    rt: tokio::runtime::Runtime,\n{counters}}}\n"
    );
    let text = format!(
        "{declarations}\nimpl App {{\n    async fn handle(&self) {{\n        self.rt.block_on(async {{ 1 }});\n    }}\n\n    fn other(&self) {{}}\n}}\n"
    );
    let blocking = |text: &str| {
        let analysis = analyze(&SourceFile::parse(Language::Rust, text));
        analysis.findings.iter().filter(|finding| finding.subject.contains("block_on")).count()
    };
    assert_eq!(blocking(&text), 1, "the field's type makes the call blocking");
    // `reuse_after` compares the result with a whole analysis of the edited text.
    leaves_out(Language::Rust, &text, ("async { 1 }", "async { 2 }"), declarations.len());
}

/// An edit to a struct's fields changes what `self.field` resolves to in the chunks naming
/// the field, whichever struct they belong to: those are analysed again, with every
/// declaration of the field (the first one wins), and the rest stays out of the part.
#[test]
fn field_edits_analyse_the_chunks_naming_the_fields() {
    // Functions naming the struct, but not the field, are left alone too.
    let unrelated: String = (0..30)
        .map(|index| format!("fn unrelated_{index}(app: &App) -> u64 {{\n    app.hits + {index}\n}}\n\n"))
        .collect();
    // A module named like the field comes first: the field's declaration is not the first
    // definition of its name.
    let program = |app: &str, meter: &str| {
        format!(
            "mod state {{}}\n\nstruct App {{\n    {app},\n    hits: u64,\n}}\n\n{unrelated}struct Meter {{\n    {meter},\n}}\n\nimpl App {{\n    async fn handle(&self) {{\n        let guard = self.state.lock().unwrap();\n        tick().await;\n        drop(guard);\n    }}\n}}\n\nasync fn tick() {{}}\n"
        )
    };
    let held = |text: &str| {
        let analysis = analyze(&SourceFile::parse(Language::Rust, text));
        analysis.findings.iter().filter(|finding| finding.subject.contains("guard")).count()
    };
    let (blocking, plain) = ("state: std::sync::Mutex<u32>", "state: std::cell::RefCell<u32>");
    let left_out = unrelated.len() * 9 / 10;
    // The first `state` field of a known type decides: the guard is a blocking lock's, then
    // it is not (the type changed, the field renamed or removed, so that the later one is
    // first), and the other way round.
    for (app, meter, edited) in [
        (blocking, plain, "state: u32"),
        (blocking, plain, "status: std::sync::Mutex<u32>"),
        (plain, blocking, "status: std::cell::RefCell<u32>"),
        (plain, blocking, blocking),
    ] {
        let text = program(app, meter);
        let after = text.replacen(app, edited, 1);
        assert_ne!(held(&text), held(&after), "{app:?} → {edited:?}");
        // `leaves_out` compares the result with a whole analysis of the edited text.
        leaves_out(Language::Rust, &text, (app, edited), left_out);
        leaves_out(Language::Rust, &text, (&format!("    {app},\n"), ""), left_out);
        if meter != edited {
            leaves_out(Language::Rust, &text, (meter, edited), left_out);
        }
    }
    // A field many chunks name is analysed again with them, in part.
    partial_after(Language::Rust, &program(blocking, plain), "hits: u64", "misses: u64");
}

/// A field typed through an alias changes type with the alias: the part binds the field
/// again, and the chunks naming it find the new type.
#[test]
fn an_edited_alias_retypes_the_fields_declared_with_it() {
    let unrelated: String =
        (0..30).map(|index| format!("fn unrelated_{index}() -> u32 {{\n    {index}\n}}\n\n")).collect();
    let text = format!(
        "type Lock = std::sync::Mutex<u32>;\n\nstruct App {{\n    state: Lock,\n}}\n\n{unrelated}impl App {{\n    async fn handle(&self) {{\n        let guard = self.state.lock().unwrap();\n        tick().await;\n        drop(guard);\n    }}\n}}\n\nasync fn tick() {{}}\n"
    );
    let edit = ("std::sync::Mutex<u32>", "std::cell::RefCell<u32>");
    takes_a_finding_away_in_part(Language::Rust, &text, edit, unrelated.len() * 9 / 10);
}

/// gevent's monkey patching changes how the whole file's blocking calls behave.
#[test]
fn python_edits_around_gevent_monkey_patching() {
    // Functions nothing mentions leave room for the shortcut.
    let text = format!(
        "{}

def unrelated():
    return 1


def also_unrelated():
    return 2
",
        include_str!("../../../tests/corpus/python/gevent_site_fetcher.py")
    );
    reuse_after(Language::Python, &text, "monkey.patch_all()", "monkey.patch_al()");
    reuse_after(Language::Python, &text, "monkey.patch_all()", "");
    partial_after(Language::Python, &text, "gevent.sleep(interval)", "gevent.sleep(interval * 2)");
    reuse_after(Language::Python, &text, "gevent.sleep(interval)", "time.sleep(interval)");
}

/// A method reading `self.pool` needs where the pool is made, and what resolves that value,
/// not everything the method making it calls.
#[test]
fn a_variable_brings_what_resolves_its_value_only() {
    let helper =
        format!("def configure():\n{}    return 1\n", "    print('a line the edit does not need')\n".repeat(40));
    let text = format!(
        "from concurrent.futures import ProcessPoolExecutor\n\n\n{helper}\n\nclass Service:\n    \"\"\"Crunches numbers.\"\"\"\n\n    def __init__(self):\n        self.pool = ProcessPoolExecutor()\n        configure()\n\n    def crunch(self, numbers):\n        return self.pool.submit(sum, numbers)\n"
    );
    let reuse = reuse_after(Language::Python, &text, "submit(sum", "submit(max");
    let Reuse::Partial { analysed: 1, parsed, .. } = reuse else { panic!("{reuse:?}") };
    assert!(parsed < text.len() - helper.len(), "{parsed} of {} bytes parsed", text.len());
}

/// Comments before a member go to the class, not its block, when the member before them is
/// left out of the part; the part is still analysed, not the whole file.
#[test]
fn comments_between_python_members_leave_the_shortcut_on() {
    let text = r#"import threading


def start():
    threading.Thread(target=Worker().run).start()


class Worker:
    def skipped(self):
        return 1

    # Runs on its own thread.
    # Two lines of notes.
    def run(self):
        return 2

    def last(self):
        return 4


def unrelated():
    return 3
"#;
    partial_after(Language::Python, text, "return 2", "return 7");
}

/// A comment after code on a top-level line stays with that line's chunk: a part keeping the
/// line but leaving out the definition after it still ends the line, and parses.
#[test]
fn a_comment_after_top_level_code_stays_with_its_line() {
    let text = "import time\n\nLIMIT = 3  # seconds\n\n\ndef unrelated():\n    return 1\n\n\nasync def poll():\n    time.sleep(LIMIT)\n";
    partial_after(Language::Python, text, "time.sleep(LIMIT)", "time.sleep(LIMIT + 1)");
}

/// How many findings a whole analysis of `text` makes.
fn finding_count(language: Language, text: &str) -> usize {
    analyze(&SourceFile::parse(language, text)).findings.len()
}

/// Checks that `text` has one finding, which the edit (`from` replaced by `to`, first
/// occurrence) takes away, and that the edit is analysed in part, leaving at least
/// `left_out` bytes out, with the result of a whole analysis.
fn takes_a_finding_away_in_part(language: Language, text: &str, (from, to): (&str, &str), left_out: usize) {
    let after = text.replacen(from, to, 1);
    assert_eq!((finding_count(language, text), finding_count(language, &after)), (1, 0), "{to:?}");
    leaves_out(language, text, (from, to), left_out);
}

/// The bytes of `text` an edit's part parsed, when the edit was analysed in part.
fn parsed_after(language: Language, text: &str, from: &str, to: &str) -> usize {
    match reuse_after(language, text, from, to) {
        Reuse::Partial { parsed, .. } => parsed,
        reuse => panic!("{reuse:?}"),
    }
}

/// [`parsed_after`], which must leave at least `left_out` bytes of `text` unparsed.
fn leaves_out(language: Language, text: &str, (from, to): (&str, &str), left_out: usize) {
    let parsed = parsed_after(language, text, from, to);
    assert!(parsed + left_out <= text.len(), "{parsed} of {} bytes parsed, {left_out} should not be", text.len());
}

/// Only the items around an edit are cut again, so an edit that changes how the items after
/// it parse (a string opened here swallowing the functions below) must be caught by comparing
/// the rest of the top level with the previous version's.
#[test]
fn an_edit_that_swallows_later_items_is_analysed_whole() {
    let text = "import time\n\n\nasync def a():\n    x = ''\n    return x\n\n\nasync def b():\n    time.sleep(1)\n\n\ndef c():\n    return 3  # ''' + ''\n";
    let reuse = reuse_after(Language::Python, text, "x = ''", "x = '''");
    assert_eq!(reuse, Reuse::Whole("top-level layout changed"));
    partial_after(Language::Python, text, "return x", "return x + 1");
}

/// An edit's part binds no names from imports (they come from the whole file): Rust's are
/// left out, and of Python's only the last is read, after which a fix adds its own.
#[test]
fn an_edit_reads_only_the_import_a_fix_goes_after() {
    let uses = "use std::collections::HashMap;\nuse std::sync::Arc;\nuse std::time::Duration;\n";
    let rust = format!(
        "{uses}\nfn unrelated() -> u32 {{\n    1\n}}\n\nasync fn poll() {{\n    std::thread::sleep(Duration::from_millis(5));\n}}\n"
    );
    leaves_out(Language::Rust, &rust, ("from_millis(5)", "from_millis(6)"), uses.len());

    let imports = "import os\nimport sys\n";
    let python =
        format!("{imports}import time\n\n\ndef unrelated():\n    return 1\n\n\nasync def poll():\n    time.sleep(5)\n");
    leaves_out(Language::Python, &python, ("time.sleep(5)", "time.sleep(6)"), imports.len());
}

/// A chunk read only for what it declares is parsed from its first line of code: the
/// comments above it hold nothing the analysis reads.
#[test]
fn declarations_are_parsed_without_the_comments_above_them() {
    let docs = "/// Waits a little.\n///\n/// Long documentation that the analysis of a caller never needs to read.\n";
    let text = format!(
        "{docs}fn pause() {{\n    std::thread::sleep(std::time::Duration::from_millis(5));\n}}\n\nfn unrelated() -> u32 {{\n    1\n}}\n\nasync fn poll() {{\n    pause();\n}}\n"
    );
    leaves_out(Language::Rust, &text, ("    pause();", "    pause();\n    pause();"), docs.len());
}

/// An attribute of `self` bound in one class's method, or a name bound in a class body, is
/// read only by that class: an edit elsewhere that reads a name of the same spelling leaves the
/// class's binding out.
#[test]
fn class_attributes_are_read_only_inside_their_class() {
    let notes = "        # Worker processes for the heavy part; the size below is the pool's.\n".repeat(30);
    let first =
        format!("    def __init__(self):\n{notes}        self.pool = ProcessPoolExecutor()\n        self.size = 4\n\n");
    let text = format!(
        "from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor\n\n\nclass Crunch:\n{first}    def run(self, n):\n        return self.pool.submit(abs, n)\n\n\nclass Fetch:\n    limit = 3\n\n    def __init__(self):\n        self.pool = ThreadPoolExecutor()\n\n    def run(self, n):\n        return self.pool.submit(abs, -n)\n\n\ndef unrelated():\n    return 1\n"
    );
    let chunks = crate::analysis::chunks::split(&SourceFile::parse(Language::Python, text.as_str()));
    let binding = |line: &str| chunks.iter().find(|chunk| text[chunk.range.clone()].contains(line)).unwrap();
    let key = crate::analysis::chunks::name_key;
    assert!(binding("self.size = 4").class_attributes.contains(&key("pool")));
    assert!(!binding("limit = 3").class_attributes.contains(&key("limit")));
    let parsed = parsed_after(Language::Python, &text, "submit(abs, -n)", "submit(abs, -n - 1)");
    // The part holds `Fetch` and the import, not the long `Crunch.__init__`.
    assert!(parsed < first.len(), "{parsed} of {} bytes", text.len());

    // A name bound in a class body is the class's alone too: a function outside the class
    // reading a variable of the same name leaves the class's binding out.
    let notes = "    # Worker processes for the heavy part of every job.\n".repeat(30);
    let class =
        format!("class Jobs:\n{notes}    pool = ProcessPoolExecutor()\n\n    def run(self):\n        return 1\n");
    let text = format!(
        "from concurrent.futures import ProcessPoolExecutor\n\n\n{class}\n\ndef work(pool):\n    return pool.submit(abs, -1)\n"
    );
    leaves_out(Language::Python, &text, ("submit(abs, -1)", "submit(abs, -2)"), notes.len());
}

/// A node's kind, bytes, and start and end points (row, column).
/// Typing inside a comment of every program, at its end, in its middle and right after its
/// marker, and deleting from it: the tree made without parsing is, node for node, the one a
/// parse gives, Rust's nodes inside a comment included; a line break, a changed marker or a
/// block comment goes to the parser.
#[test]
fn a_comment_edit_gives_the_tree_a_parse_gives() {
    let mut made = 0;
    for language in Language::ALL {
        for program in clean_programs(language).into_iter().filter(|program| program.len() <= 12_000) {
            let previous = SourceFile::parse(language, program.as_str());
            let mut comments = Vec::new();
            crate::analysis::walk::named_nodes(previous.root(), |node| {
                if matches!(node.kind(), "comment" | "line_comment") {
                    comments.push(node.byte_range());
                }
                true
            });
            // A few per program, spread over it: each is compared with a parse of the program.
            let step = comments.len().div_ceil(2).max(1);
            for comment in comments.into_iter().step_by(step) {
                let middle = floor_char_boundary(&program, comment.start + comment.len() / 2 + 2).min(comment.end);
                let marker =
                    comment.start + program[comment.clone()].bytes().take_while(|b| b"#/!".contains(b)).count();
                for (range, inserted) in [
                    (comment.end..comment.end, " x"),
                    (middle..middle, "é"),
                    (floor_char_boundary(&program, comment.end - 1)..comment.end, ""),
                    (marker..marker, "x"),
                    (marker..marker, "/"),
                    (comment.start + 1..comment.start + 2, ""),
                ] {
                    let mut text = program.clone();
                    let range_shown = range.clone();
                    text.replace_range(range, inserted);
                    let Some(edited) = without_parsing(&previous, &text) else {
                        continue;
                    };
                    assert_eq!(
                        nodes(&edited),
                        nodes(&SourceFile::parse(language, text.as_str())),
                        "{:?} {:?} {:?}",
                        &program[comment.clone()],
                        range_shown,
                        inserted
                    );
                    made += 1;
                }
            }
        }
    }
    assert!(made > 100, "{made} comment edits made without parsing");
    let rust = SourceFile::parse(Language::Rust, "// note\nfn f() {}\n/* block */\n");
    for text in [
        "/// note\nfn f() {}\n/* block */\n",
        "x// note\nfn f() {}\n/* block */\n",
        "// no\nte\nfn f() {}\n/* block */\n",
        "// note\nfn f() {}\n/* blo*/ck */\n",
    ] {
        assert!(without_parsing(&rust, text).is_none(), "{text}");
    }
    for text in [
        "// notes\nfn f() {}\n/* block */\n",
        "// nxote\nfn f() {}\n/* block */\n",
        "//x note\nfn f() {}\n/* block */\n",
    ] {
        assert!(without_parsing(&rust, text).is_some(), "{text}");
    } // `è` over `é` differs in its last byte only: the edit cuts a character, and is left to
    // the parse instead of being sliced (the language server's stress test once panicked).
    let accented = SourceFile::parse(Language::Python, "x = 1  # café\n");
    let edited = without_parsing(&accented, "x = 1  # cafè\n");
    assert!(edited.is_none_or(|file| file.root().to_sexp() == accented.root().to_sexp()));
}

/// A function whose body is empty (a dedented line ends it at once) has its sections on an
/// empty range where its chunk ends and the next begins. Work sent into it (here by a bare
/// name, which finds the first `handle` in the file, a method) must still come from its sender
/// when the function's chunk is analysed again: the empty range is the ending chunk's.
#[test]
fn work_sent_into_an_empty_body_is_sent_again() {
    let text = "import asyncio\n\nclass Recorder:\n    async def save(self, item):\n        await asyncio.sleep(0)\n\n    async def handle(self, item):\nawait         self.save(item)\n\nasync def handle(event):\n    await asyncio.sleep(0)\n\ndef main():\n    asyncio.run(handle(\"start\"))\n";
    assert!(!SourceFile::parse(Language::Python, text).root().has_error());
    let blank_line_added = ("        await asyncio.sleep(0)\n\n", "        await asyncio.sleep(0)\n\n\n");
    partial_after(Language::Python, text, blank_line_added.0, blank_line_added.1);
}

/// While the text does not parse, a finding carried over from the last clean version keeps
/// pointing at its code: one where text was typed right at its start is dropped, since its
/// range (and its fix) would take the typed text in.
#[test]
fn a_finding_where_typing_starts_is_not_carried_over() {
    let text = "import asyncio\nimport time\n\n\nasync def main():\n    time.sleep(1)\n    time.sleep(2)\n";
    let edited = text.replacen("    time.sleep(1)", "    (time.sleep(1)", 1);
    assert!(SourceFile::parse(Language::Python, edited.as_str()).root().has_error());
    let whole = Whole::before(Language::Python, text, &edited);
    let carried = incremental::carried_over(&whole.previous()).expect("one chunk edited");
    let quoted: Vec<&str> = carried.findings.iter().map(|finding| &edited[finding.range.clone()]).collect();
    assert_eq!(quoted, ["time.sleep(2)"]);
}

/// Where spawned tokio tasks run depends on the runtime attributes anywhere in the file, so an
/// edit to one is analysed whole; other attributes (`#[derive(..)]`, `#[serde(..)]`, edited
/// as often as code) are not runtime attributes, unless the file binds their name to one.
#[test]
fn only_runtime_attributes_decide_where_tasks_run() {
    let rust = "use serde::Deserialize;\n\n#[derive(Debug, Deserialize)]\nstruct Config {\n    #[serde(rename = \"name\")]\n    label: String,\n}\n\n#[tokio::main]\nasync fn main() {\n    tokio::spawn(async {});\n}\n\n#[inline]\nfn helper() -> u32 {\n    1\n}\n";
    let placement = |text: &str| analyze(&SourceFile::parse(Language::Rust, text)).placement;
    for (from, to) in [
        ("#[derive(Debug, Deserialize)]", "#[derive(Debug, Clone, Deserialize)]"),
        ("rename = \"name\"", "rename = \"title\""),
        ("#[inline]", "#[inline(always)]"),
        ("#[inline]", "#[test]"),
    ] {
        partial_after(Language::Rust, rust, from, to);
    }
    let current = rust.replace("#[tokio::main]", "#[tokio::main(flavor = \"current_thread\")]");
    assert_ne!(placement(rust), placement(&current));
    let reuse = reuse_after(Language::Rust, rust, "#[tokio::main]", "#[tokio::main(flavor = \"current_thread\")]");
    assert_eq!(reuse, Reuse::Whole("placement facts edited"));
    // `#[start]` is `#[tokio::main]` here.
    let aliased = rust.replace("use serde::Deserialize;", "use serde::Deserialize;\nuse tokio::main as start;");
    let aliased = aliased.replace("#[tokio::main]", "#[start]");
    let flavoured = aliased.replace("#[start]", "#[start(flavor = \"current_thread\")]");
    assert_ne!(placement(&aliased), placement(&flavoured));
    let reuse = reuse_after(Language::Rust, &aliased, "#[start]", "#[start(flavor = \"current_thread\")]");
    assert_eq!(reuse, Reuse::Whole("placement facts edited"));
    partial_after(Language::Rust, &aliased, "#[inline]", "#[inline(always)]");
    // `#[test]` is tokio's after `use tokio::test;`.
    let tokio_test = rust.replace("use serde::Deserialize;", "use serde::Deserialize;\nuse tokio::test;");
    assert_ne!(placement(&tokio_test), placement(&tokio_test.replace("#[inline]", "#[test]")));
    let reuse = reuse_after(Language::Rust, &tokio_test, "#[inline]", "#[test]");
    assert_eq!(reuse, Reuse::Whole("placement facts edited"));
}

/// A tokio test added to a file of tokio tests builds no runtime the file did not build
/// already, so it is analysed in part; a runtime of another kind, or the only test's
/// attribute removed, changes where every spawned task runs, and is analysed whole.
#[test]
fn a_tokio_test_added_among_others_is_analysed_in_part() {
    let rust = "use std::time::Duration;\n\n#[tokio::test]\nasync fn first() {\n    tokio::spawn(async {});\n}\n\nfn unrelated() -> u32 {\n    1\n}\n\nfn helper() -> Duration {\n    Duration::from_millis(2)\n}\n";
    let placement = |text: &str| analyze(&SourceFile::parse(Language::Rust, text)).placement;
    let helper = "fn helper() -> Duration {\n    Duration::from_millis(2)\n}\n";
    let second = format!("{helper}\n#[tokio::test]\nasync fn second() {{\n    tokio::spawn(async {{}});\n}}\n");
    assert_eq!(placement(rust), placement(&rust.replace(helper, &second)));
    partial_after(Language::Rust, rust, helper, &second);
    let main = format!("{helper}\n#[tokio::main]\nasync fn main() {{}}\n");
    assert_ne!(placement(rust), placement(&rust.replace(helper, &main)));
    assert_eq!(reuse_after(Language::Rust, rust, helper, &main), Reuse::Whole("placement facts edited"));
    assert_ne!(placement(rust), placement(&rust.replace("#[tokio::test]\n", "")));
    assert_eq!(reuse_after(Language::Rust, rust, "#[tokio::test]\n", ""), Reuse::Whole("placement facts edited"));
    // One of two removed: the other still builds the runtime, wherever it is.
    let two = rust.replace(helper, &second);
    partial_after(Language::Rust, &two, "#[tokio::test]\nasync fn first", "async fn first");
    partial_after(Language::Rust, &two, "#[tokio::test]\nasync fn second", "async fn second");
    // Unless it builds another kind: then the file's runtimes change.
    let other_kind = two.replacen("#[tokio::test]", "#[tokio::test(flavor = \"multi_thread\")]", 1);
    assert_ne!(placement(&other_kind), placement(&other_kind.replace("#[tokio::test]\n", "")));
    let removed = "#[tokio::test]\nasync fn second";
    assert_eq!(
        reuse_after(Language::Rust, &other_kind, removed, "async fn second"),
        Reuse::Whole("placement facts edited")
    );
}

/// The placement of a file's sections (where spawned tokio tasks run, whether Dask work goes to
/// a cluster) rests on names an import can bind under any alias: `#[m]` is `#[tokio::main]`
/// after `use tokio::main as m;`, and `C()` connects a Dask client after
/// `from dask.distributed import Client as C`. Edits to such imports, or to the code that uses
/// such an alias, find the placement again.
#[test]
fn placement_through_an_alias_is_found_again() {
    let placement = |language: Language, text: &str| analyze(&SourceFile::parse(language, text)).placement;
    let rust = "use tokio::runtime;\n\n#[m]\nasync fn main() {\n    tokio::spawn(async {});\n}\n\nfn other() -> u32 {\n    1\n}\n";
    let aliased = rust.replace("use tokio::runtime;", "use tokio::main as m;");
    assert_ne!(placement(Language::Rust, rust), placement(Language::Rust, &aliased));
    // `reuse_after` compares the result with a whole analysis of the edited text.
    reuse_after(Language::Rust, rust, "use tokio::runtime;", "use tokio::main as m;");
    reuse_after(Language::Rust, &aliased, "use tokio::main as m;", "use tokio::runtime;");
    // Another crate under tokio's name makes `#[tokio::main]` its attribute, and the task
    // spawned through `go` runs where its API says.
    let unrelated = "\nfn more() -> u32 {\n    2\n}\n\nfn most() -> u32 {\n    3\n}\n";
    let spawning = format!(
        "use tokio::runtime;\nuse tokio::spawn as go;\n\n#[tokio::main]\nasync fn main() {{\n    run();\n}}\n\nfn run() {{\n    go(async {{}});\n}}\n{unrelated}"
    );
    let shadowed = spawning.replace("use tokio::runtime;", "use other as tokio;");
    assert_ne!(placement(Language::Rust, &spawning), placement(Language::Rust, &shadowed));
    let reuse = reuse_after(Language::Rust, &spawning, "use tokio::runtime;", "use other as tokio;");
    assert_eq!(reuse, Reuse::Whole("imports deciding where sections run edited"));
    // `test` decides nothing unless an import binds it to tokio's attribute, before or after.
    let tests = "use tokio::runtime;\nuse wasm_bindgen_test::wasm_bindgen_test as test;\n\n#[test]\nasync fn one() {\n    tokio::spawn(async {});\n}\n\nfn other() -> u32 {\n    1\n}\n";
    let reuse = reuse_after(Language::Rust, tests, "wasm_bindgen_test as test", "wasm_bindgen_test_x as test");
    assert!(matches!(reuse, Reuse::Partial { .. }), "{reuse:?}");
    let tokio_test = tests.replace("wasm_bindgen_test::wasm_bindgen_test as test", "tokio::test");
    assert_ne!(placement(Language::Rust, tests), placement(Language::Rust, &tokio_test));
    reuse_after(Language::Rust, tests, "wasm_bindgen_test::wasm_bindgen_test as test", "tokio::test");
    reuse_after(Language::Rust, &tokio_test, "tokio::test", "other::test");

    let python = "from dask.distributed import Client as C\nimport dask\n\n\n@dask.delayed\ndef inc(x):\n    return x + 1\n\n\ndef main():\n    return inc(1).compute()\n\n\ndef connect():\n    return None\n";
    let connected = python.replace("    return None", "    return C()");
    assert_ne!(placement(Language::Python, python), placement(Language::Python, &connected));
    reuse_after(Language::Python, python, "    return None", "    return C()");
    reuse_after(Language::Python, &connected, "    return C()", "    return None");
    let unrelated = connected.replace("import Client as C", "import Variable as C");
    assert_ne!(placement(Language::Python, &connected), placement(Language::Python, &unrelated));
    reuse_after(Language::Python, &connected, "import Client as C", "import Variable as C");
    reuse_after(Language::Python, &unrelated, "import Variable as C", "import Client as C");
}

/// A lifetime is no keyword: `&'static Entry` mentions `Entry`. Random-edit seed 119 (which
/// failed at the session's start too) removed the import of a type named only after
/// `&'static`, and the chunks naming it were left out of the part.
#[test]
fn a_type_after_a_lifetime_is_mentioned() {
    let key = crate::analysis::chunks::name_key;
    assert!(crate::analysis::chunks::mentions("entry: &'static Entry").contains(&key("Entry")));
    assert!(!crate::analysis::chunks::mentions("static LIMIT: u32 = 1;").contains(&key("LIMIT")));
    let rust = "use std::sync::Mutex;\nuse crate::catalogue::Entry;\n\nfn unrelated() -> u32 {\n    1\n}\n\nfn make(entry: &'static Entry, lock: &'static Mutex<u32>) -> u32 {\n    *lock.lock().unwrap()\n}\n";
    reuse_after(Language::Rust, rust, "use crate::catalogue::Entry;\n", "");
    reuse_after(Language::Rust, rust, "use std::sync::Mutex;\n", "");
}
