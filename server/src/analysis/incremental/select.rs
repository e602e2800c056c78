//! Which chunks an edit can change, and what analysing them again needs.
//!
//! The analysis links chunks in three ways (see [`crate::analysis::chunks`]): a chunk reads
//! the definitions of names it mentions (a function's `async`, its body, its return type, a
//! variable's type), where functions are looked up by name and the first definition in the
//! file wins; a call that sends a function elsewhere gives that function a section where it is
//! defined; and imports bind names for everyone (edits to imports never come here). So after
//! an edit, a chunk must be analysed again when it is an edited one, when it mentions a name
//! whose definition text changed (and that definition is the one lookups find), or when an
//! edited chunk sent work into it. Analysing those needs, besides themselves, every import and
//! statement, the chunks that send work into them, and the definitions of what they mention.

use std::ops::Range;

use crate::analysis::Section;
use crate::analysis::chunks::{Chunk, ChunkKind, KeyHasher, NameMap, NameSet, combine};

/// The chunks to analyse again and those to parse with them, by index into the new chunks.
pub struct Selection {
    pub redo: Vec<bool>,
    pub context: Vec<bool>,
}

/// The new chunks that replaced old ones: `edited` (indices into `new`) took the place of
/// `replaced` (indices into `old`).
pub struct Edit<'a> {
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
        self.old.partition_point(|chunk| chunk.range.start <= offset).saturating_sub(1)
    }

    fn replaced_chunks(&self) -> &[Chunk] {
        &self.old[self.replaced.clone()]
    }

    fn edited_chunks(&self) -> &[Chunk] {
        &self.new[self.edited.clone()]
    }
}

pub fn select(edit: &Edit<'_>, old_sections: &[Section]) -> Selection {
    let (old_first, new_first) = (first_definers(edit.old), first_definers(edit.new));
    let changed = changed_names(edit, &old_first, &new_first);

    let mut redo = vec![false; edit.new.len()];
    for index in edit.edited.clone() {
        redo[index] = true;
    }
    if !changed.is_empty() {
        for (index, chunk) in edit.new.iter().enumerate() {
            if !redo[index] && changed.iter().any(|name| chunk.mentions.contains(name)) {
                redo[index] = true;
            }
        }
    }
    // Sections the edited chunks sent elsewhere; what they send now is checked after analysis.
    let senders: Vec<(usize, usize)> = old_sections
        .iter()
        .filter_map(|section| {
            let sender = section.sender.as_ref()?;
            Some((
                edit.new_index(edit.old_chunk_at(section.range.start)),
                edit.new_index(edit.old_chunk_at(sender.call.start)),
            ))
        })
        .collect();
    for &(receiver, sender) in &senders {
        if edit.edited.contains(&sender) {
            redo[receiver] = true;
        }
    }

    let mut context = redo.clone();
    let mut traverse: Vec<usize> = Vec::new();
    for (index, chunk) in edit.new.iter().enumerate() {
        if redo[index] || chunk.kind != ChunkKind::Definition {
            context[index] = true;
            traverse.push(index);
        }
    }
    for &(receiver, sender) in &senders {
        if redo[receiver] && !context[sender] {
            context[sender] = true;
            traverse.push(sender);
        }
    }
    let others = others_index(edit.new);
    let mut traversed = vec![false; edit.new.len()];
    while let Some(index) = traverse.pop() {
        if std::mem::replace(&mut traversed[index], true) {
            continue;
        }
        for name in &edit.new[index].mentions {
            // A function or type is read for its text only: what it needs does not matter.
            if let Some(&definer) = new_first.get(name) {
                context[definer as usize] = true;
            }
            // Other definitions (variables, fields, types) are resolved in their own context.
            for &definer in others.get(name).map_or(&[][..], Vec::as_slice) {
                context[definer] = true;
                if !traversed[definer] {
                    traverse.push(definer);
                }
            }
        }
    }
    Selection { redo, context }
}

/// For each name of which only the first definition counts, the chunk holding it.
fn first_definers(chunks: &[Chunk]) -> NameMap {
    let mut first = NameMap::default();
    for (index, chunk) in chunks.iter().enumerate() {
        for &name in chunk.functions.iter().chain(&chunk.firsts) {
            first.entry(name).or_insert(index as u64);
        }
    }
    first
}

type Definers = std::collections::HashMap<u64, Vec<usize>, std::hash::BuildHasherDefault<KeyHasher>>;

/// For each name that is not only a function, every chunk defining it.
fn others_index(chunks: &[Chunk]) -> Definers {
    let mut index = Definers::default();
    for (position, chunk) in chunks.iter().enumerate() {
        for &name in &chunk.others {
            index.entry(name).or_default().push(position);
        }
    }
    index
}

/// Names whose definitions, as other chunks see them, differ between the replaced and the
/// edited chunks: a function counts only where lookups find this definition.
fn changed_names(edit: &Edit<'_>, old_first: &NameMap, new_first: &NameMap) -> NameSet {
    let digests = |chunks: &[Chunk]| {
        let mut all = NameMap::default();
        for chunk in chunks {
            for (&name, &digest) in &chunk.digests {
                let entry = all.entry(name).or_default();
                *entry = combine(*entry, digest);
            }
        }
        all
    };
    let (before, after) = (digests(edit.replaced_chunks()), digests(edit.edited_chunks()));
    let is_other =
        |name: &u64| edit.replaced_chunks().iter().chain(edit.edited_chunks()).any(|chunk| chunk.others.contains(name));
    let found_here = |name: &u64| {
        old_first.get(name).is_some_and(|&index| edit.replaced.contains(&(index as usize)))
            || new_first.get(name).is_some_and(|&index| edit.edited.contains(&(index as usize)))
    };
    before
        .keys()
        .chain(after.keys())
        .filter(|name| before.get(name) != after.get(name))
        .filter(|name| is_other(name) || found_here(name))
        .copied()
        .collect()
}
