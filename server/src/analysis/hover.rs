//! Hover: what the identifier or keyword under the cursor is, and what it means for where code
//! runs. Answers only for the exact token under the cursor, never for "somewhere on the line".

use std::ops::Range;

use tree_sitter::Node;

use super::names::{Names, compact};
use super::{FileAnalysis, Finding, Language, SourceFile};
use crate::catalogue::{ApiEntry, Catalogue, render};
use crate::locale::{Bilingual, Level, Locale};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverInfo {
    /// The token the hover is about.
    pub range: Range<usize>,
    pub markdown: String,
    /// The id of the catalogue entry (API or concept) explained, if any.
    pub subject: Option<&'static str>,
}

pub fn hover(
    file: &SourceFile,
    analysis: &FileAnalysis,
    offset: usize,
    locale: Locale,
    level: Level,
) -> Option<HoverInfo> {
    let token = file.root().descendant_for_byte_range(offset, offset)?;
    // Tree-sitter returns the node on either side of a boundary; the cursor must be on it.
    if !(token.start_byte() <= offset && offset < token.end_byte()) {
        return None;
    }
    if let Some(info) = concept_in_text(file, token, offset, locale, level) {
        return Some(info);
    }
    let entry = entry_for_token(file, &analysis.names, token);
    let findings: Vec<&Finding> = analysis.findings.iter().filter(|f| f.range.contains(&offset)).collect();
    if entry.is_none() && findings.is_empty() {
        return None;
    }
    let mut markdown = entry.map(|entry| render::api_hover(entry, locale, level)).unwrap_or_default();
    for finding in findings {
        if !markdown.is_empty() {
            markdown.push_str("\n---\n\n");
        }
        markdown.push_str(&finding_hover(finding, locale));
    }
    Some(HoverInfo { range: token.byte_range(), markdown, subject: entry.map(|entry| entry.id.as_str()) })
}

/// Comments, docstrings and string literals: a concept term under the cursor.
fn concept_in_text(
    file: &SourceFile,
    token: Node<'_>,
    offset: usize,
    locale: Locale,
    level: Level,
) -> Option<HoverInfo> {
    const TEXT_KINDS: &[&str] =
        &["comment", "string_content", "line_comment", "block_comment", "doc_comment", "string_fragment"];
    if !TEXT_KINDS.contains(&token.kind()) {
        return None;
    }
    let text = file.node_text(token);
    let (concept, range) = Catalogue::global().concept_at(text, offset - token.start_byte())?;
    let start = token.start_byte();
    Some(HoverInfo {
        range: start + range.start..start + range.end,
        markdown: render::concept_hover(concept, locale, level),
        subject: Some(concept.id.as_str()),
    })
}

const FIX_AVAILABLE: Bilingual = Bilingual::new("A quick fix is available.", "Доступно быстрое исправление.");

/// The explanation of a pitfall under the cursor: its message and why it matters.
fn finding_hover(finding: &Finding, locale: Locale) -> String {
    let rule = finding.rule;
    let mut text = format!("**{}** {}\n\n", rule.code, finding.message(locale));
    if let Some(why) = rule.doc_section(locale, 1) {
        text.push_str(why);
        text.push('\n');
    }
    if finding.fix.is_some() {
        text.push_str(&format!("\n{}\n", FIX_AVAILABLE.get(locale)));
    }
    text
}

fn entry_for_token(file: &SourceFile, names: &Names, token: Node<'_>) -> Option<&'static ApiEntry> {
    let catalogue = Catalogue::global();
    let language = file.language();
    match token.kind() {
        "async" | "await" => catalogue.api_by_keyword(language, &keyword_key(token)),
        "identifier" | "type_identifier" | "field_identifier" => match language {
            Language::Python => python_entry(file, names, token),
            Language::Rust => rust_entry(file, names, token),
        },
        _ => None,
    }
}

/// Keywords are catalogued with the construct they introduce, because `async` means something
/// different before `def`, `with` and `for` (or `fn` and a block in Rust).
pub fn keyword_key(token: Node<'_>) -> String {
    let construct = token.parent().map_or("", |parent| parent.kind());
    let key = match (token.kind(), construct) {
        ("async", "function_definition") => "async def",
        ("async", "with_statement") => "async with",
        ("async", "for_statement" | "for_in_clause") => "async for",
        ("async", "function_modifiers") => "async fn",
        ("async", "async_block") => "async block",
        ("async", "closure_expression") => "async closure",
        (keyword, _) => keyword,
    };
    key.to_owned()
}

fn python_entry(file: &SourceFile, names: &Names, token: Node<'_>) -> Option<&'static ApiEntry> {
    let parent = token.parent()?;
    if parent.kind() == "dotted_name" {
        return import_entry(file, token, parent);
    }
    if parent.kind() == "aliased_import" && parent.child_by_field_name("alias") == Some(token) {
        return names.resolve_api(file, token);
    }
    // `aio.gather`: on `gather` the whole attribute is meant; on `aio`, just the module.
    let target = if parent.kind() == "attribute" && parent.child_by_field_name("attribute") == Some(token) {
        parent
    } else {
        token
    };
    names.resolve_api(file, target)
}

/// Inside `from concurrent.futures import ProcessPoolExecutor` or `import asyncio.tasks`: the
/// dotted path up to the token, prefixed with the module a `from` import reads from.
fn import_entry(file: &SourceFile, token: Node<'_>, dotted: Node<'_>) -> Option<&'static ApiEntry> {
    let path = compact(&file.text()[dotted.start_byte()..token.end_byte()]);
    let mut holder = dotted.parent()?;
    if holder.kind() == "aliased_import" {
        holder = holder.parent()?;
    }
    let qualified = match holder.kind() {
        "import_from_statement" if holder.child_by_field_name("module_name") != Some(dotted) => {
            let module = holder.child_by_field_name("module_name")?;
            format!("{}.{path}", compact(file.node_text(module)))
        }
        _ => path,
    };
    Catalogue::global().api_by_name(file.language(), &qualified)
}

fn rust_entry(file: &SourceFile, names: &Names, token: Node<'_>) -> Option<&'static ApiEntry> {
    let parent = token.parent()?;
    if token.kind() == "field_identifier" {
        return (parent.kind() == "field_expression").then(|| names.resolve_api(file, parent)).flatten();
    }
    if parent.kind() == "token_tree" {
        return token_tree_entry(file, names, token);
    }
    if let Some(path) = use_path(file, token) {
        let catalogue = Catalogue::global();
        return catalogue
            .api_by_name(file.language(), &path)
            .or_else(|| catalogue.api_by_name(file.language(), &format!("{path}!")));
    }
    // `tokio::task::spawn`: on `spawn` the whole path; on `task`, the path up to it.
    let is_last_segment = matches!(parent.kind(), "scoped_identifier" | "scoped_type_identifier")
        && parent.child_by_field_name("name") == Some(token);
    let target = if is_last_segment { parent } else { token };
    let is_macro_name = target
        .parent()
        .is_some_and(|p| p.kind() == "macro_invocation" && p.child_by_field_name("macro") == Some(target));
    if is_macro_name { names.resolve_macro(file, target) } else { names.resolve_api(file, target) }
}

/// Macro arguments (`println!("{}", thread::available_parallelism())`) are flat token trees
/// to the grammar: rebuild the path that ends at the token from the `::` tokens before it, or
/// treat `.name` as a method.
fn token_tree_entry(file: &SourceFile, names: &Names, token: Node<'_>) -> Option<&'static ApiEntry> {
    let catalogue = Catalogue::global();
    let previous = token.prev_sibling();
    if previous.is_some_and(|p| p.kind() == ".") {
        return catalogue.api_by_method(file.language(), file.node_text(token));
    }
    let mut segments = vec![file.node_text(token)];
    let mut cursor = previous;
    while let (Some(separator), Some(segment)) = (cursor, cursor.and_then(|c| c.prev_sibling())) {
        if separator.kind() != "::" || segment.kind() != "identifier" {
            break;
        }
        segments.push(file.node_text(segment));
        cursor = segment.prev_sibling();
    }
    segments.reverse();
    let path = names.qualify_path(&segments.join("::"), token.start_byte());
    catalogue.api_by_name(file.language(), &path)
}

/// Inside a `use` declaration, the full path up to the token, through groups and renames.
fn use_path(file: &SourceFile, token: Node<'_>) -> Option<String> {
    let mut segments = vec![file.node_text(token).to_owned()];
    let mut child = token;
    let mut current = token.parent()?;
    loop {
        match current.kind() {
            "use_declaration" => break,
            "scoped_identifier" if current.child_by_field_name("name") == Some(child) => {
                segments.push(compact(file.node_text(current.child_by_field_name("path")?)));
            }
            "scoped_use_list" if current.child_by_field_name("list") == Some(child) => {
                if let Some(path) = current.child_by_field_name("path") {
                    segments.push(compact(file.node_text(path)));
                }
            }
            // The alias in `use a::b as c` names what `a::b` names.
            "use_as_clause" if current.child_by_field_name("alias") == Some(child) => {
                segments = vec![compact(file.node_text(current.child_by_field_name("path")?))];
            }
            "scoped_identifier" | "scoped_use_list" | "use_as_clause" | "use_list" | "use_wildcard" => {}
            _ => return None,
        }
        child = current;
        current = current.parent()?;
    }
    segments.reverse();
    Some(segments.join("::"))
}
