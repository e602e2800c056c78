//! Name resolution: which qualified API a piece of syntax refers to, however it was imported.
//!
//! Python: `import asyncio as aio`, `from asyncio import gather`, `from m import *`.
//! Rust: `use` with renames, groups, `self` and globs, and full paths.
//! Resolution is per file and purely syntactic: the tutor never imports or runs user code.

use std::sync::{Arc, Mutex};

use tree_sitter::Node;

use super::chunks::NameSet;
use super::fast_hash::{FastMap, FastSet};
use super::fields;
use super::{Language, SourceFile, queries};
use crate::catalogue::{ApiEntry, Catalogue};

/// Import paths through which a name can decide a [`super::section::Placement`]: the crate of
/// tokio's runtime attributes and the attributes themselves (`#[rt::main]`, `#[m]`), and Dask's
/// client with the modules it is reached through.
const PLACING_PATHS: &[&str] = &["tokio", "tokio::main", "tokio::test", "dask", "dask.distributed", DASK_CLIENT];
/// The local names those paths are read through even when no import binds them: bound to
/// anything else (`use other as tokio;`), one turns `#[tokio::main]` into another attribute.
/// Other names (`test`, `Client`) decide where sections run only when an import binds them
/// to one of `PLACING_PATHS`, before or after the edit, which the paths already tell.
const PLACING_NAMES: &[&str] = &["tokio", "dask"];
const DASK_CLIENT: &str = "dask.distributed.Client";
/// What [`Names::uses_crate`] searches a Rust file's text for when the rules ask about tokio.
pub(crate) const TOKIO_PATH: &str = "tokio::";

/// Local names bound by imports, the modules imported wholesale, and variables whose type is
/// known from what they were bound to.
#[derive(Debug, Default)]
pub struct Names {
    language: Option<Language>,
    /// The imports and struct fields: what the whole file binds for all its code. An edit
    /// that leaves them alone shares them with the next version instead of copying them.
    file_wide: Arc<FileBindings>,
    /// Variables by name, each name's bindings in the order they were found: lookups happen for
    /// every call, and a scan of all the file's variables each time made analysis quadratic.
    variables: FastMap<Arc<str>, Vec<Variable>>,
    /// The type names of all variables.
    variable_types: FastSet<Arc<str>>,
    /// Set once every binding is known: only then is a resolution final and worth keeping.
    complete: bool,
    /// Resolutions by node: sections and each rule resolve the same callees again. Looked up
    /// for every callee by every rule, hence the fast hasher; the lock is never contended (one
    /// analysis runs on one thread) and costs one atomic operation.
    resolved: Mutex<FastMap<NodeKey, Option<&'static ApiEntry>>>,
    /// Whether the file's text holds each catalogue `context` asked about: a search of the
    /// whole text, which every method call resolved through its name alone would repeat.
    contexts: Mutex<FastMap<&'static str, bool>>,
}

/// What a file binds for all its code, read from its imports and struct fields.
#[derive(Debug, Default, Clone)]
struct FileBindings {
    /// Local names bound by imports, and the paths they stand for.
    bindings: FastMap<String, String>,
    /// Modules imported wholesale (`*`).
    globs: Vec<String>,
    /// Rust struct fields by name, for `self.field` receivers; a field name used by two structs
    /// with different types keeps the first.
    fields: FastMap<String, String>,
}

/// A node of the file's tree: its id with its span, so a node of another tree that happens to
/// reuse the id is not mistaken for it.
type NodeKey = (usize, usize, usize);

/// A variable (or `self.attribute`) bound to a value of a catalogued type.
#[derive(Debug, Clone)]
pub struct Variable {
    /// As written: `pool`, `self.pool`. Shared, as the type is: every edit copies the
    /// variables it keeps into the next version's names.
    pub name: Arc<str>,
    /// The qualified type: `multiprocessing.Pool`, `std::sync::Mutex`.
    pub type_name: Arc<str>,
    /// Where the binding is visible: its function, class or the whole file.
    pub scope: std::ops::Range<usize>,
    /// Where it starts to apply.
    pub from: usize,
    /// Where the binding is written, which may lie after `from` (a decorated function
    /// applies from the start of its scope): a partial analysis keeps or takes a binding by
    /// the chunk holding this.
    pub at: usize,
}

/// Where the analysis of a file, or of part of one, takes its file-wide names from.
#[derive(Clone, Copy)]
pub enum FileWide<'a> {
    /// Its own imports and struct fields: a whole file, or a part that holds every chunk
    /// binding names for the whole file (after an edit to imports).
    Own,
    /// The whole file's imports and fields: a part whose edit left them alone.
    Whole(&'a Names),
    /// The whole file's imports and fields, but those the part binds itself.
    WholeBut(&'a Names, Rebound<'a>),
}

/// Names a part binds again itself, after an edit changed what they are bound to: the part
/// holds every import and every struct field declaration of those names (each such
/// declaration spells its name, and the part holds every chunk naming one), so it finds the
/// same last import, and the same first field, as the whole file.
#[derive(Clone, Copy)]
pub struct Rebound<'a> {
    /// Local names bound by imports, by [`super::chunks::name_key`].
    pub imports: &'a NameSet,
    /// Struct fields, by [`super::chunks::name_key`].
    pub fields: &'a NameSet,
}

/// Python names that exist without an import.
const PYTHON_BUILTINS: &[&str] = &["open", "input", "print", "range", "map"];

impl Names {
    /// The names of a whole file, for tests: an analysis collects them with what it found
    /// already ([`Names::collect_indexed`]).
    #[cfg(test)]
    pub fn collect(file: &SourceFile) -> Names {
        let matched = queries::Matched::collect(file);
        let (calls, functions) = (super::calls::matched(file, &matched), super::functions::matched(file, &matched));
        Names::collect_indexed(file, &calls, &functions, &matched, FileWide::Own)
    }

    /// The names of `file` (its imports and fields as `file_wide` says, then the types of its
    /// variables), from its calls, function index and query matches, found once per analysis.
    pub fn collect_indexed<'tree>(
        file: &'tree SourceFile,
        calls: &[super::calls::Call<'tree>],
        functions: &super::functions::Functions<'tree>,
        matched: &queries::Matched<'tree>,
        file_wide: FileWide<'_>,
    ) -> Names {
        let mut names = Names { language: Some(file.language()), ..Names::default() };
        match file_wide {
            FileWide::Own => names.bind_imports(file, matched),
            // Part of a file (see `incremental`): the imports are those of the whole file.
            FileWide::Whole(whole) => names.file_wide = whole.file_wide.clone(),
            FileWide::WholeBut(whole, rebound) => {
                let key = super::chunks::name_key;
                let mut file_wide = FileBindings::clone(&whole.file_wide);
                file_wide.fields.retain(|name, _| !rebound.fields.contains(&key(name)));
                if !rebound.imports.is_empty() {
                    // The part's other imports may be overridden by later ones outside it.
                    let mut own = Names { language: Some(file.language()), ..Names::default() };
                    own.bind_imports(file, matched);
                    file_wide.bindings.retain(|local, _| !rebound.imports.contains(&key(local)));
                    let own = Arc::unwrap_or_clone(own.file_wide).bindings;
                    file_wide
                        .bindings
                        .extend(own.into_iter().filter(|(local, _)| rebound.imports.contains(&key(local))));
                }
                names.file_wide = Arc::new(file_wide);
            }
        }
        // Types come second: inferring them resolves constructors through the imports.
        match file.language() {
            Language::Python => super::python::types::collect(file, &mut names, functions, matched),
            Language::Rust => super::rust::types::collect(file, &mut names, calls, functions, matched),
        }
        names.complete = true;
        names
    }

    /// The local names `file`'s imports bind, and what each stands for, as a hash of both:
    /// two versions' imports bind a name alike when these agree. Second, the local names bound
    /// to a path that can decide where sections run (`PLACING_PATHS`), or that such a path is
    /// read through (`PLACING_NAMES`).
    pub fn import_bindings(file: &SourceFile) -> (Vec<(u64, u64)>, NameSet) {
        let mut names = Names { language: Some(file.language()), ..Names::default() };
        names.bind_imports(file, &queries::Matched::collect(file));
        let key = super::chunks::name_key;
        let mut bindings: Vec<(u64, u64)> =
            names.file_wide.bindings.iter().map(|(local, path)| (key(local), key(path))).collect();
        bindings.sort_unstable();
        let placing =
            names.file_wide.bindings.iter().filter(|(local, path)| {
                PLACING_PATHS.contains(&path.as_str()) || PLACING_NAMES.contains(&local.as_str())
            });
        (bindings, placing.map(|(local, _)| key(local)).collect())
    }

    /// Whether `key` is the key of a name tokio's or Dask's paths are read through
    /// (`PLACING_NAMES`): an item of that name changes what those paths name.
    pub fn is_placing_name_key(key: u64) -> bool {
        PLACING_NAMES.iter().any(|name| super::chunks::name_key(name) == key)
    }

    /// The local names other than `Client` bound to Dask's client: a call of one connects it
    /// (a [`super::section::Placement`] fact), which the text alone does not show.
    pub fn client_aliases(&self) -> impl Iterator<Item = &str> {
        let aliases = self
            .file_wide
            .bindings
            .iter()
            .filter(|(local, path)| path.as_str() == DASK_CLIENT && local.as_str() != "Client");
        aliases.map(|(local, _)| local.as_str())
    }

    /// The local names the imports bind.
    pub fn imported_names(&self) -> impl Iterator<Item = &str> {
        self.file_wide.bindings.keys().map(String::as_str)
    }

    fn bind_imports<'tree>(&mut self, file: &'tree SourceFile, matched: &queries::Matched<'tree>) {
        let names = self;
        match file.language() {
            Language::Python => matched.for_each(&queries::PYTHON.imports, |found| {
                if let Some(statement) = found.get("import") {
                    names.bind_python_import(file, statement);
                }
            }),
            Language::Rust => matched.for_each(&queries::RUST.uses, |found| {
                if let Some(tree) = found.get("use") {
                    names.bind_rust_use(file, tree, "");
                }
            }),
        }
    }

    /// These names after an edit that left every name's meaning alone (inside a comment, or
    /// none at all): the variables for which `keep` holds (by where they are written), moved
    /// by `moved`, with the same imports and fields. `None` when a kept variable's scope
    /// cannot be moved.
    pub fn moved(
        &self,
        keep: impl Fn(usize) -> bool,
        moved: impl Fn(&std::ops::Range<usize>) -> Option<std::ops::Range<usize>>,
    ) -> Option<Names> {
        Names::merged(self, Names::default(), false, keep, moved, |_| false, |scope| scope)
    }

    /// The names of a file after an edit (see [`super::incremental`]): the variables of `old`
    /// for which `keep` holds (by where they are written), moved by `moved`, with those of
    /// `fresh` for which `take` holds, their scopes as `whole_scope` gives them in the whole
    /// file. The imports and struct fields are `fresh`'s when `fresh_names` (an edit to
    /// imports or fields, whose part binds the names it changed: [`FileWide::WholeBut`]),
    /// else `old`'s. `None` when a kept variable's scope cannot be moved.
    pub fn merged(
        old: &Names,
        mut fresh: Names,
        fresh_names: bool,
        keep: impl Fn(usize) -> bool,
        moved: impl Fn(&std::ops::Range<usize>) -> Option<std::ops::Range<usize>>,
        take: impl Fn(usize) -> bool,
        whole_scope: impl Fn(std::ops::Range<usize>) -> std::ops::Range<usize>,
    ) -> Option<Names> {
        let file_wide = if fresh_names { std::mem::take(&mut fresh.file_wide) } else { old.file_wide.clone() };
        let mut names = Names { language: old.language, file_wide, complete: old.complete, ..Names::default() };
        // Name by name, the kept bindings moved: one lookup per name rather than per binding.
        names.variables.reserve(old.variables.len());
        let mut all_kept = true;
        for (name, bindings) in &old.variables {
            let mut kept = Vec::with_capacity(bindings.len());
            for variable in bindings {
                if !keep(variable.at) {
                    all_kept = false;
                    continue;
                }
                let scope = moved(&variable.scope)?;
                let from = moved(&(variable.from..variable.from))?.start;
                let at = moved(&(variable.at..variable.at))?.start;
                kept.push(Variable { scope, from, at, ..variable.clone() });
            }
            if !kept.is_empty() {
                names.variables.insert(name.clone(), kept);
            }
        }
        // Every type stays when every variable does (a comment edited, say).
        if all_kept {
            names.variable_types = old.variable_types.clone();
        } else {
            names.variable_types =
                names.variables.values().flatten().map(|variable| variable.type_name.clone()).collect();
        }
        for variable in fresh.variables.into_values().flatten().filter(|variable| take(variable.at)) {
            names.bind_variable(Variable { scope: whole_scope(variable.scope.clone()), ..variable });
        }
        // Lookups break ties between bindings at one place by their order, which is the
        // order of the text, as in a whole-file analysis.
        for bindings in names.variables.values_mut() {
            bindings.sort_by_key(|variable| variable.from);
        }
        Some(names)
    }

    /// Every binding, variable and field in a stable order, for tests that compare two
    /// analyses of the same text.
    #[cfg(test)]
    pub fn describe(&self) -> String {
        let mut lines: Vec<String> =
            self.file_wide.bindings.iter().map(|(local, path)| format!("bind {local} = {path}")).collect();
        lines.extend(self.file_wide.globs.iter().map(|glob| format!("glob {glob}")));
        lines.extend(self.file_wide.fields.iter().map(|(field, type_name)| format!("field {field}: {type_name}")));
        for (name, bindings) in &self.variables {
            for variable in bindings {
                lines.push(format!(
                    "variable {name}: {} {:?} from {}",
                    variable.type_name, variable.scope, variable.from
                ));
            }
        }
        lines.sort();
        lines.join("\n")
    }

    /// The file-wide names to add to, copied first if they are shared.
    fn file_wide_mut(&mut self) -> &mut FileBindings {
        Arc::make_mut(&mut self.file_wide)
    }

    pub fn bind_field(&mut self, name: &str, type_name: String) {
        // A part's fields are the whole file's it shares: only a new one makes a copy.
        if !self.file_wide.fields.contains_key(name) {
            self.file_wide_mut().fields.insert(name.to_owned(), type_name);
        }
    }

    /// The type of a method call's receiver, beyond what [`Names::qualify`] sees: `self.rt`
    /// through the struct's field types, and builder chains (`Builder::new().name(..)`), whose
    /// methods return the builder itself.
    fn receiver_type(&self, file: &SourceFile, receiver: Node<'_>) -> Option<String> {
        match receiver.kind() {
            "field_expression" => {
                let value = fields::child(file.language(), receiver, "value")?;
                let field = fields::child(file.language(), receiver, "field")?;
                (value.kind() == "self").then(|| self.file_wide.fields.get(file.node_text(field)).cloned()).flatten()
            }
            "call_expression" => {
                let function = fields::child(file.language(), receiver, "function")?;
                match function.kind() {
                    // A builder's methods return the builder, but only a chain that starts at a
                    // constructor is known to be one: `client.call().into_inner()` is not.
                    "field_expression" => {
                        let inner = fields::child(file.language(), function, "value")?;
                        (inner.kind() == "call_expression").then(|| self.receiver_type(file, inner)).flatten()
                    }
                    "scoped_identifier" => {
                        let path = self.qualify(file, function)?;
                        let (owner, constructor) = path.rsplit_once("::")?;
                        let builds_self = matches!(constructor, "new" | "builder" | "default")
                            || constructor.starts_with("new_")
                            || constructor.starts_with("with_")
                            || constructor.starts_with("from_");
                        builds_self.then(|| super::rust::types::known_type(file, owner.to_owned())).flatten()
                    }
                    _ => None,
                }
            }
            "try_expression" | "await_expression" | "reference_expression" => {
                self.receiver_type(file, receiver.named_child(0)?)
            }
            _ => self.qualify(file, receiver),
        }
    }

    pub fn bind_variable(&mut self, variable: Variable) {
        self.variable_types.insert(variable.type_name.clone());
        self.variables.entry(variable.name.clone()).or_default().push(variable);
    }

    /// The type of the variable `name` as seen at `at`: the latest binding before it in scope.
    pub fn variable_type(&self, name: &str, at: usize) -> Option<&str> {
        self.variables
            .get(name)?
            .iter()
            .filter(|v| v.scope.contains(&at) && v.from <= at)
            .max_by_key(|v| v.from)
            .map(|v| &*v.type_name)
    }

    fn separator(&self) -> &'static str {
        match self.language {
            Some(Language::Rust) => "::",
            _ => ".",
        }
    }

    fn bind_python_import(&mut self, file: &SourceFile, statement: Node<'_>) {
        let mut cursor = statement.walk();
        if statement.kind() == "import_statement" {
            for name in statement.children_by_field_name("name", &mut cursor) {
                match name.kind() {
                    // `import a.b` binds `a`, through which `a.b.x` is reached.
                    "dotted_name" => {
                        let full = file.node_text(name);
                        let head = full.split('.').next().unwrap_or(full).trim();
                        self.file_wide_mut().bindings.insert(head.to_owned(), head.to_owned());
                    }
                    "aliased_import" => {
                        if let (Some(target), Some(alias)) =
                            (name.child_by_field_name("name"), name.child_by_field_name("alias"))
                        {
                            self.file_wide_mut()
                                .bindings
                                .insert(file.node_text(alias).to_owned(), compact(file.node_text(target)));
                        }
                    }
                    _ => {}
                }
            }
            return;
        }
        // `from . import x` names the user's own modules, which the catalogue does not describe.
        let Some(module) = statement.child_by_field_name("module_name").filter(|m| m.kind() == "dotted_name") else {
            return;
        };
        let module = compact(file.node_text(module));
        if statement.children(&mut cursor).any(|child| child.kind() == "wildcard_import") {
            self.file_wide_mut().globs.push(module);
            return;
        }
        for name in statement.children_by_field_name("name", &mut cursor) {
            let (target, local) = match name.kind() {
                "aliased_import" => match (name.child_by_field_name("name"), name.child_by_field_name("alias")) {
                    (Some(target), Some(alias)) => (target, alias),
                    _ => continue,
                },
                _ => (name, name),
            };
            self.file_wide_mut()
                .bindings
                .insert(file.node_text(local).to_owned(), format!("{module}.{}", compact(file.node_text(target))));
        }
    }

    fn bind_rust_use(&mut self, file: &SourceFile, node: Node<'_>, prefix: &str) {
        let join = |rest: &str| {
            if prefix.is_empty() { rest.to_owned() } else { format!("{prefix}::{rest}") }
        };
        match node.kind() {
            "identifier" | "scoped_identifier" | "crate" | "super" => {
                let path = join(&compact(file.node_text(node)));
                let local = path.rsplit("::").next().unwrap_or(&path).to_owned();
                self.file_wide_mut().bindings.insert(local, path);
            }
            // `use std::thread::{self, sleep}` binds `thread` through `self`.
            "self" => {
                if let Some(local) = prefix.rsplit("::").next() {
                    self.file_wide_mut().bindings.insert(local.to_owned(), prefix.to_owned());
                }
            }
            "use_as_clause" => {
                if let (Some(path), Some(alias)) = (node.child_by_field_name("path"), node.child_by_field_name("alias"))
                {
                    self.file_wide_mut()
                        .bindings
                        .insert(file.node_text(alias).to_owned(), join(&compact(file.node_text(path))));
                }
            }
            "use_wildcard" => {
                if let Some(path) = node.named_child(0) {
                    self.file_wide_mut().globs.push(join(&compact(file.node_text(path))));
                }
            }
            "scoped_use_list" => {
                let inner = node
                    .child_by_field_name("path")
                    .map_or_else(|| prefix.to_owned(), |p| join(&compact(file.node_text(p))));
                if let Some(list) = node.child_by_field_name("list") {
                    self.bind_rust_use(file, list, &inner);
                }
            }
            "use_list" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.bind_rust_use(file, child, prefix);
                }
            }
            _ => {}
        }
    }

    /// The qualified name a path-like expression stands for: `aio.gather` → `asyncio.gather`,
    /// `thread::spawn` → `std::thread::spawn`. Names no import binds are returned as written,
    /// so fully qualified code resolves too. Other expressions give `None`.
    pub fn qualify(&self, file: &SourceFile, node: Node<'_>) -> Option<String> {
        match node.kind() {
            "identifier" | "type_identifier" => {
                let name = file.node_text(node);
                if let Some(type_name) = self.variable_type(name, node.start_byte()) {
                    return Some(type_name.to_owned());
                }
                Some(self.file_wide.bindings.get(name).cloned().unwrap_or_else(|| match self.language {
                    Some(Language::Python) if PYTHON_BUILTINS.contains(&name) => {
                        format!("builtins.{name}")
                    }
                    _ => name.to_owned(),
                }))
            }
            // Python `a.b.c`, and `self.pool` when its type is known.
            "attribute" => {
                if let Some(type_name) = self.variable_type(&compact(file.node_text(node)), node.start_byte()) {
                    return Some(type_name.to_owned());
                }
                let object = self.qualify(file, fields::child(file.language(), node, "object")?)?;
                let attribute = file.node_text(fields::child(file.language(), node, "attribute")?);
                Some(format!("{object}.{attribute}"))
            }
            // Rust `a::b::c`, and `::std::x` with no leading path.
            "scoped_identifier" | "scoped_type_identifier" => {
                let name = file.node_text(fields::child(file.language(), node, "name")?);
                match fields::child(file.language(), node, "path") {
                    Some(path) => Some(format!("{}::{name}", self.qualify(file, path)?)),
                    None => Some(name.to_owned()),
                }
            }
            "crate" | "self" | "super" => Some(file.node_text(node).to_owned()),
            _ => None,
        }
    }

    /// The local name bound to exactly `qualified` by an import (`aio` for `asyncio`).
    pub fn local_name_of(&self, qualified: &str) -> Option<&str> {
        let mut candidates: Vec<&str> = self
            .file_wide
            .bindings
            .iter()
            .filter(|(_, target)| *target == qualified)
            .map(|(local, _)| local.as_str())
            .collect();
        // Prefer the plain name, then a stable choice, so fixes do not depend on hash order.
        candidates.sort_by_key(|local| (*local != qualified, *local));
        candidates.first().copied()
    }

    /// Whether a Rust file uses `crate_name`: through a `use`, or by a full path anywhere
    /// (`#[tokio::main]`, `tokio::spawn(..)`), which is as good a sign that it is a dependency.
    /// (The rules ask about tokio, whose path incremental analysis watches in the text:
    /// `TOKIO_PATH`.)
    pub fn uses_crate(&self, file: &SourceFile, crate_name: &str) -> bool {
        self.mentions_crate(crate_name) || file.text().contains(&format!("{crate_name}::"))
    }

    /// Whether any import or path in the file mentions `crate_name` (`tokio`).
    pub fn mentions_crate(&self, crate_name: &str) -> bool {
        let prefix = format!("{crate_name}{}", self.separator());
        self.file_wide
            .bindings
            .values()
            .chain(&self.file_wide.globs)
            .any(|path| path == crate_name || path.starts_with(&prefix))
    }

    /// Qualifies a path given as text (`thread::spawn`), resolving its first segment through
    /// imports, for syntax the grammar leaves unstructured (macro arguments).
    pub fn qualify_path(&self, path: &str, at: usize) -> String {
        let separator = self.separator();
        let (head, rest) = path.split_once(separator).map_or((path, None), |(head, rest)| (head, Some(rest)));
        let head = self
            .variable_type(head, at)
            .map(str::to_owned)
            .or_else(|| self.file_wide.bindings.get(head).cloned())
            .unwrap_or_else(|| head.to_owned());
        match rest {
            Some(rest) => format!("{head}{separator}{rest}"),
            None => head,
        }
    }

    /// The catalogue entry a path-like expression refers to, trying glob imports when the
    /// name is not bound directly, and receiver-agnostic method names for `x.delay` or
    /// `xs.par_iter` whose receiver's type is unknown.
    pub fn resolve_api(&self, file: &SourceFile, node: Node<'_>) -> Option<&'static ApiEntry> {
        if !self.complete {
            return self.resolve_uncached(file, node);
        }
        let key = (node.id(), node.start_byte(), node.end_byte());
        let cache = || self.resolved.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&entry) = cache().get(&key) {
            return entry;
        }
        let entry = self.resolve_uncached(file, node);
        cache().insert(key, entry);
        entry
    }

    fn resolve_uncached(&self, file: &SourceFile, node: Node<'_>) -> Option<&'static ApiEntry> {
        let catalogue = Catalogue::global();
        let language = file.language();
        let method = match node.kind() {
            "attribute" => fields::child(file.language(), node, "attribute"),
            "field_expression" => fields::child(file.language(), node, "field"),
            _ => None,
        };
        let qualified = match (node.kind(), method) {
            ("field_expression", Some(field)) => {
                let receiver =
                    fields::child(file.language(), node, "value").and_then(|value| self.receiver_type(file, value));
                receiver.map(|receiver| format!("{receiver}::{}", file.node_text(field)))
            }
            _ => self.qualify(file, node),
        };
        if let Some(qualified) = qualified {
            if let Some(entry) = catalogue.api_by_name(language, &qualified) {
                return Some(entry);
            }
            let head = qualified.split(self.separator()).next().unwrap_or_default();
            let head_is_bound = self.file_wide.bindings.contains_key(head) || self.variable_types.contains(head);
            if !head_is_bound && method.is_none() {
                let from_glob = self.file_wide.globs.iter().find_map(|glob| {
                    catalogue.api_by_name(language, &format!("{glob}{}{qualified}", self.separator()))
                });
                if from_glob.is_some() {
                    return from_glob;
                }
            }
        }
        if let Some(stub) = self.remote_stub(file, node) {
            return Some(stub);
        }
        let entry = catalogue.api_by_method(language, file.node_text(method?))?;
        if !self.in_context(file, entry) {
            return None;
        }
        match &entry.when {
            // A receiver-agnostic method with a condition is recognised only in a call that
            // meets it: `.to("cuda")` is a transfer to the GPU, `.to(other)` could be anything.
            Some(condition) => {
                let call =
                    node.parent().filter(|call| fields::child(file.language(), *call, "function") == Some(node))?;
                super::arguments::satisfies(file, call, condition).then_some(entry)
            }
            None => Some(entry),
        }
    }

    /// Whether `entry`, matched by a method name alone, applies in `file`: it has no
    /// `context`, or the file's text mentions it (`launch` is cudarc's only where cudarc is).
    pub fn in_context(&self, file: &SourceFile, entry: &'static ApiEntry) -> bool {
        let Some(context) = entry.context.as_deref() else { return true };
        let mut known = self.contexts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *known.entry(context).or_insert_with(|| file.text().contains(context))
    }

    /// A method call on an instance of a type whose every method is remote (a gRPC stub).
    fn remote_stub(&self, file: &SourceFile, node: Node<'_>) -> Option<&'static ApiEntry> {
        let receiver_type = match node.kind() {
            "attribute" => self.qualify(file, fields::child(file.language(), node, "object")?)?,
            "field_expression" => self.receiver_type(file, fields::child(file.language(), node, "value")?)?,
            _ => return None,
        };
        Catalogue::global().api_by_name(file.language(), &receiver_type).filter(|entry| entry.remote_methods)
    }

    /// The catalogue entry of a macro invocation's path: `tokio::join!`, or `join!` after
    /// `use tokio::join`.
    pub fn resolve_macro(&self, file: &SourceFile, path: Node<'_>) -> Option<&'static ApiEntry> {
        let qualified = self.qualify(file, path)?;
        Catalogue::global().api_by_name(file.language(), &format!("{qualified}!"))
    }
}

/// Dotted and scoped names may contain whitespace or comments in odd code (`a . b`); the
/// qualified form has none.
pub(crate) fn compact(text: &str) -> String {
    text.split_whitespace().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qualified_callees(language: Language, source: &str) -> Vec<String> {
        let file = SourceFile::parse(language, source);
        let names = Names::collect(&file);
        let mut found = Vec::new();
        let calls = match language {
            Language::Python => &queries::PYTHON.calls,
            Language::Rust => &queries::RUST.calls,
        };
        calls.for_each_match(&file, file.root(), |m| {
            if let Some(name) = m.get("callee").and_then(|callee| names.qualify(&file, callee)) {
                found.push(name);
            }
        });
        found
    }

    #[test]
    fn python_import_forms() {
        let source = "\
import asyncio as aio, os.path
import concurrent.futures
from concurrent.futures import ProcessPoolExecutor as PPE, wait
from threading import Thread
from . import local
aio.gather()
os.path.join()
concurrent.futures.ThreadPoolExecutor()
PPE()
wait()
Thread()
local()
open()
";
        assert_eq!(
            qualified_callees(Language::Python, source),
            [
                "asyncio.gather",
                "os.path.join",
                "concurrent.futures.ThreadPoolExecutor",
                "concurrent.futures.ProcessPoolExecutor",
                "concurrent.futures.wait",
                "threading.Thread",
                "local",
                "builtins.open",
            ]
        );
    }

    #[test]
    fn rust_use_forms() {
        let source = "\
use std::{thread::{self, sleep}, sync::Mutex as M};
use tokio::spawn as go;
fn main() {
    thread::spawn(f);
    sleep(d);
    go(f);
    M::new(0);
    tokio::task::spawn_blocking(f);
    ::std::thread::yield_now();
}
";
        assert_eq!(
            qualified_callees(Language::Rust, source),
            [
                "std::thread::spawn",
                "std::thread::sleep",
                "tokio::spawn",
                "std::sync::Mutex::new",
                "tokio::task::spawn_blocking",
                "std::thread::yield_now",
            ]
        );
    }

    #[test]
    fn globs_resolve_only_unbound_names() {
        let file = SourceFile::parse(Language::Python, "from asyncio import *\ngather()\n");
        let names = Names::collect(&file);
        let mut resolved = None;
        queries::PYTHON.calls.for_each_match(&file, file.root(), |m| {
            resolved = names.resolve_api(&file, m.get("callee").unwrap()).map(|entry| entry.id.clone());
        });
        assert_eq!(resolved.as_deref(), Some("asyncio.gather"));
    }
}
