//! Parsing only the parts of a file that can have results, for `check` over whole code bases.
//!
//! A file that passes the pre-scan ([`super::prescan`]) usually touches a catalogued API in a
//! few places; the rest of it (most of a large module) cannot produce a section or a finding.
//! Parsing dominated `check`, so the file is cut into chunks from its text alone (top-level
//! items, and the members of top-level classes: [`super::python::regions`]), the chunks
//! holding a literal that made the file pass, where it can locate a result (`seed_offsets`),
//! are the seeds, and only what their results depend on is parsed: the seeds, every chunk
//! whose results may depend on them ([`dependents::dependents`]), and what those need,
//! chosen as after an edit in the editor (`select::context_of`): imports and module-level
//! statements, the declarations of the functions they call, the definitions that can type
//! the variables they read. Only the results of the
//! dependents count; the other chunks parsed are context, read for what they declare. Chunks
//! left out are definitions no seed reaches, so the analysis of the part reports exactly what
//! the whole file would.
//!
//! Whenever that cannot be relied on, the whole file is parsed: Rust files, a text the chunker
//! is unsure about, regions that would cover nearly everything anyway, and regions that do not
//! parse cleanly (a file with syntax errors is reported as a whole parse reports it).

use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use super::chunks::{self, Definers, NameSet, Spans};
use super::dependents::{self, Binding};
use super::incremental::select;
use super::prescan::{Occurrence, Role};
use super::{FileAnalysis, Language, SourceFile, analyze_everything, prescan, python};
use crate::catalogue::Catalogue;

/// Parsing regions costs a little per region; below this share of the text left out, a whole
/// parse is as fast and leaves nothing to chance.
const WORTH_IT: f64 = 0.9;

/// A file parsed for `check`: whole, or only in the regions its results need.
pub struct Part {
    pub file: SourceFile,
    /// For a file parsed in part, which parsed chunks' results count.
    selection: Option<Selection>,
}

/// The chunks of a file parsed in part, by role.
struct Selection {
    /// The chunks that may have results ([`dependents::dependents`]): theirs are the file's.
    analysed: Spans,
    /// Every parsed chunk, one range each: a result no single chunk holds straddles chunks.
    parsed: Spans,
    /// The chunks whose every mention was followed: work a section says was sent from
    /// elsewhere comes from one of them, or from a chunk parsed only for a declaration,
    /// where a call may find a later namesake of the function the whole file finds.
    traversed: Spans,
}

impl Part {
    /// What analysing the whole file gives, from the part: the results of the chunks that
    /// may have some (the others are context, parsed for what it declares). `None` when the
    /// part cannot vouch for that (a result straddling chunks, work sent from a chunk read
    /// only for a declaration): the caller then analyses the whole file.
    pub fn analyze(&self) -> Option<FileAnalysis> {
        let mut analysis = analyze_everything(&self.file);
        let Some(selection) = &self.selection else { return Some(analysis) };
        // Whether a result counts: `None` when it straddles chunks.
        let counts = |range: &Range<usize>| {
            if selection.analysed.holds(range) { Some(true) } else { selection.parsed.holds(range).then_some(false) }
        };
        let mut findings = Vec::with_capacity(analysis.findings.len());
        for finding in analysis.findings {
            if counts(&finding.range)? {
                findings.push(finding);
            }
        }
        let mut sections = Vec::with_capacity(analysis.sections.len());
        for section in analysis.sections {
            if counts(&section.range)? {
                if section.sender.as_ref().is_some_and(|sender| !selection.traversed.owns(sender.call.start)) {
                    return None;
                }
                sections.push(section);
            }
        }
        (analysis.findings, analysis.sections) = (findings, sections);
        Some(analysis)
    }
}

/// What `check` analyses: `None` when nothing in `text` can matter ([`prescan::may_matter`]),
/// else the file parsed in the regions its results need. The pre-scan is done:
/// [`Part::analyze`] gives what [`super::analyze`] gives for the whole file.
pub fn parse_if_it_matters(language: Language, text: &str) -> Option<Part> {
    // Most files hold no literal at all: the automaton alone rules them out.
    if !prescan::triggers(language).may_matter(text) {
        return None;
    }
    let occurrences = prescan::occurrences(language, text);
    if occurrences.is_empty() {
        return None;
    }
    Some(parse_around(language, text.into(), &occurrences, WORTH_IT))
}

/// Parses what the analysis of `text` needs, as [`parse_if_it_matters`] does, parsing regions
/// whenever they leave out more than `1 - worth_it` of the text (tests choose it).
#[cfg(test)]
pub(crate) fn parse_with(language: Language, text: Arc<str>, worth_it: f64) -> Part {
    let occurrences = prescan::occurrences(language, &text);
    parse_around(language, text, &occurrences, worth_it)
}

/// Parses the regions around the literals that `occurrences` locate (see [`seed_offsets`]).
fn parse_around(language: Language, text: Arc<str>, occurrences: &[Occurrence], worth_it: f64) -> Part {
    if let Some(planned) = plan(language, &text, occurrences, worth_it)
        && let Some(file) = SourceFile::try_parse_regions(language, text.clone(), &planned.regions, None)
        && !file.root().has_error()
    {
        return Part { file, selection: Some(planned.selection) };
    }
    Part { file: SourceFile::parse(language, text), selection: None }
}

/// Where the seeds are, sorted: the occurrences of literals a result can sit at, by their
/// [`Role`]. A last segment spelled alone (`Popen` inside `subprocess.py`, whose class it
/// names) resolves only where an import binds it; a receiver-agnostic method's name only where
/// it may be called or decorates (`self.delay = 60` reports nothing and gives no value). When
/// that leaves nothing, every occurrence that can locate a result counts.
fn seed_offsets(text: &str, occurrences: &[Occurrence], bindings: &[Binding]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let imports: Vec<&Binding> = bindings.iter().filter(|binding| binding.import).collect();
    let in_import = |offset: usize| imports.iter().any(|import| import.range.contains(&offset));
    let glob_import = imports.iter().any(|import| text[import.range.clone()].contains('*'));
    let word = |occurrence: &Occurrence| &text[occurrence.offset..occurrence.end];
    let imported: HashSet<&str> =
        occurrences.iter().filter(|occurrence| in_import(occurrence.offset)).map(word).collect();
    let locates = |occurrence: &&Occurrence| match occurrence.role {
        Role::Context => false,
        Role::Anywhere => true,
        Role::Name => glob_import || after_dot(text, occurrence.offset) || imported.contains(word(occurrence)),
        Role::Method => python::regions::opens_call(bytes, occurrence.end) || decorates(text, occurrence.offset),
    };
    let mut offsets: Vec<usize> = occurrences.iter().filter(locates).map(|occurrence| occurrence.offset).collect();
    if offsets.is_empty() {
        offsets = occurrences
            .iter()
            .filter(|occurrence| occurrence.role != Role::Context)
            .map(|occurrence| occurrence.offset)
            .collect();
    }
    offsets.sort_unstable();
    offsets
}

/// Whether the word at `offset` may follow a `.` (an attribute, resolved through what it is
/// an attribute of): the code before it ends with one, past blanks, line continuations and
/// line breaks (inside brackets, `threading.` may end the line above). A line above holding a
/// `#` may end in a comment hiding the dot, so it counts as one.
fn after_dot(text: &str, offset: usize) -> bool {
    let bytes = text.as_bytes();
    let mut index = offset;
    while let Some(byte) = index.checked_sub(1).map(|before| bytes[before]) {
        match byte {
            b' ' | b'\t' | b'\x0c' | b'\\' | b'\r' => index -= 1,
            b'\n' => {
                if bytes[chunks::line_start(text, index - 1)..index].contains(&b'#') {
                    return true;
                }
                index -= 1;
            }
            _ => return byte == b'.',
        }
    }
    false
}

/// Whether `offset` is on a decorator's line.
fn decorates(text: &str, offset: usize) -> bool {
    text[chunks::line_start(text, offset)..offset].trim_start().starts_with('@')
}

/// The byte ranges [`parse_with`] parses, or `None` when it parses the whole text.
#[cfg(test)]
pub(crate) fn regions_with(language: Language, text: &str, worth_it: f64) -> Option<Vec<Range<usize>>> {
    plan(language, text, &prescan::occurrences(language, text), worth_it).map(|planned| planned.regions)
}

/// What to parse of a file, and the roles of the chunks parsed.
struct Plan {
    regions: Vec<Range<usize>>,
    selection: Selection,
}

fn plan(language: Language, text: &str, occurrences: &[Occurrence], worth_it: f64) -> Option<Plan> {
    if language != Language::Python {
        return None;
    }
    if occurrences.iter().all(|occurrence| occurrence.role == Role::Context) {
        // Nothing can matter: the analysis needs the names only, from the whole file.
        return None;
    }
    let (chunks, bindings) = python::regions::chunks_and_bindings(text)?;
    let offsets = &seed_offsets(text, occurrences, &bindings);
    let dependents = dependents::dependents(&chunks, &bindings, offsets);
    let analysed = dependents.marked();
    // The main guard rule reads every module-level statement, and it can only report when one
    // of them uses something the catalogue knows (a process pool started there).
    let statement_uses_catalogue = (0..chunks.len()).any(|index| {
        let chunk = &chunks[index];
        dependents.uses_catalogue(index) && chunk.kind == chunks::ChunkKind::Statement && !chunk.framed
    });
    let reads = select::Reads {
        module_statements: statement_uses_catalogue,
        nested_imports: true,
        all_imports: true,
        variables: Some(&typed_definers(text, &chunks, &bindings)),
    };
    let context = select::context_of(language, &chunks, &analysed, reads);
    // A function read only for its declaration is parsed up to where that ends, unless the
    // rest of it defines more (a nested function, which a call may find; an import, which
    // binds for the whole file).
    let declaration_end = |index: usize| {
        let chunk = &chunks[index];
        let declares_itself_only =
            chunk.kind == chunks::ChunkKind::Definition && chunk.functions.len() == 1 && !chunk.binds_globally;
        (context.declared[index] && declares_itself_only)
            .then(|| python::declaration::end(text, &chunk.range))
            .flatten()
    };
    let regions = chunks::regions(text, language, &chunks, &context.parsed, &analysed, declaration_end);
    let kept: usize = regions.iter().map(|region| region.len()).sum();
    if kept == text.len() || kept as f64 >= worth_it * text.len() as f64 {
        return None;
    }
    let spans = |marks: &[bool]| Spans::marked(&chunks, marks);
    let selection =
        Selection { analysed: spans(&analysed), parsed: spans(&context.parsed), traversed: spans(&context.traversed) };
    Some(Plan { regions, selection })
}

/// For each name, the chunks holding a binding that may give it a type: one that calls or
/// annotates ([`Binding::may_type`]) and spells a word the type can come from. The analysis
/// types a variable only from a catalogue entry its callee, annotation or decorator resolves
/// to (whose last segment or method name the statement spells, or an alias an import binds),
/// from a function of the file returning an annotated type, or from a generated gRPC stub.
fn typed_definers(text: &str, chunks: &[chunks::Chunk], bindings: &[Binding]) -> Definers {
    let words = |binding: &Binding| chunks::mentions(&text[binding.range.clone()]);
    // Aliases: `from threading import Thread as T` binds `T` to what the catalogue knows.
    let mut aliases = NameSet::default();
    for binding in bindings.iter().filter(|binding| binding.import) {
        if words(binding).iter().any(|word| CATALOGUE_WORDS.contains(word)) {
            aliases.extend(&binding.names);
        }
    }
    let functions: NameSet = chunks.iter().flat_map(|chunk| chunk.functions.iter().copied()).collect();
    let mut definers = Definers::default();
    for binding in bindings.iter().filter(|binding| binding.may_type) {
        // Every word of the statement: an annotation may sit among its targets.
        let statement = &text[binding.range.clone()];
        let typing = words(binding).iter().any(|word| CATALOGUE_WORDS.contains(word) || aliases.contains(word))
            || binding.calls.iter().any(|name| functions.contains(name))
            || statement.contains("Stub")
            || statement.contains("_grpc");
        if !typing {
            continue;
        }
        let holder = dependents::chunk_at(chunks, binding.range.start);
        for &name in &binding.names {
            let holders = definers.entry(name).or_default();
            if holders.last() != Some(&holder) {
                holders.push(holder);
            }
        }
    }
    definers
}

/// Every word a Python catalogue entry can be spelled with at a use: each segment of its
/// names, and its methods.
static CATALOGUE_WORDS: LazyLock<NameSet> = LazyLock::new(|| {
    let entries = Catalogue::global().apis().iter().filter(|entry| entry.language == Language::Python);
    let mut words = NameSet::default();
    for entry in entries {
        words.extend(entry.names.iter().flat_map(|name| name.split('.')).map(chunks::name_key));
        words.extend(entry.methods.iter().map(|method| chunks::name_key(method)));
    }
    words
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    /// The text `check` parses of `text`, after checking that analysing it gives the whole
    /// file's sections and findings; and the whole file's analysis.
    fn parsed_part(text: &str) -> (String, FileAnalysis) {
        let regions = regions_with(Language::Python, text, 1.0).expect("a part");
        let whole = analyze(&SourceFile::parse(Language::Python, text));
        let part = parse_with(Language::Python, text.into(), 1.0).analyze().expect("nothing straddles chunks");
        assert_eq!(format!("{:?}", whole.findings), format!("{:?}", part.findings));
        assert_eq!(format!("{:?}", whole.sections), format!("{:?}", part.sections));
        (regions.iter().map(|region| &text[region.clone()]).collect(), whole)
    }

    /// A process pool started at module level gets no fix when definitions follow it, even when
    /// they were left out of the tree.
    #[test]
    fn left_out_definitions_still_count_as_top_level_statements() {
        let text = "import multiprocessing\n\ndef work(x):\n    return x * 2\n\npool = multiprocessing.Pool()\nprint(pool.map(work, range(3)))\n\ndef helper():\n    return 1\n";
        let (parsed, whole) = parsed_part(text);
        assert_eq!(parsed, text[..text.find("def helper").unwrap()]);
        assert_eq!(whole.findings.len(), 1);
        assert!(whole.findings[0].fix.is_none());
    }

    /// In a class, only the members a literal's results can reach are parsed: not a method
    /// that mentions a coroutine without calling it, not one whose local variable shares a
    /// function's name, not unrelated ones; and the results are the whole file's.
    #[test]
    fn members_the_results_cannot_reach_are_left_out() {
        let text = "import asyncio\nimport time\n\n\nclass Service:\n    def __init__(self):\n        self.loop = None\n\n    async def fetch(self):\n        time.sleep(1)\n        return 1\n\n    async def caller(self):\n        self.fetch()\n\n    def mentions(self, fetch):\n        value = fetch\n        return value\n\n    def uses_local(self):\n        t = 3\n        return t\n\n    def other(self):\n        return 2\n\n\ndef t():\n    return 0\n\n\nx = 1\n";
        let (parsed, whole) = parsed_part(text);
        assert!(whole.findings.len() >= 2, "{:?}", whole.findings);
        for kept in ["async def fetch", "async def caller", "class Service", "import time"] {
            assert!(parsed.contains(kept), "{kept} missing from\n{parsed}");
        }
        // No module-level statement starts processes, so none is needed for the main guard.
        for left_out in ["def mentions", "def uses_local", "def other", "def t()", "x = 1"] {
            assert!(!parsed.contains(left_out), "{left_out} parsed in\n{parsed}");
        }
    }

    /// A module's name alone locates nothing: a function spelling `threading` only for an
    /// event is left out, while the one starting a thread, and the function it starts, are
    /// parsed.
    #[test]
    fn chunks_spelling_only_a_module_name_are_no_seeds() {
        let text = "import threading\n\n\ndef signal():\n    done = threading.Event()\n    return done\n\n\ndef work():\n    return 1\n\n\ndef start():\n    threading.Thread(target=work).start()\n";
        let (parsed, whole) = parsed_part(text);
        assert!(!whole.sections.is_empty());
        assert!(!parsed.contains("def signal"), "{parsed}");
        assert!(parsed.contains("def work") && parsed.contains("def start"), "{parsed}");
    }

    /// A variable links its readers only when it may hold something the catalogue knows: a
    /// stub made in one method reaches the method calling it, a port number does not.
    #[test]
    fn variables_link_only_when_their_value_can_carry_meaning() {
        let text = "import asyncio\nimport grpc\nimport inventory_pb2_grpc\n\n\nclass Client:\n    async def open(self):\n        self.port = find_port()\n        self.stub = inventory_pb2_grpc.InventoryStub(grpc.insecure_channel('x'))\n        await asyncio.sleep(0)\n\n    def describe(self):\n        return self.port\n\n    def stock(self, sku):\n        return self.stub.GetStock(sku)\n\n    def close(self):\n        pass\n";
        let (parsed, whole) = parsed_part(text);
        assert!(whole.sections.iter().any(|section| text[section.range.clone()].contains("GetStock")));
        assert!(parsed.contains("def stock") && !parsed.contains("def describe"), "{parsed}");
    }

    /// The text of the chunks `check` analyses in `text` (the others are parsed as context or
    /// left out).
    fn analysed_part(text: &str) -> String {
        parsed_part(text);
        let part = parse_with(Language::Python, text.into(), 1.0);
        let selection = part.selection.expect("a part");
        selection.analysed.0.iter().map(|range| &text[range.clone()]).collect()
    }

    /// `self.func = func` names a function without calling it: even when the file's first
    /// `func` is a coroutine, the attribute gets no value the analysis follows, so the method
    /// reading it is not analysed.
    #[test]
    fn naming_a_function_without_calling_it_gives_no_value() {
        let text = "import asyncio\n\n\ndef make():\n    async def func():\n        await asyncio.sleep(0)\n    return func\n\n\nclass Wrapper:\n    def __init__(self, func):\n        self.func = func\n\n    def current(self):\n        return self.func\n\n\ndef unrelated():\n    return 0\n";
        let analysed = analysed_part(text);
        assert!(!analysed.contains("def current"), "{analysed}");
    }

    /// A receiver-agnostic method's name gives a value only where it is called:
    /// `self.delay = 60` is a number, so what reads the attribute is not analysed for it.
    #[test]
    fn a_method_name_not_called_gives_no_value() {
        let text = "import time\nfrom celery import shared_task\n\n\nclass Poller:\n    def __init__(self):\n        self.delay = 60\n\n    def later(self):\n        self.due = time.time() + self.delay\n\n    def report(self):\n        return self.due\n\n\ndef send(task):\n    task.delay(1)\n";
        let (parsed, whole) = parsed_part(text);
        assert!(whole.sections.iter().any(|section| text[section.range.clone()].contains("task.delay")));
        assert!(!parsed.contains("def report"), "{parsed}");
    }

    /// An attribute of `self` is a variable of its class: another class's method mentioning
    /// the same name is not analysed for it, while the class's own method is.
    #[test]
    fn an_attribute_of_self_links_only_its_own_class() {
        let text = "import threading\n\n\nclass Server:\n    def start(self):\n        self.worker = threading.Thread(target=print)\n\n    def stop(self):\n        self.worker.join()\n\n\nclass Client:\n    def stop(self, worker):\n        return worker\n";
        let analysed = analysed_part(text);
        assert!(analysed.contains("self.worker.join()"), "{analysed}");
        assert!(!analysed.contains("return worker"), "{analysed}");
    }

    /// Only a function handed over as work can be sent elsewhere: the method the thread runs
    /// is analysed, the one merely called is read for its declaration.
    #[test]
    fn only_functions_handed_over_as_work_are_followed() {
        let text = "import threading\n\n\nclass Server:\n    def start(self):\n        self.poll()\n        threading.Thread(target=self.serve).start()\n\n    def serve(self):\n        return 1\n\n    def poll(self):\n        return 2\n\n\ndef unrelated():\n    return 0\n";
        let analysed = analysed_part(text);
        assert!(analysed.contains("def serve") && !analysed.contains("def poll"), "{analysed}");
    }

    /// A name spelled alone resolves only where an import binds it: a module's own class
    /// called `Thread` locates nothing, `threading.Thread` does.
    #[test]
    fn a_name_spelled_alone_needs_an_import_to_locate_a_result() {
        let text = "import threading\n\n\nclass Thread:\n    pass\n\n\ndef make():\n    return Thread()\n\n\ndef start():\n    threading.Thread(target=print).start()\n\n\ndef unrelated():\n    return 0\n";
        let analysed = analysed_part(text);
        assert!(analysed.contains("def start"), "{analysed}");
        assert!(!analysed.contains("def make") && !analysed.contains("class Thread"), "{analysed}");
        let imported = text.replace("import threading\n", "import threading\nfrom threading import Thread\n");
        assert!(analysed_part(&imported).contains("def make"));
    }

    #[test]
    fn decorators_and_attributes_are_told_from_the_text() {
        let text = "@app.delay\ndef f(): pass\nx = pool . \\\n  Pool\ny = Pool\nz = (mp.  # why\n    Pool)\nw = (mp.\n\n    Pool)\nif x:\n    Pool()\n";
        assert!(decorates(text, text.find("delay").unwrap()));
        assert!(!decorates(text, text.find("f()").unwrap()));
        let pools: Vec<bool> = text.match_indices("Pool").map(|(at, _)| after_dot(text, at)).collect();
        assert_eq!(pools, [true, false, true, true, false]);
    }

    /// An import binds its names for the whole file wherever it stands, even in a method.
    #[test]
    fn an_import_in_a_method_binds_for_the_whole_file() {
        let text = "class Setup:\n    def load(self):\n        from threading import Thread as T\n\n    def other(self):\n        return 1\n\n\ndef start():\n    T(target=print).start()\n\n\ndef unrelated():\n    return 0\n";
        let (parsed, whole) = parsed_part(text);
        assert!(
            whole.sections.iter().any(|section| text[section.range.clone()].starts_with("T(")),
            "{:?}",
            whole.sections
        );
        assert!(parsed.contains("def start"), "{parsed}");
    }

    /// Where a function runs is decided by the call sending it; the functions it calls in turn
    /// stay where they were, so they are read for their declarations only.
    #[test]
    fn the_callees_of_a_sent_function_are_not_analysed() {
        let text = "import threading\n\n\ndef helper():\n    return 1\n\n\ndef work():\n    return helper()\n\n\ndef start():\n    threading.Thread(target=work).start()\n\n\ndef unrelated():\n    return 0\n";
        let analysed = analysed_part(text);
        assert!(analysed.contains("def work") && analysed.contains("def start"), "{analysed}");
        assert!(!analysed.contains("def helper"), "{analysed}");
    }

    /// Only a coroutine's callers can report on a call of it (one that is never awaited): the
    /// caller of a plain function starting a thread is read for nothing.
    #[test]
    fn only_the_callers_of_coroutines_are_analysed() {
        let text = "import asyncio\nimport threading\n\n\ndef start():\n    threading.Thread(target=print).start()\n\n\nasync def fetch():\n    await asyncio.sleep(1)\n\n\ndef caller():\n    start()\n\n\ndef forgets():\n    fetch()\n\n\ndef unrelated():\n    return 0\n";
        let analysed = analysed_part(text);
        assert!(analysed.contains("def forgets") && !analysed.contains("def caller"), "{analysed}");
    }

    /// A variable's definitions are read only where they can give it a type: a call or an
    /// annotation spelling something the catalogue knows (or an import binds, or the file
    /// defines). `self.lock = lock` cannot, nor can `self.lock = str(self).upper()`;
    /// `self.lock = threading.Lock()` might.
    #[test]
    fn definitions_that_cannot_type_a_variable_are_not_parsed() {
        let text = "import threading\nfrom threading import RLock as R\n\n\ndef make() -> threading.Lock:\n    return threading.Lock()\n\n\nclass Server:\n    def __init__(self, lock):\n        self.lock = lock\n\n    def reset(self):\n        self.lock = threading.Lock()\n\n    def alias(self):\n        self.lock = R()\n\n    def made(self):\n        self.lock = make()\n\n    def rename(self):\n        self.lock = str(self).upper()\n\n    def start(self):\n        threading.Thread(target=print, name=self.lock).start()\n\n\ndef unrelated():\n    return 0\n";
        let parsed = parsed_part(text).0;
        for kept in ["def reset", "def alias", "def made"] {
            assert!(parsed.contains(kept), "{kept} missing from\n{parsed}");
        }
        assert!(!parsed.contains("def __init__") && !parsed.contains("def rename"), "{parsed}");
    }

    /// A function read only for its declaration is parsed up to the first statement of its
    /// body, which is all a call of it reads (whether it is a coroutine, its return type).
    /// One defining another function, or importing, is parsed whole: a call may find the
    /// nested function, and an import binds for the whole file.
    #[test]
    fn functions_read_for_their_declaration_are_cut_after_their_first_statement() {
        let text = "import threading\n\n\n@traced\ndef prepare(items: list) -> list:\n    \"\"\"Sorts.\"\"\"\n    ordered = sorted(items)\n    return ordered\n\n\ndef outer():\n    x = 1\n    def inner():\n        return 2\n    return inner\n\n\ndef loads():\n    x = 1\n    import json\n    return json\n\n\ndef start(items):\n    prepare(items)\n    outer()\n    loads()\n    inner()\n    threading.Thread(target=print).start()\n";
        let (parsed, whole) = parsed_part(text);
        assert!(!whole.sections.is_empty());
        assert!(parsed.contains("@traced\ndef prepare(items: list) -> list:\n    \"\"\"Sorts.\"\"\"\n"), "{parsed}");
        assert!(!parsed.contains("ordered = sorted"), "{parsed}");
        assert!(parsed.contains("return inner") && parsed.contains("return json"), "{parsed}");
    }

    #[test]
    fn files_that_cannot_matter_are_not_parsed() {
        assert!(parse_if_it_matters(Language::Python, "import os\nprint(os.getcwd())\n").is_none());
        assert!(parse_if_it_matters(Language::Python, "# async threading\n'''asyncio'''\n").is_none());
        assert!(parse_if_it_matters(Language::Rust, "fn main() {}\n").is_none());
        let text = "import asyncio\nasync def f():\n    await asyncio.sleep(1)\n";
        let part = parse_if_it_matters(Language::Python, text).expect("async code matters");
        assert_eq!(part.file.root().to_sexp(), SourceFile::parse(Language::Python, text).root().to_sexp());
    }

    #[test]
    fn only_python_files_with_something_to_find_are_cut() {
        let unrelated = "import os\n\ndef f():\n    return os.getcwd()\n\ndef g():\n    return 1\n";
        assert_eq!(regions_with(Language::Python, unrelated, 1.0), None);
        let rust = "async fn f() {}\nfn g() {}\n";
        assert_eq!(regions_with(Language::Rust, rust, 1.0), None);
        // Unsure text (an unclosed bracket) is parsed whole.
        let open = "import asyncio\nasync def f():\n    await asyncio.sleep(1)\ndef g(:\n    return (1\n";
        assert_eq!(regions_with(Language::Python, open, 1.0), None);
        // Regions covering nearly all of the text are not worth it.
        let most =
            format!("import asyncio\nasync def f():\n{}def g(): pass\n", "    await asyncio.sleep(1)\n".repeat(10));
        assert!(regions_with(Language::Python, &most, 1.0).is_some());
        assert_eq!(regions_with(Language::Python, &most, WORTH_IT), None);
    }
}
