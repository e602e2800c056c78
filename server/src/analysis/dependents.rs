//! Which chunks of a file `check` must analyse: the chunks whose results may depend on the
//! chunks holding a literal of something the catalogue knows (see [`super::partial`]), found
//! by following names forwards from those through the chunk summaries
//! ([`super::chunks::Summary`]) and the statements that bind names ([`Binding`]).
//!
//! The links are narrower than "mentions a name defined there", which made nearly every
//! chunk of a large test module depend on every other through locals such as `e`, `t` or
//! `loop`: a coroutine reaches only the chunks calling it, where a function runs reaches only
//! the functions it sends or calls (not theirs in turn), a variable reaches its readers only
//! when its binding may give it a catalogued value, and an attribute of `self` only its own
//! class. What the results then need (declarations,
//! values) is chosen as for an edit ([`super::incremental`]), and only these chunks' results
//! count, so links missing here would lose results; `check --whole-files` gives the same
//! output on the whole standard library and on the tests' programs.

use std::ops::Range;

use super::chunks::{Chunk, Definers, NameMap, definers_index, frame_of};

/// The name links between chunks, indexed both ways, so that following them costs the
/// names of the chunks reached rather than a pass over every chunk for each. Functions are
/// looked up from callable mentions, and only their first definition in the file counts.
struct Links {
    first_function: NameMap,
    mentioners: Definers,
    callers: Definers,
}

impl Links {
    fn of(chunks: &[Chunk]) -> Links {
        let mut first_function = NameMap::default();
        for (position, chunk) in chunks.iter().enumerate() {
            for &name in &chunk.functions {
                first_function.entry(name).or_insert(position as u64);
            }
        }
        Links {
            first_function,
            mentioners: definers_index(chunks, |chunk| &chunk.mentions),
            callers: definers_index(chunks, |chunk| &chunk.calls),
        }
    }

    fn holding<'a>(index: &'a Definers, names: impl Iterator<Item = &'a u64> + 'a) -> impl Iterator<Item = usize> + 'a {
        names.filter_map(|name| index.get(name)).flatten().copied()
    }

    /// The names of the functions chunk `index` holds the first definitions of.
    fn first_functions<'a>(&'a self, chunks: &'a [Chunk], index: usize) -> impl Iterator<Item = &'a u64> + 'a {
        chunks[index].functions.iter().filter(move |name| self.first_function.get(*name) == Some(&(index as u64)))
    }

    /// The chunks holding the functions `chunk` may send elsewhere as work.
    fn callees<'a>(&'a self, chunk: &'a Chunk) -> impl Iterator<Item = usize> + 'a {
        chunk.sendable.iter().filter_map(|name| self.first_function.get(name)).map(|&index| index as usize)
    }

    /// The chunks that call the coroutines chunk `index` holds the first definitions of.
    fn callers_of<'a>(&'a self, chunks: &'a [Chunk], index: usize) -> impl Iterator<Item = usize> + 'a {
        let coroutines =
            self.first_functions(chunks, index).filter(move |name| chunks[index].coroutines.contains(*name));
        Self::holding(&self.callers, coroutines)
    }
}

/// A statement binding names for other chunks (a variable, an import), found by the text
/// chunker ([`super::python::regions::chunks_and_bindings`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub names: Vec<u64>,
    /// The statement, from its first code to its end.
    pub range: Range<usize>,
    /// The names the statement mentions other than those it binds: what its value can read.
    pub value: Vec<u64>,
    /// The names among `value` that the statement calls: the only way its value reads what
    /// one of the file's functions returns (`client = connect()`, with `def connect() ->
    /// Client`).
    pub calls: Vec<u64>,
    /// Whether the statement can give what it binds a type the analysis records: it calls
    /// something or annotates (the analysis types a variable from a call's callee, an
    /// annotation or a decorator, never from a plain value such as `self.text = text`).
    pub may_type: bool,
    /// The statement is in a function, where only attributes of `self` make bindings, and
    /// is no import.
    pub in_method: bool,
    /// The statement is an import.
    pub import: bool,
}

/// How each chunk's results may depend on the seeds (the chunks holding a literal of
/// something the catalogue knows), from [`dependents`].
pub struct Dependents(Vec<u8>);

/// The chunk uses something the catalogue knows: it holds a literal, or mentions a name bound
/// to something the catalogue knows (see [`dependents`]).
const USES: u8 = 1;
/// A chunk using the catalogue calls or passes on one of the chunk's functions: that decides
/// where the function runs.
const CALLEE: u8 = 2;
/// The chunk calls a coroutine of a chunk using the catalogue (it may not await it).
const CALLER: u8 = 4;

impl Dependents {
    /// Whether the chunk's results may depend on the seeds at all.
    pub fn marked(&self) -> Vec<bool> {
        self.0.iter().map(|&how| how != 0).collect()
    }

    /// Whether the chunk uses something the catalogue knows: it holds a literal, or mentions a
    /// name bound to something the catalogue knows.
    pub fn uses_catalogue(&self, index: usize) -> bool {
        self.0[index] & USES != 0
    }
}

/// The chunks whose results may depend on the seeds, the chunks holding a literal at
/// `offsets` (sorted). A result sits where the catalogue's name is spelled (the pre-scan's
/// literals), or where a name bound to it is used: an import spelling it
/// (`from threading import Thread as T` .. `T(target=work)`) or a variable that may hold a
/// catalogued value (a gRPC stub, whose every method is a remote call); at a function sent
/// elsewhere from there (its section); or at a call of a function using the catalogue (a
/// coroutine called without `await`). A function reached as a callee reaches neither its
/// other callers nor its own callees: being sent elsewhere changes what neither does (a
/// section covers the function sent, not what it calls).
///
/// A binding (`bindings`) may give its names a catalogued value when its statement spells a
/// literal, calls a function of a chunk using the catalogue (which may return one), or reads
/// a name such a binding gave one, where it can see that name (`seen_from`). Only a call
/// counts for a function: naming one (`self.func = func`) gives no value the analysis
/// follows, and counting it made every chunk mentioning a common name such as `func` depend
/// on a coroutine that shares it.
pub fn dependents(chunks: &[Chunk], bindings: &[Binding], offsets: &[usize]) -> Dependents {
    let links = Links::of(chunks);
    let (mut value_readers, mut callers_for_value) = (Definers::default(), Definers::default());
    for (index, binding) in bindings.iter().enumerate() {
        for &name in &binding.value {
            value_readers.entry(name).or_default().push(index);
        }
        for &name in &binding.calls {
            callers_for_value.entry(name).or_default().push(index);
        }
    }
    let mut reached = vec![0u8; chunks.len()];
    let mut carries = vec![false; bindings.len()];
    let (mut queue, mut carried) = (Vec::new(), Vec::new());
    // A chunk is followed again whenever how it was reached grows.
    let reach = |reached: &mut Vec<u8>, queue: &mut Vec<usize>, index: usize, how: u8| {
        if reached[index] | how != reached[index] {
            reached[index] |= how;
            queue.push(index);
        }
    };
    let carry = |carries: &mut Vec<bool>, carried: &mut Vec<usize>, index: usize| {
        if !std::mem::replace(&mut carries[index], true) {
            carried.push(index);
        }
    };
    for &offset in offsets {
        let seed = chunk_at(chunks, offset);
        if seed < chunks.len() {
            reach(&mut reached, &mut queue, seed, USES);
        }
    }
    for (index, binding) in bindings.iter().enumerate() {
        let first = offsets.partition_point(|&offset| offset < binding.range.start);
        if offsets.get(first).is_some_and(|&offset| offset < binding.range.end) {
            carry(&mut carries, &mut carried, index);
        }
    }
    loop {
        if let Some(index) = queue.pop() {
            let (chunk, how) = (&chunks[index], reached[index]);
            if how & USES != 0 {
                for caller in links.callers_of(chunks, index) {
                    reach(&mut reached, &mut queue, caller, CALLER);
                }
                for reader in Links::holding(&callers_for_value, links.first_functions(chunks, index)) {
                    carry(&mut carries, &mut carried, reader);
                }
            }
            if how & USES != 0 {
                for callee in links.callees(chunk) {
                    reach(&mut reached, &mut queue, callee, CALLEE);
                }
            }
        } else if let Some(index) = carried.pop() {
            let names = &bindings[index].names;
            let seen_from = seen_from(chunks, &bindings[index]);
            for reader in Links::holding(&links.mentioners, names.iter()).filter(|reader| seen_from.contains(reader)) {
                reach(&mut reached, &mut queue, reader, USES);
            }
            for reader in Links::holding(&value_readers, names.iter()) {
                if seen_from.contains(&chunk_at(chunks, bindings[reader].range.start)) {
                    carry(&mut carries, &mut carried, reader);
                }
            }
        } else {
            return Dependents(reached);
        }
    }
}

/// The chunk holding `offset`.
pub fn chunk_at(chunks: &[Chunk], offset: usize) -> usize {
    chunks.partition_point(|chunk| chunk.range.end <= offset)
}

/// The chunks that can read what `binding` binds. An attribute of `self` bound in a method is
/// a variable of its class only (of its function, outside a class), so only the members of a
/// framed class see it, or only the chunk holding the class.
fn seen_from(chunks: &[Chunk], binding: &Binding) -> Range<usize> {
    if !binding.in_method {
        return 0..chunks.len();
    }
    let holder = chunk_at(chunks, binding.range.start);
    if chunks.get(holder).is_some_and(|chunk| chunk.framed) {
        let (head, close) = frame_of(chunks, holder);
        head + 1..close
    } else {
        holder..holder + 1
    }
}
