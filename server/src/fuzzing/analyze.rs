//! Target `analyze`: arbitrary bytes analysed as Python and as Rust, with hovers across the
//! text, as opening any file in an editor would.

use super::summary::{check, check_range};
use crate::analysis::source::floor_char_boundary;
use crate::analysis::{Language, SourceFile, analyze, hover};
use crate::locale::{Level, Locale};

/// How many hover positions to try per file; spread evenly so long inputs are covered too.
const HOVERS: usize = 24;

pub fn analyze_bytes(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for language in [Language::Python, Language::Rust] {
        let file = SourceFile::parse(language, text.as_ref());
        let analysis = analyze(&file);
        check(&file, &analysis);
        let step = (text.len() / HOVERS).max(1);
        for (i, offset) in (0..=text.len()).step_by(step).enumerate() {
            let offset = floor_char_boundary(&text, offset);
            let (locale, level) = if i % 2 == 0 { (Locale::En, Level::Beginner) } else { (Locale::Ru, Level::Expert) };
            if let Some(info) = hover::hover(&file, &analysis, offset, locale, level) {
                check_range(&text, &info.range, "hover");
                assert!(info.range.contains(&offset), "hover for {offset} covers {:?}", info.range);
                assert!(!info.markdown.is_empty());
            }
        }
    }
}
