//! A literal pre-scan that tells, before parsing, whether a file can have any section or
//! finding at all. Most files of a large code base use nothing the catalogue knows about in a
//! way that starts work elsewhere; for them `check` skips parsing and analysis entirely.
//!
//! The literals are derived, not listed by hand: from the catalogue (the module or crate every
//! qualified name starts with, receiver-agnostic method names, keywords) and from what each
//! rule declares it needs ([`super::rules::Needs`]). A file passes when it contains every
//! literal of at least one *alternative*, a small conjunction such as `to` + `cuda` for
//! `x.to("cuda")`.
//!
//! Why a missing literal proves there is nothing to find: name resolution
//! ([`super::names::Names::resolve_api`]) is purely textual. A qualified name starts with what
//! an import, a `use`, a full path or a builtin spells out in the file, or with the type of a
//! variable, which in turn comes from another catalogue entry (a constructor, a `returns`, a
//! scope `handle`); those producers are followed here. Method-only entries need the method's
//! name, plus their `context` and `when` text. Sections start only at entries with `starts`
//! and at `async` keywords, and every rule says which entries or which async code it reports
//! on. A test checks on every program the repository holds that the fast path and the full
//! analysis agree.
//!
//! Two refinements keep files that only talk about concurrency out. A name resolves from the
//! identifiers of the tree, so whole-word literals count only in code, not in comments or plain
//! strings (for Python, see [`super::python::regions::prose`]). And the text of a resolved name
//! always spells its last segment somewhere (`Thread` in `threading.Thread(..)`, in
//! `from threading import Thread as T`, or in `th.Thread` after `import threading as th`), so
//! each alternative also needs that segment: `import threading` alone, for a lock, is not
//! enough. The exceptions are types a variable can hold without the file spelling them (what
//! an entry `returns` or hands out as a scope `handle`) and generated stubs.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::rules::{self, Needs, Rule};
use super::{Language, python};
use crate::catalogue::{ApiEntry, Catalogue, Kind};

/// A piece of text a file must contain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Literal {
    pub text: String,
    /// Must stand as a whole identifier (`to` in `x.to(..)`, not in `total`). Only texts that
    /// resolution reads as whole identifiers are matched so.
    pub whole_word: bool,
}

/// The literals that can make a file matter, for one language.
pub struct Triggers {
    literals: Vec<Literal>,
    /// Where each literal can locate a result.
    roles: Vec<Role>,
    /// Each alternative is a set of indices into `literals`; one fully present suffices.
    alternatives: Vec<Vec<usize>>,
    matcher: AhoCorasick,
}

impl std::fmt::Debug for Triggers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Triggers").field("literals", &self.literals).field("alternatives", &self.alternatives).finish()
    }
}

type Alternative = BTreeSet<Literal>;

static PYTHON: LazyLock<Triggers> =
    LazyLock::new(|| Triggers::build(Catalogue::global(), Language::Python, rules::RULES));
static RUST: LazyLock<Triggers> = LazyLock::new(|| Triggers::build(Catalogue::global(), Language::Rust, rules::RULES));

/// Whether `text` can contain anything the analysis reports: a section or a finding. When this
/// is false, analysing the file is guaranteed to give neither.
///
/// Whole-word literals (module names, methods, keywords) count only in code: names are resolved
/// from identifiers, never from comments or plain strings, so `async` in a docstring starts
/// nothing. Literals matched anywhere (a `when` argument such as `"cuda"`, an entry's
/// `context`) count everywhere.
pub fn may_matter(language: Language, text: &str) -> bool {
    // Most files have no literal at all: one pass of the automaton rules them out.
    let triggers = triggers(language);
    if !triggers.may_matter(text) {
        return false;
    }
    match language {
        // Rust has no prose to leave out: that pass said it all.
        Language::Rust => true,
        // Most files that matter say so in their first lines (an import), so the prose is
        // scanned only as far as the occurrences asked about, and the search stops at the
        // first alternative that holds.
        Language::Python => {
            let mut prose = ProseSoFar::new(text);
            triggers.satisfied(text, |literal, offset| !literal.whole_word || !prose.holds(offset))
                || prose.unsure_anywhere()
        }
    }
}

/// Python's prose ([`python::regions::prose`]), scanned lazily up to the offsets asked about.
struct ProseSoFar<'a> {
    scan: python::regions::Prose<'a>,
    found: Vec<std::ops::Range<usize>>,
    /// Everything before this offset has been classified.
    scanned: usize,
    unsure: bool,
}

impl<'a> ProseSoFar<'a> {
    fn new(text: &'a str) -> ProseSoFar<'a> {
        ProseSoFar { scan: python::regions::Prose::new(text), found: Vec::new(), scanned: 0, unsure: false }
    }

    /// Whether `offset` lies in prose, as far as the scan can tell yet: after an unsure scan
    /// nothing is prose, which may come to light only further on (see [`Self::unsure_anywhere`]).
    fn holds(&mut self, offset: usize) -> bool {
        while !self.unsure && self.scanned <= offset {
            match self.scan.next() {
                Some(Ok(range)) => {
                    self.scanned = range.end;
                    self.found.push(range);
                }
                Some(Err(_)) => self.unsure = true,
                None => self.scanned = usize::MAX,
            }
        }
        // Overlapping matches come by their ends, so an offset can be before the last one.
        let before = self.found.partition_point(|range| range.start <= offset);
        !self.unsure && before > 0 && self.found[before - 1].contains(&offset)
    }

    /// Whether the scan of the whole text is unsure, which makes every occurrence count: an
    /// occurrence left out as prose before that came to light did count after all.
    fn unsure_anywhere(&mut self) -> bool {
        self.holds(usize::MAX - 1);
        self.unsure
    }
}

/// Where the literals that make `text` matter occur, in code (see [`may_matter`]): empty exactly
/// when it does not.
pub fn satisfied_offsets(language: Language, text: &str) -> Vec<usize> {
    occurrences(language, text).into_iter().map(|occurrence| occurrence.offset).collect()
}

/// An occurrence of a literal that makes a file matter.
#[derive(Debug, Clone, Copy)]
pub struct Occurrence {
    pub offset: usize,
    /// Where the literal ends.
    pub end: usize,
    pub role: Role,
}

/// Whether a literal is spelled where a result can sit, and where. A part of a file holding no
/// occurrence that can locate a result has results only through what it calls, what calls
/// it, or what it imports (see [`super::dependents`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Locates nothing: a module a name starts with (a result sits where its last segment is
    /// spelled: `threading.Event()` alone reports nothing), an entry's `context` or `when`
    /// text, which only make an alternative hold.
    Context,
    /// Wherever it is spelled: a keyword, a builtin, a generated stub's module.
    Anywhere,
    /// A qualified name's last segment (`Thread`): resolved after a `.` (`threading.Thread`),
    /// or spelled alone where an import binds it (`from threading import Thread`).
    Name,
    /// Only ever a receiver-agnostic method's name (`delay`, `to`): the entry resolves only
    /// where the method is called (`task.delay(..)`) or decorates.
    Method,
}

/// The occurrences behind [`satisfied_offsets`], in text order.
pub fn occurrences(language: Language, text: &str) -> Vec<Occurrence> {
    let prose = match language {
        Language::Python => python::regions::prose(text),
        Language::Rust => None,
    };
    let prose = prose.unwrap_or_default();
    triggers(language).occurrences(text, |literal, offset| {
        // `prose` is sorted and disjoint: the last range starting at or before `offset`.
        let before = prose.partition_point(|range| range.start <= offset);
        !literal.whole_word || before == 0 || !prose[before - 1].contains(&offset)
    })
}

pub fn triggers(language: Language) -> &'static Triggers {
    match language {
        Language::Python => &PYTHON,
        Language::Rust => &RUST,
    }
}

/// The keyword every coroutine, `async fn`, async block and async closure is written with:
/// what rules that report only in async code ([`Needs::AsyncCode`]) need.
const ASYNC_KEYWORD: &str = "async";

impl Triggers {
    pub fn build(catalogue: &Catalogue, language: Language, rules: &[&Rule]) -> Triggers {
        let entries: Vec<&ApiEntry> = catalogue.apis().iter().filter(|entry| entry.language == language).collect();
        let separator = match language {
            Language::Python => ".",
            Language::Rust => "::",
        };
        let heads = head_alternatives(&entries, separator);
        let needs: Vec<Needs> =
            rules.iter().filter(|rule| rule.language == language).flat_map(|rule| rule.needs.iter().copied()).collect();
        let mut alternatives: BTreeSet<Alternative> = BTreeSet::new();
        if needs.iter().any(|need| matches!(need, Needs::AsyncCode)) {
            alternatives.insert(BTreeSet::from([word(ASYNC_KEYWORD)]));
        }
        let reported = |entry: &ApiEntry| {
            needs.iter().any(|need| match need {
                Needs::Entry(predicate) => predicate(entry),
                Needs::AsyncCode => false,
            })
        };
        // Types a variable can hold without the file spelling them: what producers return.
        let produced: BTreeSet<&str> =
            entries.iter().flat_map(|entry| [entry.returns.as_deref(), entry.handle.as_deref()]).flatten().collect();
        for entry in entries.iter().filter(|entry| starts_section(entry) || reported(entry)) {
            alternatives.extend(entry_alternatives(entry, separator, &heads, &produced));
        }
        let mut triggers = Triggers::from_alternatives(alternatives);
        let (locating, method_only) = (locating_words(&entries, separator), method_only_words(&entries, separator));
        let anywhere = words_needing_no_import(&entries, separator);
        let role = |literal: &Literal| {
            let text = literal.text.as_str();
            if !locating.contains(text) {
                Role::Context
            } else if !literal.whole_word || anywhere.contains(text) {
                Role::Anywhere
            } else if method_only.contains(text) {
                Role::Method
            } else {
                Role::Name
            }
        };
        triggers.roles = triggers.literals.iter().map(role).collect();
        triggers
    }

    fn from_alternatives(alternatives: BTreeSet<Alternative>) -> Triggers {
        let literals: Vec<Literal> =
            alternatives.iter().flatten().cloned().collect::<BTreeSet<_>>().into_iter().collect();
        let index: HashMap<&Literal, usize> = literals.iter().enumerate().map(|(i, l)| (l, i)).collect();
        let alternatives =
            alternatives.iter().map(|alternative| alternative.iter().map(|l| index[l]).collect()).collect();
        let matcher = AhoCorasick::new(literals.iter().map(|literal| literal.text.as_str()))
            .expect("a few hundred short literals always build an automaton");
        let roles = vec![Role::Anywhere; literals.len()];
        Triggers { literals, roles, alternatives, matcher }
    }

    /// The literals, for tests and diagnostics.
    pub fn literals(&self) -> &[Literal] {
        &self.literals
    }

    pub fn may_matter(&self, text: &str) -> bool {
        self.satisfied(text, |_, _| true)
    }

    /// Whether some alternative holds in `text`, counting only the occurrences `counts`
    /// accepts; it stops at the first that holds.
    pub fn satisfied(&self, text: &str, mut counts: impl FnMut(&Literal, usize) -> bool) -> bool {
        let bytes = text.as_bytes();
        let mut present = vec![false; self.literals.len()];
        for found in self.matcher.find_overlapping_iter(text) {
            let index = found.pattern().as_usize();
            let literal = &self.literals[index];
            if present[index]
                || (literal.whole_word && !stands_alone(bytes, found.start(), found.end()))
                || !counts(literal, found.start())
            {
                continue;
            }
            present[index] = true;
            // Most alternatives are a single literal: stop at the first that holds.
            if self.alternatives.iter().any(|alt| alt.contains(&index) && alt.iter().all(|&i| present[i])) {
                return true;
            }
        }
        false
    }

    /// Where the literals that make `text` matter occur: every occurrence of a literal
    /// belonging to an alternative `text` satisfies, counting only those `counts` accepts. Parts of a file holding none of these cannot start anything on their
    /// own (see [`super::partial`]).
    pub fn occurrences(&self, text: &str, counts: impl Fn(&Literal, usize) -> bool) -> Vec<Occurrence> {
        let bytes = text.as_bytes();
        let mut present = vec![false; self.literals.len()];
        let mut found = Vec::new();
        for occurrence in self.matcher.find_overlapping_iter(text) {
            let index = occurrence.pattern().as_usize();
            let literal = &self.literals[index];
            if (literal.whole_word && !stands_alone(bytes, occurrence.start(), occurrence.end()))
                || !counts(literal, occurrence.start())
            {
                continue;
            }
            present[index] = true;
            found.push((index, occurrence.start()));
        }
        let mut satisfying = vec![false; self.literals.len()];
        for alternative in self.alternatives.iter().filter(|alt| alt.iter().all(|&i| present[i])) {
            for &index in alternative {
                satisfying[index] = true;
            }
        }
        found
            .into_iter()
            .filter(|&(index, _)| satisfying[index])
            .map(|(index, offset)| Occurrence {
                offset,
                end: offset + self.literals[index].text.len(),
                role: self.roles[index],
            })
            .collect()
    }
}

/// No identifier character touches the match on either side. Only ASCII counts as an
/// identifier character here, so a non-ASCII neighbour keeps the match: that errs toward
/// analysing a file, never toward skipping one.
fn stands_alone(bytes: &[u8], start: usize, end: usize) -> bool {
    let is_identifier = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let before = start.checked_sub(1).map(|i| bytes[i]);
    !before.is_some_and(is_identifier) && !bytes.get(end).copied().is_some_and(is_identifier)
}

fn word(text: &str) -> Literal {
    Literal { text: text.to_owned(), whole_word: true }
}

fn anywhere(text: &str) -> Literal {
    Literal { text: text.to_owned(), whole_word: false }
}

/// The words spelled where a use of an entry sits: last segments (`Thread` of
/// `threading.Thread`, or a builtin's name), methods, keywords; and the module names of
/// generated stubs, matched as parts of longer names.
fn locating_words<'a>(entries: &[&'a ApiEntry], separator: &str) -> std::collections::HashSet<&'a str> {
    let mut words = std::collections::HashSet::from([ASYNC_KEYWORD]);
    for entry in entries {
        for name in &entry.names {
            words.insert(last(name, separator));
            if entry.remote_methods {
                words.insert(head(name, separator));
            }
        }
        words.extend(entry.methods.iter().map(String::as_str));
        words.extend(entry.keywords.iter().map(|keyword| keyword_word(keyword)));
    }
    words
}

/// The word a keyword entry is spelled with in code: `async` of `async def`.
fn keyword_word(keyword: &str) -> &str {
    let first = keyword.split_whitespace().next().unwrap_or(keyword);
    first.trim_matches(|c: char| !c.is_alphanumeric() && c != '_')
}

/// The words a result can sit at with no import binding them: keywords, builtins' names and
/// names without a module.
fn words_needing_no_import<'a>(entries: &[&'a ApiEntry], separator: &str) -> std::collections::HashSet<&'a str> {
    let mut words = std::collections::HashSet::from([ASYNC_KEYWORD]);
    for entry in entries {
        for name in &entry.names {
            if head(name, separator) == "builtins" || !name.contains(separator) {
                words.insert(last(name, separator));
            }
        }
        words.extend(entry.keywords.iter().map(|keyword| keyword_word(keyword)));
    }
    words
}

/// The receiver-agnostic method names that are nothing else: no segment of another kind of
/// entry's name (as `remote` of the decorator `ray.remote` is), nor a keyword. A method
/// entry's own qualified names end with the method, which gives nothing new.
fn method_only_words<'a>(entries: &[&'a ApiEntry], separator: &str) -> std::collections::HashSet<&'a str> {
    let mut named = std::collections::HashSet::new();
    for entry in entries {
        for name in &entry.names {
            let mut segments: Vec<&str> = name.split(separator).collect();
            if entry.kind == Kind::Method {
                segments.pop();
            }
            named.extend(segments);
        }
        named.extend(entry.keywords.iter().flat_map(|keyword| keyword.split_whitespace()));
    }
    let methods = entries.iter().flat_map(|entry| entry.methods.iter().map(String::as_str));
    methods.filter(|method| !named.contains(method)).collect()
}

/// An entry starts sections by being used (`starts`) or by being a keyword (`async def`).
fn starts_section(entry: &ApiEntry) -> bool {
    !entry.starts.is_empty() || !entry.keywords.is_empty()
}

/// The first segment of a qualified name, without a macro's `!`.
fn head<'a>(name: &'a str, separator: &str) -> &'a str {
    name.trim_start_matches(separator).split(separator).next().unwrap_or(name).trim_end_matches('!')
}

/// For each head (module or crate), the alternatives that can make a qualified name with that
/// head appear: the head itself, or any entry whose values have a type under that head (a
/// constructor, a `returns`, a scope `handle`), since a variable holding such a value resolves
/// with no mention of the head. Followed to a fixed point, so chains of producers count.
fn head_alternatives(entries: &[&ApiEntry], separator: &str) -> HashMap<String, BTreeSet<Alternative>> {
    let mut heads: HashMap<String, BTreeSet<Alternative>> = HashMap::new();
    for entry in entries {
        for name in &entry.names {
            let own = own_head(entry, name, separator);
            heads.entry(head(name, separator).to_owned()).or_default().insert(own);
        }
    }
    loop {
        let mut changed = false;
        for entry in entries {
            let class_type = (entry.kind == Kind::Class).then(|| entry.names.first()).flatten();
            let produced = [entry.returns.as_ref(), entry.handle.as_ref(), class_type];
            for type_name in produced.into_iter().flatten() {
                let producer: BTreeSet<Alternative> = entry
                    .names
                    .iter()
                    .flat_map(|name| heads.get(head(name, separator)).cloned().unwrap_or_default())
                    .chain(method_alternatives(entry))
                    .collect();
                let target = heads.entry(head(type_name, separator).to_owned()).or_default();
                for alternative in producer {
                    changed |= target.insert(alternative);
                }
            }
        }
        if !changed {
            return heads;
        }
    }
}

/// How a name's head is spelled in a file that uses it.
fn own_head(entry: &ApiEntry, name: &str, separator: &str) -> Alternative {
    let first = head(name, separator);
    if first == "builtins" {
        // Builtins need no import: the name itself (`open`) is what the file contains.
        return BTreeSet::from([word(name.rsplit(separator).next().unwrap_or(name))]);
    }
    if entry.remote_methods {
        // Generated stubs are recognised by a suffix of a module or crate name
        // (`inventory_pb2_grpc.InventoryStub`), so the head may be part of a longer word.
        return BTreeSet::from([anywhere(first)]);
    }
    BTreeSet::from([word(first)])
}

/// Receiver-agnostic methods: the method's name, with the `context` text the entry requires
/// and the argument text its `when` condition compares.
fn method_alternatives(entry: &ApiEntry) -> Vec<Alternative> {
    entry
        .methods
        .iter()
        .map(|method| {
            let mut alternative = BTreeSet::from([word(method)]);
            alternative.extend(entry.context.as_deref().map(anywhere));
            if let Some(when) = &entry.when {
                alternative.extend(when.equals.as_deref().into_iter().chain(when.prefix.as_deref()).map(anywhere));
            }
            alternative
        })
        .collect()
}

/// The last segment of a qualified name, without a macro's `!`: `Thread` in `threading.Thread`.
fn last<'a>(name: &'a str, separator: &str) -> &'a str {
    name.rsplit(separator).next().unwrap_or(name).trim_end_matches('!')
}

/// The alternatives under which an entry can be used. A qualified name resolves from text
/// that spells its last segment: the attribute or path segment (`threading.Thread`,
/// `pool.submit`), or an import or `use` that binds it (`from threading import Thread as T`).
/// So each alternative also needs that segment, except for types a variable can hold without
/// the file spelling them (`produced`) and for generated stubs, matched by a module suffix.
fn entry_alternatives(
    entry: &ApiEntry,
    separator: &str,
    heads: &HashMap<String, BTreeSet<Alternative>>,
    produced: &BTreeSet<&str>,
) -> Vec<Alternative> {
    let mut alternatives = method_alternatives(entry);
    for name in &entry.names {
        let spelled = (!entry.remote_methods && !produced.contains(name.as_str())).then(|| word(last(name, separator)));
        let with_name = |mut alternative: Alternative| {
            alternative.extend(spelled.clone());
            alternative
        };
        alternatives.push(with_name(own_head(entry, name, separator)));
        alternatives.extend(heads.get(head(name, separator)).into_iter().flatten().cloned().map(with_name));
    }
    for keyword in &entry.keywords {
        // `async def`, `.await`: the first word, as the file spells it.
        let first = keyword.split_whitespace().next().unwrap_or(keyword);
        alternatives.push(BTreeSet::from([word(first.trim_matches(|c: char| !c.is_alphanumeric() && c != '_'))]));
    }
    alternatives
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_come_from_the_catalogue_and_the_rules() {
        let python = triggers(Language::Python);
        let texts: Vec<&str> = python.literals().iter().map(|l| l.text.as_str()).collect();
        for expected in ["async", "asyncio", "threading", "multiprocessing", "concurrent"] {
            assert!(texts.contains(&expected), "{expected} missing from {texts:?}");
        }
        let rust = triggers(Language::Rust);
        let texts: Vec<&str> = rust.literals().iter().map(|l| l.text.as_str()).collect();
        for expected in ["async", "tokio", "rayon", "par_iter"] {
            assert!(texts.contains(&expected), "{expected} missing from {texts:?}");
        }
    }

    #[test]
    fn a_new_catalogue_entry_adds_its_literals() {
        let entry = r#"
[[api]]
id = "zebrapool.Herd"
language = "python"
kind = "class"
names = ["zebrapool.Herd"]
methods = ["stampede"]
context = "savanna"
model = "parallel"
runs_on = "worker-processes"
starts = ["with"]
docs = "https://example.org"
[api.en]
summary = "s"
explanation = "e"
hint = """
one
two"""
[api.ru]
summary = "сводка"
explanation = "о"
hint = """
один
два"""
"#;
        let catalogue = Catalogue::load(&[("extra.toml", entry)]).unwrap();
        let triggers = Triggers::build(&catalogue, Language::Python, rules::RULES);
        assert!(triggers.literals().contains(&word("zebrapool")), "{triggers:?}");
        assert!(triggers.may_matter("import zebrapool\nzebrapool.Herd()\n"));
        assert!(triggers.may_matter("from zebrapool import Herd as H\n"));
        assert!(!triggers.may_matter("import zebrapool\n"), "a name resolves only where its last segment is spelled");
        assert!(triggers.may_matter("x.stampede()  # savanna\n"));
        assert!(!triggers.may_matter("x.stampede()\n"), "the method needs its context");
        assert!(!triggers.may_matter("import zebrapoolside\n"), "a head matches whole words only");
        assert!(triggers.may_matter("async def f(): pass\n"), "rules on async code need `async`");
    }

    #[test]
    fn producers_make_their_types_reachable() {
        // A variable bound to `asyncio.get_running_loop()` resolves `loop.run_in_executor`
        // under `asyncio` even where only the producer's head is spelled out; whatever the
        // head, every producer of a type is an alternative for names under it.
        let python = triggers(Language::Python);
        assert!(
            python.may_matter("from asyncio import get_running_loop\nget_running_loop().run_in_executor(None, f)\n")
        );
        assert!(!python.may_matter("import os\nprint(os.getcwd())\n"));
        assert!(python.may_matter("import stub_pb2_grpc\n"), "generated stubs match inside words");
    }

    #[test]
    fn whole_words_count_only_in_code() {
        assert!(may_matter(Language::Python, "import threading\nthreading.Thread(target=f).start()\n"));
        assert!(!may_matter(Language::Python, "import threading\nlock = threading.Lock()\n"));
        let prose = "\"\"\"Starts a threading.Thread for you.\"\"\"\nimport threading  # with async code\n";
        assert!(!may_matter(Language::Python, prose), "comments and strings start nothing");
        assert!(may_matter(Language::Python, "x = f'{threading.Thread(target=g)}'\n"), "f-string fields are code");
        assert!(may_matter(Language::Python, "async def f(): pass\n"));
        // Literals matched anywhere (`.to("cuda")`) count in strings too.
        let cuda = "import torch\nx = torch.zeros(3)\ny = x.to(\"cuda\")\n";
        assert!(triggers(Language::Python).literals().contains(&anywhere("cuda")));
        assert_eq!(may_matter(Language::Python, cuda), triggers(Language::Python).may_matter(cuda));
        // A string the scan cannot follow leaves every literal counting.
        assert!(may_matter(Language::Python, "'''unclosed threading.Thread(target=f)\n"));
        // Found unsure only past the occurrences, which were all in prose.
        assert!(may_matter(Language::Python, "# threading.Thread(target=f)\nx = '''unclosed\n"));
        assert!(!may_matter(Language::Python, "# threading.Thread(target=f)\nx = 1\n"));
    }

    #[test]
    fn whole_words_ignore_identifier_neighbours() {
        assert!(stands_alone(b"x.to(y)", 2, 4));
        assert!(!stands_alone(b"total", 0, 2));
        assert!(!stands_alone(b"auto", 2, 4));
        assert!(stands_alone("é.to".as_bytes(), 3, 5));
        assert!(stands_alone(b"to", 0, 2));
    }
}
