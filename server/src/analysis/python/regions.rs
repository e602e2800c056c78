//! Top-level chunks of Python source found from the text alone, without parsing, so that
//! `check` can parse only the chunks that can matter (see [`crate::analysis::partial`]).
//!
//! A top-level statement starts on a line whose first character is code (not whitespace, not a
//! comment) while the scanner is outside every string, bracket and backslash continuation.
//! Decorators and the column-0 comments right above a statement belong to it; `else`, `elif`,
//! `except` and `finally` at column 0 continue the statement before them. The chunks partition
//! the text like [`chunks::split`] does, and their summaries over-approximate what the parsed
//! chunks would say: every identifier after `def`/`class`, every identifier of an import
//! anywhere (an import inside a function binds a name for the whole file), and the targets of
//! assignments, `for` loops and `as` outside function bodies. Extra names only add links
//! between chunks, so they cost speed, never correctness.
//!
//! Mentions are the words of code only: identifiers outside comments and plain strings, and
//! every word of an f-string (its fields are code). Unlike [`chunks::mentions`], which keeps
//! every word, this leaves out prose: the analysis resolves names from identifiers of the tree
//! only, so a name in a docstring, a comment or a string such as `__all__` links nothing, and
//! counting it made every function of a module depend on every other.
//!
//! When the scan cannot be sure of the structure (a string or bracket still open at the end,
//! a closing bracket that does not match, an f-string quoting its own quote character inside a
//! replacement field, a lone carriage return), it returns `None` and the caller parses the
//! whole file.

use std::ops::Range;

use crate::analysis::chunks::{self, Chunk, ChunkKind, NameSet, Summary, name_key};
use crate::analysis::dependents::Binding;

/// Defines [`KEYWORDS`] and [`is_keyword`] from one list: the scans test every identifier of a
/// file, and a `match` compiles to a switch on length and bytes, where a search of the list
/// compared each identifier with every keyword in turn.
macro_rules! keywords {
    ($($keyword:literal),* $(,)?) => {
        /// Python's reserved words: never a name a chunk defines. (Soft keywords such as
        /// `match`, `case` and `type` can be names, so they are not here.)
        const KEYWORDS: &[&str] = &[$($keyword),*];

        /// One of [`KEYWORDS`].
        fn is_keyword(word: &str) -> bool {
            matches!(word, $($keyword)|*)
        }
    };
}

keywords!(
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
);

thread_local! {
    /// [`KEYWORDS`] as name keys.
    static KEYWORD_KEYS: NameSet = KEYWORDS.iter().map(|keyword| name_key(keyword)).collect();
}

/// Keywords that continue the compound statement before them when they start a line.
const CONTINUATIONS: &[&str] = &["else", "elif", "except", "finally"];

/// The top-level chunks of `text`, or `None` when the scan is unsure of the structure.
pub fn chunks(text: &str) -> Option<Vec<Chunk>> {
    chunks_and_bindings(text).map(|(chunks, _)| chunks)
}

/// [`chunks()`], with the statements binding names for other chunks, in text order.
pub fn chunks_and_bindings(text: &str) -> Option<(Vec<Chunk>, Vec<Binding>)> {
    let mut scanner = Scanner::new(text);
    scanner.run()?;
    let Scanner { mut built, bindings, .. } = scanner;
    // Chunks partition the text: each ends where the next begins.
    let ends: Vec<usize> = built.iter().skip(1).map(|chunk| chunk.range.start).chain([text.len()]).collect();
    for (chunk, end) in built.iter_mut().zip(ends) {
        chunk.range.end = end;
    }
    Some((built, bindings))
}

/// What the next identifier means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Nothing,
    /// After `async`: a `def` defines a coroutine.
    Def,
    /// After `def`, and whether `async` came before it.
    FunctionName {
        coroutine: bool,
    },
    ClassName,
    /// After `as`: a name bound by `with`, `except`, `import` or a pattern.
    Target,
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Open brackets, innermost last.
    brackets: Vec<u8>,
    built: Vec<Chunk>,
    /// The first column-0 comment line since the last line of code: a statement starting next
    /// takes it (and what follows) as its preamble.
    comment_start: Option<usize>,
    /// The current chunk holds only decorators so far: the next statement is what they decorate.
    decorating: bool,
    /// Indentation of the current logical line.
    indent: usize,
    /// Indentation of the `def` whose body the scan is in: assignments there are local.
    function_indent: Option<usize>,
    expect: Expect,
    /// Bracket depth at which an `as (a, b)` target group closes.
    target_group: Option<usize>,
    /// The current logical statement contains `import`.
    importing: bool,
    /// The current logical statement is an import: it names modules, never the file's own
    /// names, so its words are no mentions.
    import_statement: bool,
    /// Between `for` and `in` of a top-level `for` statement.
    for_target: bool,
    /// Whether the current logical statement starts with a keyword (`None` before its first
    /// token): a `:` ends the header of `if`, `for`, `def` ..., but annotates `name: type`.
    keyword_statement: Option<bool>,
    /// Identifiers and strings of the current logical statement since its start or its last `=`.
    pending: Vec<(usize, usize)>,
    /// The identifier just before, for `:=`.
    last_identifier: Option<(usize, usize)>,
    /// The top-level class whose body the scan is in, cut into members as it goes.
    class: Option<ClassFrame>,
    /// The current logical line holds code (not only blanks and comments).
    code_line: bool,
    /// The mentions of the current logical statement, and whether it binds a variable: then
    /// they are what the variable's value can depend on ([`Summary::value_mentions`]).
    statement_mentions: Vec<(u64, bool)>,
    /// The names the current logical statement calls (bare, or on `self`/`cls`).
    statement_calls: Vec<u64>,
    /// The current logical statement calls something or holds an annotation.
    statement_may_type: bool,
    binds_variable: bool,
    /// Where the current logical statement starts, and the names it binds for other chunks.
    statement_start: usize,
    statement_binds: Vec<u64>,
    bindings: Vec<Binding>,
    /// The scan is past the `=` of an assignment in the current statement.
    in_value: bool,
    /// Where the last logical line holding code ended (its `\n`): a class's closing chunk
    /// starts there.
    code_end: usize,
}

/// A top-level class being cut into members, as [`chunks::split`] cuts a parsed one: each
/// member starts at its line's start, between the class's head and a closing chunk that holds
/// what follows the last member's last line. A class is left whole when it has no indented
/// member, when nothing follows its last line, or when its indentation is inconsistent.
struct ClassFrame {
    /// Index of the head chunk among the chunks built.
    head: usize,
    /// The indentation of the class's members, once the first is seen.
    member_indent: Option<usize>,
    /// The current member holds only decorators so far.
    decorating: bool,
    /// A line in the body is indented less than the members: the file does not parse.
    broken: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            bytes: text.as_bytes(),
            brackets: Vec::new(),
            built: Vec::new(),
            comment_start: None,
            decorating: false,
            indent: 0,
            function_indent: None,
            expect: Expect::Nothing,
            target_group: None,
            importing: false,
            import_statement: false,
            for_target: false,
            keyword_statement: None,
            pending: Vec::new(),
            last_identifier: None,
            class: None,
            code_line: false,
            statement_mentions: Vec::new(),
            binds_variable: false,
            statement_start: 0,
            statement_binds: Vec::new(),
            statement_calls: Vec::new(),
            statement_may_type: false,
            bindings: Vec::new(),
            in_value: false,
            code_end: 0,
        }
    }

    fn run(&mut self) -> Option<()> {
        let bytes = self.bytes;
        // A byte order mark is not part of the first line's code.
        let mut index = if self.text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut line_start = true;
        loop {
            if line_start {
                line_start = false;
                self.line(index);
            }
            let Some(&byte) = bytes.get(index) else { break };
            match byte {
                b'\n' => {
                    if self.brackets.is_empty() {
                        if std::mem::take(&mut self.code_line) {
                            self.code_end = index;
                        }
                        self.end_statement(index);
                        line_start = true;
                    }
                    index += 1;
                }
                b'\r' if bytes.get(index + 1) != Some(&b'\n') => return None,
                b'#' => {
                    let end = memchr_newline(bytes, index);
                    // A lone carriage return ends a line for Python: what follows it is code.
                    if memchr::memchr(b'\r', &bytes[index..end])
                        .is_some_and(|r| bytes.get(index + r + 1) != Some(&b'\n'))
                    {
                        return None;
                    }
                    index = end;
                }
                b'\\' => {
                    // A continuation joins the next line to this one; anything else after a
                    // backslash outside a string is an error the parser reports.
                    index += match (bytes.get(index + 1), bytes.get(index + 2)) {
                        (Some(b'\n'), _) => 2,
                        (Some(b'\r'), Some(b'\n')) => 3,
                        _ => 1,
                    };
                }
                b'"' | b'\'' => {
                    let start = index;
                    index = skip_string(bytes, index, false)?;
                    self.string(start, index, false);
                }
                b':' if bytes.get(index + 1) != Some(&b'=') => {
                    // `name: type` binds `name` (a class field, an annotated variable).
                    if self.brackets.is_empty() && self.keyword_statement == Some(false) {
                        self.define_assigned();
                        self.pending.clear();
                        self.statement_may_type = true;
                    }
                    index += 1;
                }
                b'(' | b'[' | b'{' => {
                    self.keyword_statement.get_or_insert(false);
                    self.statement_may_type |= byte == b'(' && may_call(bytes, index);
                    if self.expect == Expect::Target {
                        self.target_group = Some(self.brackets.len());
                        self.expect = Expect::Nothing;
                    }
                    self.brackets.push(byte);
                    index += 1;
                }
                b')' | b']' | b'}' => {
                    let open = self.brackets.pop()?;
                    if !matches!((open, byte), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                        return None;
                    }
                    if self.target_group == Some(self.brackets.len()) {
                        self.target_group = None;
                    }
                    index += 1;
                }
                b'=' => index = self.equals(index),
                b';' => {
                    if self.brackets.is_empty() {
                        self.end_statement(index);
                        self.statement_start = index + 1;
                    }
                    index += 1;
                }
                byte if byte.is_ascii_digit() => {
                    while index < bytes.len() && (is_word(bytes[index]) || bytes[index] == b'.') {
                        index += 1;
                    }
                }
                byte if is_word(byte) => {
                    let start = index;
                    let prefixed;
                    (index, prefixed) = word_at(bytes, index);
                    if let Some(formatted) = prefixed {
                        index = skip_string(bytes, index, formatted)?;
                        self.string(start, index, formatted);
                    } else {
                        self.word(start, index);
                    }
                }
                _ => index += 1,
            }
        }
        if !self.brackets.is_empty() {
            return None;
        }
        if std::mem::take(&mut self.code_line) {
            // The last line has no line end: no closing chunk can follow a class ending there.
            self.code_end = self.text.len();
        }
        self.end_statement(self.text.len());
        self.finish_class();
        if self.built.is_empty() && !self.text.is_empty() {
            // Only comments and blank lines.
            self.start_chunk(0, ChunkKind::Statement);
        }
        Some(())
    }

    /// At column 0 of a line that starts a logical line.
    fn line(&mut self, start: usize) {
        let bytes = self.bytes;
        let (mut index, mut indent) = (start, 0);
        while let Some(&byte) = bytes.get(index) {
            match byte {
                b' ' => indent += 1,
                // Python's tab stops; a form feed resets the count.
                b'\t' => indent = (indent / 8 + 1) * 8,
                b'\x0c' => indent = 0,
                _ => break,
            }
            index += 1;
        }
        match bytes.get(index) {
            None | Some(b'\n' | b'\r') => return,
            Some(b'#') => {
                if index == start && self.comment_start.is_none() {
                    self.comment_start = Some(start);
                }
                return;
            }
            Some(_) => {}
        }
        self.indent = indent;
        self.code_line = true;
        self.statement_start = index;
        if self.function_indent.is_some_and(|function| indent <= function) {
            self.function_indent = None;
        }
        let comment_start = self.comment_start.take();
        let word = first_word(bytes, index);
        if index != start {
            // Indented code: the comments above were inside the previous statement's body.
            self.member_line(start, index, indent);
            return;
        }
        self.finish_class();
        if CONTINUATIONS.iter().any(|keyword| keyword.as_bytes() == word) {
            return;
        }
        let decorator = bytes[start] == b'@';
        if self.decorating {
            self.decorating = decorator;
            if word == b"class" {
                self.open_class();
            }
            return;
        }
        self.decorating = decorator;
        let kind = if decorator {
            ChunkKind::Definition
        } else {
            match word {
                b"import" | b"from" => ChunkKind::Import,
                b"def" | b"class" => ChunkKind::Definition,
                b"async"
                    if first_word(bytes, start + word.len() + skip_spaces(&bytes[start + word.len()..])) == b"def" =>
                {
                    ChunkKind::Definition
                }
                _ => ChunkKind::Statement,
            }
        };
        let chunk_start = if self.built.is_empty() { 0 } else { comment_start.unwrap_or(start) };
        self.start_chunk(chunk_start, kind);
        if word == b"class" {
            self.open_class();
        }
    }

    /// The current chunk is a class (its `class` line was just seen).
    fn open_class(&mut self) {
        let head = self.built.len() - 1;
        self.class = Some(ClassFrame { head, member_indent: None, decorating: false, broken: false });
    }

    /// At the first code (`code`) of an indented logical line starting at `start`: a line at the
    /// indentation of the open class's members starts a member, unless it continues the one
    /// before (`else:`) or follows the member's decorators.
    fn member_line(&mut self, start: usize, code: usize, indent: usize) {
        let Some(class) = &mut self.class else { return };
        let member_indent = *class.member_indent.get_or_insert(indent);
        if indent != member_indent {
            class.broken |= indent < member_indent;
            return;
        }
        let word = first_word(self.bytes, code);
        if CONTINUATIONS.iter().any(|keyword| keyword.as_bytes() == word) {
            return;
        }
        let decorator = self.bytes[code] == b'@';
        if std::mem::replace(&mut class.decorating, decorator) {
            return;
        }
        self.start_chunk(start, ChunkKind::Definition);
        if let Some(member) = self.built.last_mut() {
            member.framed = true;
        }
    }

    /// Ends the open class, if any, before a column-0 line or the end of the text: its
    /// members are framed by its head and a closing chunk from the end of its last line, or,
    /// when that cannot be, folded back into one chunk.
    fn finish_class(&mut self) {
        let Some(class) = self.class.take() else { return };
        if self.built.len() == class.head + 1 {
            return;
        }
        if class.broken || self.code_end >= self.text.len() {
            let members: Vec<Chunk> = self.built.drain(class.head + 1..).collect();
            let head = &mut self.built[class.head];
            for member in &members {
                head.defines.extend(&member.defines);
                head.functions.extend(&member.functions);
                head.others.extend(&member.others);
                head.value_mentions.extend(&member.value_mentions);
                head.value_callable.extend(&member.value_callable);
                head.mentions.extend(&member.mentions);
                head.callable.extend(&member.callable);
                head.calls.extend(&member.calls);
                head.coroutines.extend(&member.coroutines);
                head.sendable.extend(&member.sendable);
                head.binds_globally |= member.binds_globally;
            }
            return;
        }
        self.built[class.head].kind = ChunkKind::Frame;
        let close = self.code_end;
        self.start_chunk(close, ChunkKind::Frame);
    }

    fn start_chunk(&mut self, start: usize, kind: ChunkKind) {
        self.built.push(Chunk::new(
            start..start,
            Summary {
                kind,
                defines: NameSet::default(),
                functions: NameSet::default(),
                mentions: NameSet::default(),
                binds_globally: false,
                callable: NameSet::default(),
                calls: NameSet::default(),
                coroutines: NameSet::default(),
                sendable: NameSet::default(),
                others: NameSet::default(),
                class_attributes: NameSet::default(),
                attribute_targets: NameSet::default(),
                dotted: NameSet::default(),
                value_mentions: NameSet::default(),
                value_callable: NameSet::default(),
                // The rest serves only edits in the language server, which chunks parsed trees.
                firsts: NameSet::default(),
                first_values: NameSet::default(),
                digests: chunks::NameMap::default(),
                bodies: chunks::NameMap::default(),
                declaration_mentions: Vec::new(),
                global_bindings: 0,
                fields: Vec::new(),
                placement_facts: 0,
                shape: 0,
                framed: false,
            },
        ));
    }

    /// At the end (`end`) of a logical statement.
    fn end_statement(&mut self, end: usize) {
        if !self.statement_binds.is_empty() {
            let value = self.statement_mentions.iter().map(|&(name, _)| name).collect();
            let names = std::mem::take(&mut self.statement_binds);
            let calls = self.statement_calls.clone();
            let import = self.import_statement;
            // An import binds for the whole file, wherever it stands.
            let (in_method, may_type) = (self.in_function() && !import, self.statement_may_type);
            let range = self.statement_start..end;
            self.bindings.push(Binding { names, range, value, calls, may_type, in_method, import });
        }
        // A variable takes its meaning from the statement binding it.
        if std::mem::take(&mut self.binds_variable)
            && let Some(chunk) = self.built.last_mut()
        {
            for &(name, callable) in &self.statement_mentions {
                chunk.value_mentions.insert(name);
                if callable {
                    chunk.value_callable.insert(name);
                }
            }
        }
        self.statement_mentions.clear();
        self.statement_calls.clear();
        self.statement_may_type = false;
        self.in_value = false;
        self.expect = Expect::Nothing;
        self.target_group = None;
        self.importing = false;
        self.import_statement = false;
        self.for_target = false;
        self.keyword_statement = None;
        self.pending.clear();
        self.last_identifier = None;
    }

    /// A string literal at `start..end`: a target such as `table["key"] = value` spells names
    /// inside one, which the parsed chunks count (their names are every word of a target).
    fn string(&mut self, start: usize, end: usize, formatted: bool) {
        self.expect = Expect::Nothing;
        self.keyword_statement.get_or_insert(false);
        self.pending.push((start, end));
        if formatted {
            // The fields of an f-string are code: every word in it may be a mention.
            let bytes = self.bytes;
            // Past the prefix (`f`, `rf`): it is no name.
            let mut index = start + bytes[start..end].iter().take_while(|&&b| is_word(b)).count();
            while index < end {
                if !is_word(bytes[index]) {
                    index += 1;
                    continue;
                }
                let word_start = index;
                while index < end && is_word(bytes[index]) {
                    index += 1;
                }
                if !bytes[word_start].is_ascii_digit() {
                    self.mention(word_start, index);
                }
            }
        }
    }

    /// A word of code that may name something another chunk defines (keywords never do).
    fn mention(&mut self, start: usize, end: usize) {
        let word = &self.text[start..end];
        if let Some(chunk) = self.built.last_mut()
            && !is_keyword(word)
        {
            // One borrow of the summary for all three sets (each reaches it through an `Arc`).
            let summary: &mut chunks::Summary = chunk;
            let key = name_key(word);
            summary.mentions.insert(key);
            // As in [`chunks::words`]: functions are looked up from bare names and from
            // `self.name`/`cls.name` only, and only where a function can be named: called,
            // passed (inside brackets), assigned or used as a decorator. Any other bare word
            // (`return x`, `if ready:`) is a variable, often a local one sharing a name
            // with a function defined somewhere in the file.
            let before = &self.text[..start];
            let on_self = before.ends_with("self.") || before.ends_with("cls.");
            let bare = !before.ends_with('.') || on_self;
            let called = opens_call_within(self.bytes, end, !self.brackets.is_empty());
            let decorator = before.trim_end_matches(|c: char| c == '.' || is_word(c as u8)).ends_with('@');
            let in_brackets = !self.brackets.is_empty();
            let callable = bare && (called || decorator || in_brackets || self.in_value);
            if callable {
                summary.callable.insert(key);
            }
            // Work is sent by name (`target=work`, `self.work`) or as a call of a bare name
            // (`asyncio.run(main())`); a method called on `self` hands over its result.
            if bare && in_brackets && !(called && on_self) {
                summary.sendable.insert(key);
            }
            if bare && (called || decorator) {
                summary.calls.insert(key);
            }
            if bare && called {
                self.statement_calls.push(key);
            }
            self.statement_mentions.push((key, callable));
        }
    }

    fn in_function(&self) -> bool {
        self.function_indent.is_some()
    }

    /// Adds the identifier at `start..end`, or every word of the string literal there: a
    /// variable ([`Summary::others`]) unless an import binds it.
    fn define(&mut self, (start, end): (usize, usize)) {
        let text = &self.text[start..end];
        let variable = !self.importing;
        let Some(chunk) = self.built.last_mut() else { return };
        let names: Vec<u64> = if text.ends_with(['"', '\'']) {
            chunks::mentions(text).into_iter().filter(|word| !KEYWORD_KEYS.with(|keys| keys.contains(word))).collect()
        } else {
            vec![name_key(text)]
        };
        // Inside a function only the attributes of `self` are bound (see `define_assigned`);
        // a class member binds its names for the class alone.
        let class_attribute = self.function_indent.is_some() || chunk.framed;
        for &name in &names {
            chunk.defines.insert(name);
            if variable {
                chunk.define_variable(name, class_attribute);
            }
        }
        self.statement_binds.extend(&names);
        self.binds_variable |= variable;
        // A target is no part of the value it receives (`x = x + 1` reads `x` after the `=`).
        self.statement_mentions.retain(|(name, _)| !names.contains(name));
    }

    fn define_pending(&mut self) {
        for index in 0..self.pending.len() {
            self.define(self.pending[index]);
        }
    }

    /// The targets of an assignment or annotation: every name outside function bodies; inside
    /// them, the attributes of `self` (`self.pool = Pool()` in `__init__` gives `self.pool`
    /// its type in every method, and methods are chunks of their own).
    fn define_assigned(&mut self) {
        if !self.in_function() {
            self.define_pending();
            return;
        }
        for index in 0..self.pending.len() {
            if self.after_self(self.pending[index].0) {
                self.define(self.pending[index]);
            }
        }
    }

    /// Whether the word at `start` is an attribute of `self` (`self.name`).
    fn after_self(&self, start: usize) -> bool {
        let before = &self.text[..start];
        before.strip_suffix("self.").is_some_and(|rest| !rest.ends_with(|c: char| c == '_' || c.is_alphanumeric()))
    }

    /// An `=`: an assignment binds the names before it (outside function bodies), unless it
    /// is part of a comparison. Returns where scanning goes on.
    fn equals(&mut self, index: usize) -> usize {
        let bytes = self.bytes;
        if bytes.get(index + 1) == Some(&b'=') {
            return index + 2;
        }
        let before = index.checked_sub(1).map(|i| bytes[i]);
        let shift = index >= 2 && bytes[index - 2] == bytes[index - 1];
        match before {
            Some(b'!') => {}
            Some(b'<' | b'>') if !shift => {}
            Some(b':') => {
                // `name := value` binds `name` wherever it stands.
                if let Some(name) = self.last_identifier.filter(|_| !self.in_function()) {
                    self.define(name);
                }
            }
            _ if self.brackets.is_empty() => {
                self.define_assigned();
                self.pending.clear();
                self.in_value = true;
            }
            // A keyword argument or a default value.
            _ => {}
        }
        index + 1
    }

    /// An identifier or keyword at `start..end`.
    fn word(&mut self, start: usize, end: usize) {
        let word = &self.text[start..end];
        let expect = std::mem::replace(&mut self.expect, Expect::Nothing);
        let keyword = is_keyword(word);
        if self.keyword_statement.is_none() {
            self.keyword_statement = Some(keyword);
            self.import_statement = matches!(word, "import" | "from");
        }
        if keyword {
            match word {
                "async" => self.expect = Expect::Def,
                "def" => {
                    self.expect = Expect::FunctionName { coroutine: expect == Expect::Def };
                    if !self.in_function() {
                        self.function_indent = Some(self.indent);
                    }
                }
                "class" => self.expect = Expect::ClassName,
                "as" => self.expect = Expect::Target,
                "import" => {
                    self.importing = true;
                    // `from package.module import name`: the words before count too.
                    self.define_pending();
                    if let Some(chunk) = self.built.last_mut() {
                        chunk.binds_globally |= chunk.kind != ChunkKind::Import;
                    }
                }
                "for" if self.brackets.is_empty() && !self.in_function() => self.for_target = true,
                "in" => self.for_target = false,
                _ => {}
            }
            return;
        }
        let span = (start, end);
        if !matches!(expect, Expect::FunctionName { .. } | Expect::ClassName) && !self.import_statement {
            self.mention(start, end);
        }
        match expect {
            Expect::FunctionName { coroutine } => {
                if let Some(chunk) = self.built.last_mut() {
                    chunk.functions.insert(name_key(word));
                    chunk.defines.insert(name_key(word));
                    if coroutine {
                        chunk.coroutines.insert(name_key(word));
                    }
                }
                return;
            }
            // The analysis reads no Python class by its name (methods are looked up as
            // functions, attributes as variables), so a class's name links nothing.
            Expect::ClassName => return,
            // `with open(path) as self.log` binds an attribute in a method.
            Expect::Target if self.in_function() && word == "self" && self.bytes.get(end) == Some(&b'.') => {
                self.expect = Expect::Target;
            }
            Expect::Target if !self.in_function() || self.after_self(start) => {
                self.define(span);
                // `as self.name`, `as os.environ`: a dotted target binds an attribute.
                if self.bytes.get(end) == Some(&b'.') {
                    self.expect = Expect::Target;
                }
            }
            _ => {}
        }
        let in_group = self.target_group.is_some() && !self.in_function();
        if self.importing || in_group || (self.for_target && !self.in_function()) {
            self.define(span);
        }
        self.pending.push(span);
        self.last_identifier = Some(span);
    }
}

/// The comments and plain (not formatted) string literals of `text`, in order: text no name
/// is resolved from. F-strings count as code, since their fields are expressions. `None` when
/// the scan is unsure where a string ends.
pub fn prose(text: &str) -> Option<Vec<Range<usize>>> {
    Prose::new(text).collect::<Result<Vec<_>, Unsure>>().ok()
}

/// The scan behind [`prose`], one range at a time: a caller that needs only the prose before
/// some offset stops there. It ends after the first [`Unsure`].
pub struct Prose<'a> {
    bytes: &'a [u8],
    index: usize,
}

/// Where a string's end could not be told: then nothing of the text counts as prose.
#[derive(Debug)]
pub struct Unsure;

impl<'a> Prose<'a> {
    pub fn new(text: &'a str) -> Prose<'a> {
        Prose { bytes: text.as_bytes(), index: 0 }
    }

    fn unsure(&mut self) -> Option<Result<Range<usize>, Unsure>> {
        self.index = self.bytes.len();
        Some(Err(Unsure))
    }
}

impl Iterator for Prose<'_> {
    type Item = Result<Range<usize>, Unsure>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.bytes;
        while let Some(&byte) = bytes.get(self.index) {
            match byte {
                b'#' => {
                    let start = self.index;
                    self.index = memchr_newline(bytes, start);
                    // A lone carriage return ends a line for Python: what follows it is code.
                    if memchr::memchr(b'\r', &bytes[start..self.index.saturating_sub(1)]).is_some() {
                        return self.unsure();
                    }
                    return Some(Ok(start..self.index));
                }
                // Outside strings a backslash only joins lines.
                b'\\' => self.index += 2,
                b'"' | b'\'' => {
                    let start = self.index;
                    let Some(end) = skip_string(bytes, start, false) else { return self.unsure() };
                    self.index = end;
                    return Some(Ok(start..end));
                }
                byte if is_word(byte) => {
                    let (end, prefixed) = word_at(bytes, self.index);
                    self.index = end;
                    if let Some(formatted) = prefixed {
                        let opening = end;
                        let Some(end) = skip_string(bytes, opening, formatted) else { return self.unsure() };
                        self.index = end;
                        if !formatted {
                            return Some(Ok(opening..end));
                        }
                    }
                }
                _ => self.index += 1,
            }
        }
        None
    }
}

/// The end of the line holding `index` (the position of its `\n`, or the end of the text).
pub(super) fn memchr_newline(bytes: &[u8], index: usize) -> usize {
    memchr::memchr(b'\n', &bytes[index..]).map_or(bytes.len(), |n| index + n)
}

pub(super) fn is_word(byte: u8) -> bool {
    WORD_BYTES[byte as usize]
}

/// Which bytes belong to an identifier: ASCII letters, digits, `_`, and any byte of a non-ASCII
/// character. A table, since the scans ask for every byte of every file they read.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        byte += 1;
    }
    table
};

pub(super) fn first_word(bytes: &[u8], start: usize) -> &[u8] {
    let end = bytes[start..].iter().position(|&b| !is_word(b)).map_or(bytes.len(), |n| start + n);
    &bytes[start..end]
}

fn skip_spaces(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|&&b| b == b' ' || b == b'\t').count()
}

/// Whether the `(` at `open` may open a call: what comes before it on its line (past blanks
/// and a continuation) ends an expression, or it is on a later line of the statement, where
/// a comment may hide what precedes it.
fn may_call(bytes: &[u8], open: usize) -> bool {
    let mut index = open;
    while let Some(byte) = index.checked_sub(1).map(|before| bytes[before]) {
        match byte {
            b' ' | b'\t' | b'\x0c' | b'\\' => index -= 1,
            b'\n' | b'\r' => return true,
            _ => return is_word(byte) || byte == b')' || byte == b']',
        }
    }
    false
}

/// Whether the code after a word ending at `end` may open a call: the next byte that is not
/// blank, not a line continuation and (inside brackets, where lines join) not a line end or
/// a comment is `(`. Without knowing whether `end` is inside brackets, take it that it is: a
/// call is then never missed.
pub(crate) fn opens_call(bytes: &[u8], end: usize) -> bool {
    opens_call_within(bytes, end, true)
}

/// Whether the code after a word at `end` opens a call, knowing whether it is inside
/// brackets: the next byte that is not blank, not a line continuation and, inside brackets
/// (where lines join), not a line end or a comment, is `(`.
pub(crate) fn opens_call_within(bytes: &[u8], end: usize, in_brackets: bool) -> bool {
    let mut index = end;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b' ' | b'\t' | b'\x0c' | b'\\' => index += 1,
            b'\r' | b'\n' if in_brackets || bytes[..index].ends_with(b"\\") || bytes[..index].ends_with(b"\\\r") => {
                index += 1
            }
            b'#' if in_brackets => index = memchr_newline(bytes, index),
            _ => return byte == b'(',
        }
    }
    false
}

/// The end of the word starting at `start`, and, when the word is a string prefix with a
/// quote right after it, whether that string is formatted (`f"..."`, `t"..."`).
pub(super) fn word_at(bytes: &[u8], start: usize) -> (usize, Option<bool>) {
    let end = bytes[start..].iter().position(|&byte| !is_word(byte)).map_or(bytes.len(), |length| start + length);
    let word = &bytes[start..end];
    let prefixed = matches!(bytes.get(end), Some(b'"' | b'\'')) && is_string_prefix(word);
    (end, prefixed.then(|| word.iter().any(|b| matches!(b, b'f' | b'F' | b't' | b'T'))))
}

/// `r`, `b`, `u`, `f`, `t` and their two-letter combinations, in any case.
fn is_string_prefix(word: &[u8]) -> bool {
    let lower = match word {
        [one] => [one.to_ascii_lowercase(), 0],
        [one, two] => [one.to_ascii_lowercase(), two.to_ascii_lowercase()],
        _ => return false,
    };
    matches!(
        lower,
        [b'r' | b'u' | b'b' | b'f' | b't', 0]
            | [b'b', b'r']
            | [b'r', b'b']
            | [b'f', b'r']
            | [b'r', b'f']
            | [b't', b'r']
            | [b'r', b't']
    )
}

/// The end of the string literal whose opening quote is at `start`, or `None` when it does
/// not end (or, in an f-string, holds something this scan does not follow).
pub(super) fn skip_string(bytes: &[u8], start: usize, formatted: bool) -> Option<usize> {
    let quote = bytes[start];
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut index = if triple { start + 3 } else { start + 1 };
    loop {
        if triple && !formatted {
            // Docstrings are much of a file: jump to the next byte that can end one (or make
            // the scan unsure) instead of looking at every byte.
            index += memchr::memchr3(quote, b'\\', b'\r', &bytes[index..])?;
        }
        let byte = *bytes.get(index)?;
        match byte {
            // An escaped character never ends the string, in raw strings too (`r"\""`).
            b'\\' => {
                index +=
                    if bytes.get(index + 1) == Some(&b'\r') && bytes.get(index + 2) == Some(&b'\n') { 3 } else { 2 }
            }
            _ if byte == quote => {
                if !triple {
                    return Some(index + 1);
                }
                if bytes.get(index + 1) == Some(&quote) && bytes.get(index + 2) == Some(&quote) {
                    return Some(index + 3);
                }
                index += 1;
            }
            b'\n' if !triple => return None,
            b'\r' if bytes.get(index + 1) != Some(&b'\n') => return None,
            b'{' if formatted => {
                if bytes.get(index + 1) == Some(&b'{') {
                    index += 2;
                } else {
                    index = skip_field(bytes, index + 1, quote, triple)?;
                }
            }
            _ => index += 1,
        }
    }
}

/// The end of an f-string replacement field starting at `start` (after its `{`): its
/// expression, then an optional format spec that may hold nested fields.
fn skip_field(bytes: &[u8], start: usize, quote: u8, triple: bool) -> Option<usize> {
    let mut depth = 1;
    let mut index = start;
    loop {
        let byte = *bytes.get(index)?;
        match byte {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' => depth -= 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(index + 1);
                }
            }
            b':' if depth == 1 && bytes.get(index + 1) != Some(&b'=') => {
                return skip_format_spec(bytes, index + 1, quote, triple);
            }
            b'"' | b'\'' => {
                // The enclosing quote inside a field is Python 3.12 syntax (or an error before
                // it): not followed here.
                if byte == quote
                    && (!triple || (bytes.get(index + 1) == Some(&quote) && bytes.get(index + 2) == Some(&quote)))
                {
                    return None;
                }
                index = skip_string(bytes, index, false)?;
                continue;
            }
            b'#' | b'\\' => return None,
            b'\n' if !triple => return None,
            b'\r' if bytes.get(index + 1) != Some(&b'\n') => return None,
            _ => {}
        }
        if depth < 1 {
            return None;
        }
        index += 1;
    }
}

/// The end of a format spec (after a field's `:`), up to and including the field's `}`.
fn skip_format_spec(bytes: &[u8], start: usize, quote: u8, triple: bool) -> Option<usize> {
    let mut index = start;
    loop {
        let byte = *bytes.get(index)?;
        match byte {
            b'}' => return Some(index + 1),
            b'{' => index = skip_field(bytes, index + 1, quote, triple)?,
            _ if byte == quote => return None,
            b'\n' if !triple => return None,
            b'\r' if bytes.get(index + 1) != Some(&b'\n') => return None,
            _ => index += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Language, SourceFile};

    /// Where each chunk's item starts (its first byte that is neither blank nor a comment), as
    /// a line number, with the chunk's kind. Chunks starting on the same line (after `;`) count
    /// once; comments may go to either neighbour.
    /// The first line of each top-level item and its kind. A class the parsed split cuts into
    /// members counts once, as the definition it is.
    fn items(text: &str, chunks: &[Chunk]) -> Vec<(usize, ChunkKind)> {
        let mut found: Vec<(usize, ChunkKind)> = Vec::new();
        let mut in_class = false;
        for chunk in chunks {
            let head = chunk.kind == ChunkKind::Frame && !in_class;
            if chunk.kind == ChunkKind::Frame {
                in_class = !in_class;
            }
            if chunk.framed || (chunk.kind == ChunkKind::Frame && !head) {
                continue;
            }
            let kind = if head { ChunkKind::Definition } else { chunk.kind };
            let index = item_start(text, chunk);
            if index == chunk.range.end && !found.is_empty() {
                continue;
            }
            let line = text[..index].matches('\n').count();
            if found.last().is_none_or(|(last, _)| *last != line) {
                found.push((line, kind));
            }
        }
        found
    }

    fn item_start(text: &str, chunk: &Chunk) -> usize {
        let bytes = text.as_bytes();
        let mut index = chunk.range.start;
        while index < chunk.range.end {
            match bytes[index] {
                b'#' => {
                    while index < chunk.range.end && bytes[index] != b'\n' {
                        index += 1;
                    }
                }
                byte if byte.is_ascii_whitespace() => index += 1,
                _ => break,
            }
        }
        index
    }

    /// The text chunker agrees with the parsed file's chunks on where items start, and its
    /// summaries hold at least the names the parsed chunks define.
    fn agrees_with_split(text: &str) -> Result<(), String> {
        let file = SourceFile::parse(Language::Python, text);
        let parsed = chunks::split(&file);
        let scanned = chunks(text).ok_or("the scan gave up")?;
        let (expected, got) = (items(text, &parsed), items(text, &scanned));
        if expected != got {
            return Err(format!("items differ:\nparsed  {expected:?}\nscanned {got:?}"));
        }
        let mut end = 0;
        for chunk in &scanned {
            if chunk.range.start != end {
                return Err(format!("not a partition at {end}"));
            }
            end = chunk.range.end;
        }
        if end != text.len() {
            return Err("not a partition at the end".into());
        }
        for chunk in &parsed {
            let item = item_start(text, chunk);
            let Some(mine) = scanned.iter().find(|mine| mine.range.contains(&item)).or(scanned.last()) else {
                return Err("no chunk".into());
            };
            // Class names are left out on purpose (no analysis reads a Python class by name).
            let missing: Vec<&u64> = chunk
                .defines
                .iter()
                .filter(|name| {
                    !KEYWORD_KEYS.with(|keys| keys.contains(*name))
                        && !chunk.firsts.contains(*name)
                        && !mine.defines.contains(*name)
                })
                .chain(chunk.functions.iter().filter(|name| !mine.functions.contains(*name)))
                .collect();
            if !missing.is_empty() {
                return Err(format!("{:?}: missing {missing:?}", &text[chunk.range.clone()]));
            }
        }
        Ok(())
    }
    /// Names as the summaries hold them.
    fn keys(names: &[&str]) -> NameSet {
        names.iter().map(|name| name_key(name)).collect()
    }

    fn check(text: &str) {
        if let Err(error) = agrees_with_split(text) {
            panic!("{error}\n{text}");
        }
    }

    #[test]
    fn strings_hide_column_0_lines() {
        check("x = '''\nimport os\ndef f():\n'''\ny = \"\"\"\nclass A: pass\n\"\"\"\ndef g():\n    return 1\n");
        check("s = r'\\''\ndef f(): pass\n");
        check("s = b\"\"\"a\\\"\"\" \"\"\"\ndef f(): pass\n");
        check("s = rb'''\n@x\n'''\nt = Rb'''\nelse:\n'''\ndef f(): pass\n");
        check("q = f\"{x['k']:>{width}}\" + F'''\n{y}\nimport z\n'''\ndef f(): pass\n");
    }

    #[test]
    fn brackets_and_continuations_join_lines() {
        check("x = [\n1,\n2\n]\ndef f(\na,\nb): pass\ny = {\n'k': (1,\n2)}\n");
        check("x = 1 + \\\n2\nif x and \\\ny:\n    pass\ndef f(): pass\n");
        check("from a import (\nb,\nc)\nimport d\n");
    }

    #[test]
    fn decorators_and_comments_belong_to_what_follows() {
        check(
            "import a\n\n# about f\n@dec\n# between\n@other(1)\ndef f(): pass\n\n\n# about C\n\nclass C:\n    pass\n# trailing\n",
        );
        check("@a.b\nasync def f():\n    pass\n# comment\n    # indented\nx = 1\n");
        check("def f():\n    pass\n# inside?\n    return 1\ndef g(): pass\n");
        check("# only a comment\n");
        check("");
    }

    #[test]
    fn compound_statements_continue_at_column_0() {
        check(
            "if a:\n    b()\nelif c:\n    d()\nelse:\n    e()\ntry:\n    f()\nexcept E as e:\n    g()\nelse:\n    pass\nfinally:\n    h()\nfor x in y:\n    pass\nelse:\n    pass\n",
        );
        check("while x:\n    pass\nelse_branch = 1\n");
    }

    #[test]
    fn unicode_and_crlf() {
        check("# Комментарий 🚀\nимя = 'значение 😀'\ndef функция():\n    return имя\n\nclass Класс: pass\n");
        check("import os\r\n\r\n# c\r\ndef f():\r\n    return 1\r\nx = '''\r\ndef g():\r\n'''\r\n");
        check("\u{feff}import os\ndef f(): pass\n");
    }

    #[test]
    fn summaries_list_what_is_bound() {
        let text = "import a.b as c, d\nfrom e import (f,\n  g as h)\nx, y = 1, 2\nz: int\nfor i, j in pairs:\n    k = i\nwith open(p) as (m, n), q as self.r:\n    pass\n\
            class K:\n    attr = 1\n    def method(self):\n        local = 2\n        import inner\n\
            def outer():\n    def nested(): pass\n    result = nested()\n    return result\n\
            table['key'] = 1\nif (w := 3):\n    pass\n";
        let chunks = chunks(text).unwrap();
        let defines = |index: usize| chunks[index].defines.clone();
        let functions = |index: usize| chunks[index].functions.clone();
        use ChunkKind::*;
        let kinds = [
            Import, Import, Statement, Statement, Statement, Statement, Frame, Definition, Definition, Frame,
            Definition, Statement, Statement,
        ];
        assert_eq!(chunks.iter().map(|chunk| chunk.kind).collect::<Vec<_>>(), kinds);
        assert_eq!(defines(0), keys(&["a", "b", "c", "d"]));
        assert_eq!(defines(1), keys(&["e", "f", "g", "h"]));
        assert_eq!(defines(2), keys(&["x", "y"]));
        assert_eq!(defines(3), keys(&["z"]));
        assert_eq!(defines(4), keys(&["i", "j", "k"]));
        assert_eq!(defines(5), keys(&["m", "n", "r", "self"]));
        // The class is cut into its members; its name links nothing.
        assert!(defines(6).is_empty() && chunks[7].framed && chunks[8].framed && !chunks[9].framed);
        assert_eq!(defines(7), keys(&["attr"]));
        // Function bodies bind locals, except for imports, which bind names for the file.
        assert_eq!(defines(8), keys(&["inner", "method"]));
        assert!(chunks[8].binds_globally && !chunks[0].binds_globally);
        assert_eq!(functions(8), keys(&["method"]));
        // Imported names are no variables.
        assert!(chunks[8].others.is_empty() && chunks[0].others.is_empty() && chunks[7].others == keys(&["attr"]));
        // A name bound in the class body is the class's alone, like an attribute of `self`.
        assert_eq!(chunks[7].class_attributes, keys(&["attr"]));
        assert!(chunks.iter().enumerate().all(|(index, chunk)| index == 7 || chunk.class_attributes.is_empty()));
        assert_eq!(defines(10), keys(&["nested", "outer"]));
        assert_eq!(functions(10), keys(&["nested", "outer"]));
        assert_eq!(defines(11), keys(&["key", "table"]));
        assert_eq!(defines(12), keys(&["w"]));
        // Names right after `def` and `class` are not mentions; every other word is.
        assert!(!chunks[10].mentions.contains(&name_key("outer")) && chunks[10].mentions.contains(&name_key("result")));
    }

    #[test]
    fn mentions_are_words_of_code() {
        let text = "from pkg import helper  # uses other\n__all__ = ['exported']\ndef f():\n    \"\"\"Calls documented().\"\"\"\n    return f'{formatted(x)}' + helper()\n";
        let chunks = chunks(text).unwrap();
        // An import names modules, not the file's own names.
        assert!(chunks[0].mentions.is_empty());
        assert_eq!(chunks[1].mentions, keys(&["__all__"]));
        assert_eq!(chunks[2].mentions, keys(&["formatted", "helper", "x"]));
    }

    /// The line of each class member's first code, `framed` chunks only.
    fn member_lines(text: &str, chunks: &[Chunk]) -> Vec<usize> {
        let line = |chunk: &Chunk| text[..item_start(text, chunk)].matches('\n').count();
        chunks.iter().filter(|chunk| chunk.framed).map(line).collect()
    }

    #[test]
    fn classes_are_cut_into_members_where_the_parsed_split_cuts_them() {
        for text in [
            "class A:\n    '''Doc.'''\n    x = 1\n\n    @property\n    # between\n    @other\n    def p(self):\n        return 1\n    if x:\n        y = 2\n    else:\n        y = 3\n    async def q(self):\n        await z\n\nrest = 1\n",
            "@dataclass\nclass B(Base,\n        Other):\n    a: int\n    # comment\n    def f(self): pass\n# column 0 comment\n    def g(self): pass\nx = 1\n",
            "class C:\r\n    def f(self):\r\n        pass\r\n    def g(self):\r\n        pass\r\ny = 2\r\n",
            "class D:\n    class Inner:\n        def f(self): pass\n    def g(self): pass\n\ndef h(): pass\n",
            "class E:\n    def f(self):\n        return '''\nnot a member\n'''\n    def g(self): pass\n",
        ] {
            check(text);
            let scanned = chunks(text).unwrap();
            let parsed = chunks::split(&SourceFile::parse(Language::Python, text));
            assert_eq!(member_lines(text, &scanned), member_lines(text, &parsed), "{text}");
            assert!(scanned.iter().any(|chunk| chunk.framed), "{text}");
            // The head comes before the members, the closing chunk after them.
            let first = scanned.iter().position(|chunk| chunk.framed).unwrap();
            let last = scanned.iter().rposition(|chunk| chunk.framed).unwrap();
            assert_eq!((scanned[first - 1].kind, scanned[last + 1].kind), (ChunkKind::Frame, ChunkKind::Frame));
        }
    }

    #[test]
    fn classes_stay_whole_when_they_cannot_be_framed() {
        for text in [
            "class A: pass\nx = 1\n",
            // Nothing after the last member's line for a closing chunk to hold.
            "class A:\n    def f(self): pass",
            // Indentation Python rejects.
            "class A:\n        x = 1\n    y = 2\nz = 3\n",
        ] {
            let chunks = chunks(text).unwrap();
            assert!(chunks.iter().all(|chunk| !chunk.framed && chunk.kind != ChunkKind::Frame), "{text}");
            assert!(!text.contains("def f") || chunks[0].functions.contains(&name_key("f")), "{text}");
        }
    }

    #[test]
    fn members_bind_self_attributes_and_tell_calls_from_other_mentions() {
        let text = "class A:\n    def __init__(self):\n        self.pool = make_pool()\n        local = 1\n        with open(p) as self.log:\n            pass\n\
            \n    def run(self, x):\n        self.pool.submit(self.work, x)\n        return helper\n\
            \n    @decorate\n    def work(self):\n        go()\n\nafter = 1\n";
        let chunks = chunks(text).unwrap();
        assert_eq!(chunks.iter().filter(|chunk| chunk.framed).count(), 3);
        // `self.x = ..` in a method binds `x` for the other methods; locals bind nothing.
        assert_eq!(chunks[1].defines, keys(&["__init__", "pool", "log"]));
        assert_eq!(chunks[1].others, keys(&["pool", "log"]));
        // Only inside the class.
        assert_eq!(chunks[1].class_attributes, keys(&["pool", "log"]));
        // A variable's value is what follows its target.
        assert!(chunks[1].value_mentions.contains(&name_key("make_pool")));
        assert!(!chunks[1].value_mentions.contains(&name_key("pool")));
        // Passed on (`self.work` inside brackets) is callable; returned is not; only calls
        // and decorators are calls.
        assert!(chunks[2].callable.contains(&name_key("work")) && !chunks[2].callable.contains(&name_key("helper")));
        assert!(chunks[2].calls.is_empty());
        assert_eq!(chunks[3].calls, keys(&["decorate", "go"]));
        // Each binding statement, with what its value reads.
        let (_, bindings) = chunks_and_bindings(text).unwrap();
        let pool = bindings.iter().find(|binding| binding.names == [name_key("pool")]).unwrap();
        assert_eq!(&text[pool.range.clone()], "self.pool = make_pool()");
        assert!(pool.value.contains(&name_key("make_pool")) && !pool.value.contains(&name_key("pool")));
        assert!(bindings.iter().any(|binding| binding.names == [name_key("after")]));
    }

    /// A call counts however its parenthesis is reached: after a line continuation, or on a
    /// later line inside brackets, past a comment. Each binding keeps the names it calls.
    #[test]
    fn calls_split_over_lines_are_calls() {
        let text = "value = make \\\n    ()\nitems = [build\n    # why\n    (1)]\nplain = make\n";
        let (chunks, bindings) = chunks_and_bindings(text).unwrap();
        assert!(chunks[0].calls.contains(&name_key("make")));
        assert!(chunks[1].calls.contains(&name_key("build")));
        assert_eq!(bindings[0].calls, [name_key("make")]);
        assert_eq!(bindings[1].calls, [name_key("build")]);
        assert!(bindings[2].calls.is_empty() && bindings[2].value == [name_key("make")]);
    }

    /// A binding can type what it binds only through a call or an annotation.
    #[test]
    fn bindings_know_whether_they_can_give_a_type() {
        let text = "a = b\nc = (d)\ne = f.g (1)\nh: T = i\nj = [k][0]()\nl = [m  # n =\n    (1)]\n";
        let (_, bindings) = chunks_and_bindings(text).unwrap();
        let may_type: Vec<bool> = bindings.iter().map(|binding| binding.may_type).collect();
        assert_eq!(may_type, [false, false, true, true, true, true]);
    }

    #[test]
    fn keywords_are_told_by_their_list() {
        for keyword in KEYWORDS {
            assert!(is_keyword(keyword), "{keyword}");
        }
        for word in ["async_", "Async", "defs", "el", "", "self", "match", "case", "type"] {
            assert!(!is_keyword(word), "{word}");
        }
    }

    #[test]
    fn unsure_text_gives_no_chunks() {
        for text in [
            "x = (1,\n",
            "x = '''never closed\n",
            "x = 'no end\ny = 1\n",
            "x = (1]\n",
            "x = 1)\n",
            "x = 1\ry = 2\n",
            "# comment\rx = (\n",
            "x = f'{d['k']}'\n",
            "x = f\"{d[\"k\"]}\"\n",
            "x = f'{a # no}'\n",
            "x = '''doc\rstring'''\n",
            "x = 1  # ends in a lone carriage return\r",
        ] {
            assert!(chunks(text).is_none(), "{text:?}");
        }
        // Carriage returns before line breaks are line ends like any other.
        for text in ["x = 1  # comment\r\ny = '''doc\r\n\\''' string'''\r\n", "# only\r\n"] {
            assert!(chunks(text).is_some(), "{text:?}");
        }
    }

    #[test]
    fn prose_is_comments_and_plain_strings() {
        let text = "x = 'a'  # c\ny = f'{z}' + b\"q\" + \"\"\"\nlong\"\"\"\n";
        let ranges: Vec<&str> = prose(text).unwrap().into_iter().map(|range| &text[range]).collect();
        assert_eq!(ranges, ["'a'", "# c", "\"q\"", "\"\"\"\nlong\"\"\""]);
        assert_eq!(prose("x = '''open\n"), None);
    }
}
