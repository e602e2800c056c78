//! Fixture tests for the analysis core: realistic snippets annotated the way rust-analyzer
//! annotates its fixtures, with `$0` for the cursor and `^^^ label` comments under a line.

mod conversions;
mod findings;
mod fixture;
mod hints;
mod hover;
mod hover_programs;
