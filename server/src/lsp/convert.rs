//! Converts analysis results (byte offsets, findings, sections) into LSP types, in the
//! position encoding negotiated with the client. The only module that maps between the two.

use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, DiagnosticSeverity, InlayHint,
    InlayHintLabel, InlayHintTooltip, MarkupContent, MarkupKind, NumberOrString, WorkspaceEdit,
};

use super::line_index::Encoding;
use super::store::Analyzed;
use crate::analysis::actions::Conversion;
use crate::analysis::{Finding, Section, Severity, TextEdit};
use crate::locale::Locale;

pub const SOURCE: &str = "concurrency-tutor";

pub fn range(analyzed: &Analyzed, range: Range<usize>, encoding: Encoding) -> lsp::Range {
    let text = analyzed.file.text();
    lsp::Range::new(
        analyzed.lines.position(text, range.start, encoding),
        analyzed.lines.position(text, range.end, encoding),
    )
}

pub fn offsets(analyzed: &Analyzed, range: lsp::Range, encoding: Encoding) -> Range<usize> {
    let text = analyzed.file.text();
    let start = analyzed.lines.offset(text, range.start, encoding);
    start..analyzed.lines.offset(text, range.end, encoding).max(start)
}

pub fn diagnostic(analyzed: &Analyzed, finding: &Finding, encoding: Encoding, locale: Locale) -> Diagnostic {
    Diagnostic {
        range: range(analyzed, finding.range.clone(), encoding),
        severity: Some(match finding.severity() {
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Information => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(finding.code().to_owned())),
        source: Some(SOURCE.to_owned()),
        message: finding.message(locale),
        ..Diagnostic::default()
    }
}

pub fn inlay_hint(analyzed: &Analyzed, section: &Section, encoding: Encoding, locale: Locale) -> InlayHint {
    InlayHint {
        position: analyzed.lines.position(analyzed.file.text(), section.anchor, encoding),
        label: InlayHintLabel::String(section.label(locale)),
        kind: None,
        text_edits: None,
        tooltip: Some(InlayHintTooltip::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: section.tooltip(locale),
        })),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

pub fn quick_fix(
    analyzed: &Analyzed,
    finding: &Finding,
    encoding: Encoding,
    locale: Locale,
) -> Option<CodeActionOrCommand> {
    let fix = finding.fix.as_ref()?;
    let edits = fix.edits.iter().map(|edit| text_edit(analyzed, edit, encoding)).collect();
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: finding.fix_title(locale),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(analyzed, finding, encoding, locale)]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(analyzed.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(fix.safe),
        ..CodeAction::default()
    }))
}

pub fn conversion(
    analyzed: &Analyzed,
    conversion: &Conversion,
    encoding: Encoding,
    locale: Locale,
) -> CodeActionOrCommand {
    let edits = conversion.edits.iter().map(|edit| text_edit(analyzed, edit, encoding)).collect();
    CodeActionOrCommand::CodeAction(CodeAction {
        title: conversion.title(locale),
        kind: Some(CodeActionKind::REFACTOR_REWRITE),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(analyzed.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
}

fn text_edit(analyzed: &Analyzed, edit: &TextEdit, encoding: Encoding) -> lsp::TextEdit {
    lsp::TextEdit { range: range(analyzed, edit.range.clone(), encoding), new_text: edit.replacement.clone() }
}
