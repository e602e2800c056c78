//! Which chunks an edit can change, and what analysing them again needs.
//!
//! The analysis links chunks in three ways (see [`crate::analysis::chunks`]): a chunk reads the
//! definitions of names it mentions (a function's declaration, a variable's type), where
//! functions are looked up by name and the first definition in the file wins, and a chunk
//! sending a function elsewhere reads its body too; a call that sends a function elsewhere
//! gives that function a section where it is defined; and imports and struct fields bind names
//! for everyone. So after an edit, a chunk must be analysed again when it is an edited one,
//! when it reads a definition whose text changed (and that definition is the one lookups find:
//! a function's declaration for a caller, its body for a sender, an attribute of `self` only
//! inside its class), or a name defined by a chunk analysed again because it mentions a changed
//! type, alias, constant or variable (its text is the same, its meaning may not be: see the
//! loop in [`select`] for which names it passes on), or when a chunk analysed again sent work
//! into it. Analysing those needs, besides themselves, the chunks that send work into them and
//! the definitions of what they mention: a function's declaration, and for a variable, its
//! definitions with what resolves their values (for a Rust type alias, the first of its name,
//! which is the one the analysis reads). Imports and Rust struct fields bind nothing in the
//! part (its names come from the whole file's analysis); only Python's last import is read, as
//! fixes that add an import go after it. An edit to imports or fields is the exception: the
//! names it binds anew count as changed (after an edit to imports, every finding with a fix is
//! found again too), and the part, which holds every import or declaration of them (each spells
//! its name), binds them itself. A field whose type names a changed name is bound again the
//! same way. Every module-level Python statement is read, and analysed again, when one of them
//! is.

use std::ops::Range;

use crate::analysis::chunks::{
    Chunk, ChunkKind, Definers, NameMap, NameSet, chunk_at, combined_by_name, definers_index, frame_of, name_key,
};
use crate::analysis::{FileAnalysis, Language};

/// The chunks to analyse again and those to parse with them, by index into the new chunks.
pub struct Selection {
    pub redo: Vec<bool>,
    pub context: Vec<bool>,
    /// The chunks whose every mention was followed: the definitions of all they name are in
    /// the context, so the work they send goes where it goes in the whole file.
    pub traversed: Vec<bool>,
    /// The struct fields the part binds itself, their declarations being edited, or
    /// analysed again as they name a changed type or alias (see
    /// [`crate::analysis::names::FileWide::WholeBut`]); empty when the part takes every field
    /// from the whole file.
    pub fields: NameSet,
}

/// The new chunks that replaced old ones: `edited` (indices into `new`) took the place of
/// `replaced` (indices into `old`).
pub struct Edit<'a> {
    pub language: Language,
    pub old: &'a [Chunk],
    pub new: &'a [Chunk],
    pub replaced: Range<usize>,
    pub edited: Range<usize>,
}

impl Edit<'_> {
    /// Where an old chunk is among the new ones; the replaced ones map to the first edited.
    fn new_index(&self, old: usize) -> usize {
        if old < self.replaced.start {
            old
        } else if old >= self.replaced.end {
            old + self.edited.len() - self.replaced.len()
        } else {
            self.edited.start
        }
    }

    /// The old chunk holding an offset of the old text.
    fn old_chunk_at(&self, offset: usize) -> usize {
        chunk_at(self.old, offset)
    }

    fn replaced_chunks(&self) -> &[Chunk] {
        &self.old[self.replaced.clone()]
    }

    fn edited_chunks(&self) -> &[Chunk] {
        &self.new[self.edited.clone()]
    }
}

/// `previous` is the previous version's analysis; `guard_reported` says whether it reported a
/// missing main guard, the one result that reads the module's top level as a whole. `rebound`
/// is given for an edit to imports: the names it bound anew; `fields` for an edit to struct
/// fields: those whose declarations it changed ([`crate::analysis::chunks::fields_changed`]).
/// `before` is the index of the chunks before the edit ([`DefinerIndex`]). `receivers` are
/// chunks to analyse again besides the edited ones: an analysis of the part found work sent
/// into them anew.
pub fn select(
    edit: &Edit<'_>,
    (previous, before): (&FileAnalysis, &DefinerIndex),
    guard_reported: bool,
    rebound: Option<&NameSet>,
    fields: Option<&NameSet>,
    receivers: &[usize],
) -> Selection {
    let definitions = Definitions::Edited(before, edit);
    #[cfg(test)]
    definitions.check(edit.new);
    let mut changed = changed_names(edit, &definitions);
    // A function named like an import (`def dramatiq(..)`) shadows the module in every chunk
    // naming it, calls or not (`@dramatiq.actor`).
    if !changed.functions.is_empty() {
        let imported: NameSet = previous.names.imported_names().map(name_key).collect();
        changed.others.extend(changed.functions.iter().filter(|name| imported.contains(name)).copied());
    }
    // A name an import binds anew counts as a changed value: what a chunk naming it resolves
    // to may change, and with it what that chunk defines.
    changed.others.extend(rebound.into_iter().flatten().copied());
    let mut changed = changed.finished();
    // A field's type is looked up by the field's name (`self.rt`), whichever struct declares
    // it: the fields to bind again, with every chunk naming one (each declaration of one
    // names it too, so the part holds them all).
    let mut fields = fields.cloned().unwrap_or_default();

    let mut redo = vec![false; edit.new.len()];
    for index in edit.edited.clone().chain(receivers.iter().copied()) {
        if let Some(redo) = redo.get_mut(index) {
            *redo = true;
        }
    }
    // One Python rule reads the module's top level as a whole: a missing main guard is
    // reported once per file, at the first offending statement, with a fix that depends on
    // what follows. When the previous version reported one, and a module-level statement or
    // the sequence of top-level items is edited, every module-level statement is analysed
    // again. Without one, no statement the edit leaves alone offends (those whose meaning
    // changes are analysed again anyway), and a report in the part sends the edit to a
    // whole analysis.
    let top_level = |chunks: &[Chunk]| -> Vec<ChunkKind> {
        chunks.iter().filter(|chunk| !chunk.framed).map(|chunk| chunk.kind).collect()
    };
    let (before, after) = (top_level(edit.replaced_chunks()), top_level(edit.edited_chunks()));
    let module_wide = edit.language == Language::Python && guard_reported;
    if module_wide && (before != after || before.contains(&ChunkKind::Statement)) {
        analyse_module_statements(edit.new, &mut redo);
    }
    // A chunk that mentions a changed type, alias or constant may mean something else now although
    // its text is the same (a function whose return type is a changed alias), so what it defines
    // counts as changed too, until nothing more changes: its functions, its variables, its type
    // aliases and its fields. Not the names the analysis never reads (structs, classes, modules,
    // constants), whose readers no change of meaning reaches. A function's callers read its
    // declaration, which means something else only when it names a changed name; a chunk sending
    // the function elsewhere reads its body too (a call sending it to a thread is judged by what
    // the body computes). What the callers define does not count as changed: it reads the
    // declarations of the functions they call, not what those functions call, and only the first
    // definition of a function is the one they find. An attribute of `self` is read only inside its
    // class, so a change to one reaches the members of that class alone, and of those, when it was
    // bound through an attribute target (`self.pool = ..`), only the ones spelling it after a dot.
    // The edited chunks are analysed again anyway, but what they define counts as changed like this
    // too: one may name a name another edited chunk changed.
    let reads = |names: &NameSet, seen: &NameSet| names.iter().any(|name| seen.contains(name));
    let mut followed = vec![false; edit.new.len()];
    while !changed.is_empty() {
        let mut next = Changed::default();
        let mut follow = |index: usize, redo: &mut [bool], followed: &mut [bool], changed: &NameSet| {
            (redo[index], followed[index]) = (true, true);
            let chunk = &edit.new[index];
            // Only a function's first definition is what a lookup finds.
            for &name in chunk.functions.iter().filter(|&&name| definitions.first_function(name) == Some(index)) {
                let mut declarations = chunk.declaration_mentions.iter().filter(|(function, _)| *function == name);
                match declarations.any(|(_, mentions)| reads(changed, mentions)) {
                    true => next.functions.insert(name),
                    false => next.bodies.insert(name),
                };
            }
            next.others.extend(chunk.first_values.iter().copied());
            for &name in &chunk.others {
                next.add_variable(chunk, name, || members_of(edit.new, index));
            }
            let retyped = chunk.fields.iter().filter(|field| reads(changed, &field.words));
            fields.extend(retyped.map(|field| field.name));
        };
        for (name, members, dotted) in &changed.attributes {
            let named = NameSet::from_iter([*name]);
            for index in members.clone() {
                let chunk = &edit.new[index];
                let read = if *dotted { &chunk.dotted } else { &chunk.mentions };
                if !followed[index] && read.contains(name) {
                    follow(index, &mut redo, &mut followed, &named);
                }
            }
        }
        for (index, chunk) in edit.new.iter().enumerate() {
            if followed[index] {
                continue;
            }
            if reads(&changed.others, &chunk.mentions) {
                follow(index, &mut redo, &mut followed, &changed.others);
            } else if reads(&changed.functions, &chunk.callable) || reads(&changed.bodies, &chunk.sendable) {
                redo[index] = true;
            }
        }
        changed = next.finished();
    }
    // A changed field changes nothing a chunk naming it defines for others (a function's
    // declaration, a variable's value, reads no field), and fields are Rust's, where no rule
    // judges a call by the body of the function it calls: its readers are analysed again
    // without following what they define.
    if !fields.is_empty() {
        for (chunk, redo) in edit.new.iter().zip(&mut redo) {
            *redo |= reads(&fields, &chunk.mentions);
        }
    }
    // A fix reads the imports beyond its chunk's words (how `asyncio` is spelt there, whether
    // it must add an import): after an edit to imports, every finding with one is found again.
    let imports = rebound.is_some();
    if imports {
        for finding in previous.findings.iter().filter(|finding| finding.fix.is_some()) {
            redo[edit.new_index(edit.old_chunk_at(finding.range.start))] = true;
        }
    }
    // Sections the chunks analysed again sent elsewhere (a sender's text may be the same while
    // what it sends changed, through a changed variable); what they send now is checked after
    // analysis.
    let senders: Vec<(usize, usize)> = previous
        .sections
        .iter()
        .filter_map(|section| {
            let sender = section.sender.as_ref()?;
            // An empty range where one chunk ends and the next starts (an empty body) is the
            // ending chunk's, as `Spans::holds` has it.
            let range = &section.range;
            let receiver = if range.is_empty() { range.start.saturating_sub(1) } else { range.start };
            Some((edit.new_index(edit.old_chunk_at(receiver)), edit.new_index(edit.old_chunk_at(sender.call.start))))
        })
        .collect();
    // Every module-level statement is analysed again, too, when one of them is for another
    // reason (it reads a changed variable, or work is sent into it).
    loop {
        if module_wide && edit.new.iter().zip(&redo).any(|(chunk, &redo)| redo && is_module_statement(chunk)) {
            analyse_module_statements(edit.new, &mut redo);
        }
        let mut grown = false;
        for &(receiver, sender) in &senders {
            if redo[sender] && !redo[receiver] {
                redo[receiver] = true;
                grown = true;
            }
        }
        if !grown {
            break;
        }
    }

    // The part's imports and fields come from the whole file's analysis, but for the names
    // the edit bound anew, whose every import (or field declaration) the part holds, as it
    // names them. Module-level statements the edit leaves alone are not read: then none of
    // them is analysed again, and nothing in the part reports for the module's top level.
    let reads = Reads { module_statements: false, nested_imports: false, all_imports: false, variables: None };
    let Context { parsed, traversed, .. } = context_with(edit.language, edit.new, &definitions, &redo, &senders, reads);
    Selection { redo, context: parsed, traversed, fields }
}

/// A Python module-level statement (not a class member, not a definition).
fn is_module_statement(chunk: &Chunk) -> bool {
    chunk.kind == ChunkKind::Statement && !chunk.framed
}

fn analyse_module_statements(chunks: &[Chunk], redo: &mut [bool]) {
    for (chunk, redo) in chunks.iter().zip(redo) {
        *redo |= is_module_statement(chunk);
    }
}

/// What a part must hold besides the definitions of what its chunks mention.
#[derive(Clone, Copy)]
pub struct Reads<'a> {
    /// Every Python module-level statement: some rules read them as a whole (one missing
    /// main guard per file, with a fix that depends on everything after it).
    pub module_statements: bool,
    /// The chunks binding a mentioned name by an import nested in a statement or function
    /// (which binds it for the whole file): needed when the part's own imports are all its
    /// analysis has.
    pub nested_imports: bool,
    /// Every import, for an analysis that binds names from the part's own imports. Otherwise
    /// (an edit's part, whose names come from the whole file) only what a fix that adds an
    /// import reads: Python's last import, or with none, the module's first statement (a
    /// docstring goes first); Rust fixes add no imports.
    pub all_imports: bool,
    /// Where a mentioned variable may be defined in a way the analysis reads, by name: `None`
    /// for every definition. `check` passes the bindings that may give a type (a call, an
    /// annotation: [`crate::analysis::dependents::Binding::may_type`]); the analysis records
    /// no other definition of a variable.
    pub variables: Option<&'a Definers>,
}

/// What analysing some chunks needs parsed, by chunk.
pub struct Context {
    /// The chunks to parse.
    pub parsed: Vec<bool>,
    /// Those whose every mention was followed (see [`Selection`]).
    pub traversed: Vec<bool>,
    /// Those parsed only for the declarations of the functions they define: what a call
    /// reads of a function is its header (`async`, decorators, parameters, return type), so
    /// the rest of its body need not be parsed.
    pub declared: Vec<bool>,
}

/// The chunks analysing `redo` needs (see [`Context`]): the imports and module-level
/// statements `reads` asks for, and the definitions of what they mention. Chunks sending work
/// into `redo` are not added: `check` reaches a function from the chunks that send it
/// ([`crate::analysis::dependents`]), and analyses the whole file when a section's sender was
/// not read in full after all.
pub fn context_of(language: Language, chunks: &[Chunk], redo: &[bool], reads: Reads) -> Context {
    let index = DefinerIndex::of(chunks, reads.variables.is_none());
    context_with(language, chunks, &Definitions::Own(&index), redo, &[], reads)
}

/// [`context_of`], where `senders` pairs chunks of `redo` with chunks that sent work into
/// them (which must be read in full), and `definitions` tells who defines what in `chunks`.
fn context_with(
    language: Language,
    chunks: &[Chunk],
    definitions: &Definitions<'_>,
    redo: &[bool],
    senders: &[(usize, usize)],
    reads: Reads,
) -> Context {
    // The chunks needed whole, and those needed for a function's declaration.
    let mut context = redo.to_vec();
    let mut declared = vec![false; chunks.len()];
    let mut traverse: Vec<usize> = Vec::new();
    for (index, chunk) in chunks.iter().enumerate() {
        if redo[index] || always_needed(language, chunk, reads) {
            context[index] = true;
            traverse.push(index);
        }
    }
    if !reads.all_imports && language == Language::Python && !chunks.is_empty() {
        let last_import = chunks.iter().rposition(|chunk| chunk.kind == ChunkKind::Import && !chunk.framed);
        context[last_import.unwrap_or(0)] = true;
    }
    for &(receiver, sender) in senders {
        if redo[receiver] && !context[sender] {
            context[sender] = true;
            traverse.push(sender);
        }
    }
    // Borrowed from the caller's list, which the batch check reads for every mention.
    let definers_of = |name: u64| -> std::borrow::Cow<'_, [usize]> {
        match reads.variables {
            Some(variables) => variables.get(&name).map_or(&[][..], Vec::as_slice).into(),
            None => definitions.every_other(name).into(),
        }
    };
    let mut importers = Definers::default();
    if reads.nested_imports {
        for (index, chunk) in chunks.iter().enumerate().filter(|(_, chunk)| chunk.kind != ChunkKind::Import) {
            let imported =
                chunk.defines.iter().filter(|name| !chunk.functions.contains(name) && !chunk.others.contains(name));
            for &name in imported {
                importers.entry(name).or_default().push(index);
            }
        }
    }
    // What a chunk's mentions need: every definition of a variable, and the first of a Rust
    // type alias (each resolved in its own context). No declaration of a type: Python reads no
    // class by its name (methods are looked up as functions, `self` attributes as variables),
    // and Rust reads a struct only for its fields' types, which a part takes from the whole
    // file's analysis (after an edit to a field, the part binds that field itself, from the
    // declarations it holds as they name it). An attribute of `self` bound in a method is
    // seen only inside that method's class.
    let sees = |reader: usize, definer: usize, name: &u64| {
        let chunk = &chunks[definer];
        if !(chunk.framed && chunk.class_attributes.contains(name)) {
            return true;
        }
        // Only a member has a class; looking for the frame of anything else would scan the file.
        chunks[reader].framed && {
            let (head, close) = frame_of(chunks, reader);
            head < definer && definer < close
        }
    };
    let needs_declarations = |reader: usize,
                              mentions: &NameSet,
                              context: &mut Vec<bool>,
                              declarations: &mut Vec<usize>,
                              values: &mut Vec<usize>| {
        for name in mentions {
            for &definer in definers_of(*name).iter() {
                if sees(reader, definer, name) {
                    context[definer] = true;
                    values.push(definer);
                }
            }
            // A Rust type alias: the first of the name is the one the analysis resolves.
            if let Some(definer) = definitions.first_other(*name)
                && chunks[definer].first_values.contains(name)
            {
                context[definer] = true;
                values.push(definer);
            }
            for &importer in importers.get(name).map_or(&[][..], Vec::as_slice) {
                context[importer] = true;
                declarations.push(importer);
            }
        }
    };
    // What a chunk's calls need: the declaration each name finds, the first in the file. With
    // it in the part, a lookup there finds what it finds in the whole file, even where later
    // functions of the name (nested helpers called `coro` in every test) are in the part too.
    let needs_functions = |callable: &NameSet, declared: &mut Vec<bool>, declarations: &mut Vec<usize>| {
        for name in callable {
            if let Some(definer) = definitions.first_function(*name) {
                declared[definer] = true;
                declarations.push(definer);
            }
        }
    };
    // A chunk analysed (or sending work) needs the definitions of all it mentions; a chunk
    // included only for a function's declaration, or a block's head, needs just what resolves
    // the types they name: aliases and the like, not the functions it calls; a chunk included
    // for its variables, aliases or constants needs what resolves their values.
    let mut declarations: Vec<usize> = Vec::new();
    let mut values: Vec<usize> = Vec::new();
    let mut traversed = vec![false; chunks.len()];
    let mut read = vec![false; chunks.len()];
    let mut valued = vec![false; chunks.len()];
    loop {
        if let Some(index) = traverse.pop() {
            if std::mem::replace(&mut traversed[index], true) {
                continue;
            }
            let chunk = &chunks[index];
            needs_functions(&chunk.callable, &mut declared, &mut declarations);
            needs_declarations(index, &chunk.mentions, &mut context, &mut declarations, &mut values);
        } else if let Some(index) = values.pop() {
            if traversed[index] || std::mem::replace(&mut valued[index], true) {
                continue;
            }
            let chunk = &chunks[index];
            needs_functions(&chunk.value_callable, &mut declared, &mut declarations);
            needs_declarations(index, &chunk.value_mentions, &mut context, &mut declarations, &mut values);
        } else if let Some(index) = declarations.pop() {
            if traversed[index] || std::mem::replace(&mut read[index], true) {
                continue;
            }
            needs_declarations(index, &chunks[index].mentions, &mut context, &mut declarations, &mut values);
        } else {
            // Members parse only inside their block's head and brace, and the head's names
            // (the `self` type, the trait) resolve like a declaration's.
            for index in 0..chunks.len() {
                let chunk = &chunks[index];
                if !(context[index] || declared[index]) || !(chunk.framed || chunk.kind == ChunkKind::Frame) {
                    continue;
                }
                let (head, close) = frame_of(chunks, index);
                context[close] = true;
                if !context[head] {
                    context[head] = true;
                    declarations.push(head);
                }
                // A Python class needs a member to parse at all; the first is often just its
                // docstring.
                let has_member = (head + 1..close).any(|member| context[member] || declared[member]);
                if language == Language::Python && !has_member {
                    context[head + 1] = true;
                    declarations.push(head + 1);
                }
            }
            if declarations.is_empty() {
                break;
            }
        }
    }
    let parsed = context.iter().zip(&declared).map(|(&whole, &declared)| whole || declared).collect();
    let declared = context.iter().zip(&declared).map(|(&whole, &declared)| declared && !whole).collect();
    Context { parsed, traversed, declared }
}

/// Chunks a partial analysis parses whatever it analyses, as `reads` asks: imports and the
/// other chunks binding names for the whole file, and Python's module-level statements,
/// which some rules read as a whole (the main guard). Rust's other items, and what a Python
/// class holds, are read only through the names they define.
fn always_needed(language: Language, chunk: &Chunk, reads: Reads) -> bool {
    match chunk.kind {
        ChunkKind::Import => reads.all_imports,
        ChunkKind::Statement => reads.module_statements && language == Language::Python && is_module_statement(chunk),
        ChunkKind::Definition | ChunkKind::Frame => false,
    }
}

/// Who defines what among a version's chunks, by name: the first chunk defining each function,
/// and each other name of which only the first definition counts (types, Rust type aliases,
/// constants), and every chunk defining a variable. The server makes it once per version,
/// while the user reads the diagnostics, and the next edit reads it through the edit (the
/// chunks before the edited ones are the same, those after moved) rather than making one of
/// the new chunks.
#[derive(Debug)]
pub struct DefinerIndex {
    functions: NameMap,
    firsts: NameMap,
    /// Empty when made without them (a caller that says where variables are defined).
    others: Definers,
}

impl DefinerIndex {
    pub fn of(chunks: &[Chunk], with_variables: bool) -> DefinerIndex {
        let (mut functions, mut firsts) = (NameMap::default(), NameMap::default());
        for (index, chunk) in chunks.iter().enumerate() {
            for &name in &chunk.functions {
                functions.entry(name).or_insert(index as u64);
            }
            for &name in &chunk.firsts {
                firsts.entry(name).or_insert(index as u64);
            }
        }
        let others = match with_variables {
            true => definers_index(chunks, |chunk| &chunk.others),
            false => Definers::default(),
        };
        DefinerIndex { functions, firsts, others }
    }
}

/// Who defines what among the chunks a selection reads: their own index, or after an edit,
/// the index of the chunks before it, read through the edit (the chunks outside it are the
/// same, moved).
enum Definitions<'a> {
    Own(&'a DefinerIndex),
    Edited(&'a DefinerIndex, &'a Edit<'a>),
}

impl Definitions<'_> {
    /// The first chunk defining the function `name`.
    fn first_function(&self, name: u64) -> Option<usize> {
        self.first(name, |index| &index.functions, |chunk| &chunk.functions)
    }

    /// The first chunk defining `name` among the names only the first definition of counts.
    fn first_other(&self, name: u64) -> Option<usize> {
        self.first(name, |index| &index.firsts, |chunk| &chunk.firsts)
    }

    fn first(
        &self,
        name: u64,
        firsts: fn(&DefinerIndex) -> &NameMap,
        defines: fn(&Chunk) -> &NameSet,
    ) -> Option<usize> {
        let (before, edit) = match *self {
            Definitions::Own(index) => return firsts(index).get(&name).map(|&at| at as usize),
            Definitions::Edited(before, edit) => (before, edit),
        };
        let old = firsts(before).get(&name).map(|&at| at as usize);
        if let Some(at) = old.filter(|&at| at < edit.replaced.start) {
            return Some(at);
        }
        let defines_it = |at: &usize| defines(&edit.new[*at]).contains(&name);
        if let Some(at) = edit.edited.clone().find(defines_it) {
            return Some(at);
        }
        match old {
            None => None,
            Some(at) if at >= edit.replaced.end => Some(edit.new_index(at)),
            // The edit replaced the first definer, and the index does not know the next.
            Some(_) => (edit.edited.end..edit.new.len()).find(defines_it),
        }
    }

    /// Every chunk defining the variable `name`, in order.
    fn every_other(&self, name: u64) -> Vec<usize> {
        let (before, edit) = match *self {
            Definitions::Own(index) => return index.others.get(&name).cloned().unwrap_or_default(),
            Definitions::Edited(before, edit) => (before, edit),
        };
        let old = before.others.get(&name).map_or(&[][..], Vec::as_slice);
        let kept = |range: Range<usize>| old.iter().copied().filter(move |at| range.contains(at));
        kept(0..edit.replaced.start)
            .chain(edit.edited.clone().filter(|&at| edit.new[at].others.contains(&name)))
            .chain(kept(edit.replaced.end..usize::MAX).map(|at| edit.new_index(at)))
            .collect()
    }

    /// Every answer for `chunks` is what their own index gives.
    #[cfg(test)]
    fn check(&self, chunks: &[Chunk]) {
        let own = DefinerIndex::of(chunks, true);
        let own = Definitions::Own(&own);
        for chunk in chunks {
            for &name in chunk.functions.iter().chain(&chunk.firsts).chain(&chunk.others) {
                assert_eq!(self.first_function(name), own.first_function(name), "first function {name}");
                assert_eq!(self.first_other(name), own.first_other(name), "first other {name}");
                assert_eq!(self.every_other(name), own.every_other(name), "definers of {name}");
            }
        }
    }
}

/// Names whose definitions, as other chunks see them, changed.
#[derive(Default)]
struct Changed {
    /// Functions whose declarations changed, read through
    /// [`Summary::callable`](crate::analysis::chunks::Summary::callable).
    functions: NameSet,
    /// Functions whose bodies alone changed, read by the chunks that may send them elsewhere
    /// ([`Summary::sendable`](crate::analysis::chunks::Summary::sendable)).
    bodies: NameSet,
    /// Everything else any chunk may read.
    others: NameSet,
    /// Attributes of `self` (and names bound in a class body), with the members of the class
    /// that alone can read them, by index into the new chunks, and whether every definition
    /// of them is an attribute target, which a reader spells after a dot.
    attributes: Vec<(u64, Range<usize>, bool)>,
}

impl Changed {
    /// A variable `chunk` defines: when it is a class attribute there, for the members of its
    /// class alone, which `class` gives by index into the new chunks (`None`: unknown, so
    /// every chunk).
    fn add_variable(&mut self, chunk: &Chunk, name: u64, class: impl FnOnce() -> Option<Range<usize>>) {
        let members = (chunk.framed && chunk.class_attributes.contains(&name)).then(class).flatten();
        match members {
            Some(members) => self.add_attribute(name, members, chunk.attribute_targets.contains(&name)),
            None => {
                self.others.insert(name);
            }
        }
    }

    fn add_attribute(&mut self, name: u64, members: Range<usize>, dotted: bool) {
        match self.attributes.iter_mut().find(|(known, within, _)| *known == name && *within == members) {
            Some((_, _, all_dotted)) => *all_dotted &= dotted,
            None => self.attributes.push((name, members, dotted)),
        }
    }

    fn is_empty(&self) -> bool {
        self.functions.is_empty() && self.bodies.is_empty() && self.others.is_empty() && self.attributes.is_empty()
    }

    /// Leaves out the attributes also read file-wide: their class's members are among the
    /// readers already.
    fn finished(mut self) -> Changed {
        let others = &self.others;
        self.attributes.retain(|(name, _, _)| !others.contains(name));
        let functions = &self.functions;
        self.bodies.retain(|name| !functions.contains(name));
        self
    }
}

/// The members of the framed block chunk `index` of `chunks` is a member of, if any.
fn members_of(chunks: &[Chunk], index: usize) -> Option<Range<usize>> {
    let (head, close) = frame_of(chunks, index);
    (head < index && index < close).then_some(head + 1..close)
}

/// Names whose definitions, as other chunks see them, differ between the replaced and the
/// edited chunks, where lookups find these definitions. A class attribute's readers are the
/// members of its class in either version: the old class is mapped onto the new chunks when
/// the edit left its head and end alone, and counts as the whole file when it did not.
fn changed_names(edit: &Edit<'_>, definitions: &Definitions<'_>) -> Changed {
    let differ = |digests: fn(&Chunk) -> &NameMap| {
        let combined = |chunks: &[Chunk]| {
            combined_by_name(
                chunks.iter().flat_map(|chunk| digests(chunk).iter().map(|(&name, &digest)| (name, digest))),
            )
        };
        let (before, after) = (combined(edit.replaced_chunks()), combined(edit.edited_chunks()));
        let mut names: Vec<u64> = before.keys().chain(after.keys()).copied().collect();
        names.sort_unstable();
        names.dedup();
        names.retain(|name| before.get(name) != after.get(name));
        names
    };
    let here = || edit.replaced_chunks().iter().chain(edit.edited_chunks());
    // Lookups find a definition here, before or after the edit, unless one comes earlier: the
    // chunks before the edit are the same in both versions, so the new first definers tell.
    let found_here = |first: Option<usize>, defines: fn(&Chunk) -> &NameSet, name: &u64| {
        first.is_none_or(|index| index >= edit.edited.start) && here().any(|chunk| defines(chunk).contains(name))
    };
    let mut changed = Changed::default();
    for name in differ(|chunk| &chunk.bodies) {
        if found_here(definitions.first_function(name), |chunk| &chunk.functions, &name) {
            changed.bodies.insert(name);
        }
    }
    for name in differ(|chunk| &chunk.digests) {
        if found_here(definitions.first_other(name), |chunk| &chunk.firsts, &name) {
            changed.others.insert(name);
        }
        let replaced = edit.replaced.clone().zip(edit.replaced_chunks());
        for (index, chunk) in replaced.filter(|(_, chunk)| chunk.others.contains(&name)) {
            let class = || {
                let (head, close) = frame_of(edit.old, index);
                (head < edit.replaced.start && close >= edit.replaced.end).then(|| head + 1..edit.new_index(close))
            };
            changed.add_variable(chunk, name, class);
        }
        for index in edit.edited.clone().filter(|&index| edit.new[index].others.contains(&name)) {
            changed.add_variable(&edit.new[index], name, || members_of(edit.new, index));
        }
        if found_here(definitions.first_function(name), |chunk| &chunk.functions, &name) {
            changed.functions.insert(name);
        }
    }
    changed.finished()
}
