//! Replacing a call of one catalogued class by another with the same constructor signature,
//! keeping the user's import style: `ThreadPoolExecutor(..)` → `ProcessPoolExecutor(..)`.

use tree_sitter::Node;

use crate::analysis::actions::{Context, Conversion};
use crate::analysis::calls::Call;
use crate::analysis::names::Names;
use crate::analysis::{SourceFile, TextEdit, python::imports};
use crate::locale::Bilingual;

/// One direction of a swap: from the class with catalogue id `from` to the class `to`, refused
/// when the call passes a keyword only `from` accepts, or more positional arguments than the
/// two constructors agree on.
pub struct Swap {
    pub from: &'static str,
    pub to: &'static str,
    pub title: Bilingual,
    pub unique_keywords: &'static [&'static str],
    /// How many leading positional parameters mean the same in both constructors.
    pub shared_positional: usize,
}

/// Offers each swap whose `from` class is constructed within the context's range.
pub fn offer(context: &Context<'_>, swaps: &[Swap], conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, calls, .. } = context;
    for &call in calls {
        if call.call.end_byte() < range.start || call.call.start_byte() > range.end {
            continue;
        }
        let Some(entry) = names.resolve_api(file, call.callee) else { continue };
        let Some(swap) = swaps.iter().find(|swap| swap.from == entry.id) else { continue };
        if positional_count(call.call) > swap.shared_positional {
            continue;
        }
        if let Some(edits) = edits(file, names, call, swap.to, swap.unique_keywords) {
            conversions.push(Conversion { title: swap.title, subject: String::new(), edits, safe: false });
        }
    }
}

/// The edits that make `call` construct `target` (`module.Class`) instead: the callee
/// rewritten, and an import added when the file has no name for `target` yet. `None` when a
/// keyword argument only the old class accepts is present.
pub fn edits(
    file: &SourceFile,
    names: &Names,
    Call { call, callee }: Call<'_>,
    target: &str,
    unique_keywords: &[&str],
) -> Option<Vec<TextEdit>> {
    if has_keyword(file, call, unique_keywords) {
        return None;
    }
    let (module, class) = target.rsplit_once('.')?;
    let mut edits = Vec::new();
    if let Some(import) = sole_from_import(file, callee, module) {
        // `from m import Old` used only here: rename the import instead of adding another.
        return Some(vec![TextEdit::replace(import, class), TextEdit::replace(callee.byte_range(), class)]);
    }
    let replacement = if let Some(local) = names.local_name_of(target) {
        local.to_owned()
    } else if callee.kind() == "attribute" {
        // `concurrent.futures.ThreadPoolExecutor` → keep the module path the code already uses.
        let object = callee.child_by_field_name("object")?;
        let prefix = file.node_text(object);
        match names.qualify(file, object).as_deref() == Some(module) {
            true => format!("{prefix}.{class}"),
            false => {
                let (local, import) = imports::module_reference(file, names, module);
                edits.extend(import);
                format!("{local}.{class}")
            }
        }
    } else {
        edits.push(imports::module_statement(file, &format!("from {module} import {class}")));
        class.to_owned()
    };
    edits.push(TextEdit::replace(callee.byte_range(), replacement));
    Some(edits)
}

/// The name in `from module import Name` when `callee` is that bare `Name` and the file uses it
/// nowhere else, so the import can be renamed along with the call.
fn sole_from_import(file: &SourceFile, callee: Node<'_>, module: &str) -> Option<std::ops::Range<usize>> {
    if callee.kind() != "identifier" {
        return None;
    }
    let name = file.node_text(callee);
    let mut found = None;
    crate::analysis::queries::PYTHON.imports.for_each_match(file, file.root(), |m| {
        let Some(statement) = m.get("import").filter(|s| s.kind() == "import_from_statement") else { return };
        let from =
            statement.child_by_field_name("module_name").map(|m| crate::analysis::names::compact(file.node_text(m)));
        if from.as_deref() != Some(module) {
            return;
        }
        let mut cursor = statement.walk();
        for imported in statement.children_by_field_name("name", &mut cursor) {
            if imported.kind() == "dotted_name" && file.node_text(imported) == name {
                found = Some(imported.byte_range());
            }
        }
    });
    let uses = word_occurrences(file.text(), name);
    found.filter(|_| uses == 2)
}

/// How many times `word` appears as a whole identifier in `text`.
fn word_occurrences(text: &str, word: &str) -> usize {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word)
        .filter(|(at, _)| {
            !text[..*at].chars().next_back().is_some_and(is_word)
                && !text[at + word.len()..].chars().next().is_some_and(is_word)
        })
        .count()
}

fn has_keyword(file: &SourceFile, call: Node<'_>, keywords: &[&str]) -> bool {
    let Some(arguments) = call.child_by_field_name("arguments") else { return false };
    let mut cursor = arguments.walk();
    arguments.named_children(&mut cursor).any(|argument| {
        argument.kind() == "keyword_argument"
            && argument.child_by_field_name("name").is_some_and(|name| keywords.contains(&file.node_text(name)))
    })
}

/// Positional arguments, `*args` included (it may fill any position).
fn positional_count(call: Node<'_>) -> usize {
    let Some(arguments) = call.child_by_field_name("arguments") else { return 0 };
    let mut cursor = arguments.walk();
    arguments
        .named_children(&mut cursor)
        .filter(|argument| !matches!(argument.kind(), "keyword_argument" | "dictionary_splat" | "comment"))
        .count()
}
