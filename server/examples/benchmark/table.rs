//! Result tables: one per part of the benchmark, each measured number beside its target.

use std::fmt::Write as _;
use std::time::Duration;

/// A target a number is held to. `None` target: the row is for reference only.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// At most this many milliseconds.
    Millis(f64),
    /// At most this many megabytes.
    Megabytes(f64),
    /// A ratio to a peer of at most this much.
    Ratio(f64),
}

impl Target {
    fn describe(self) -> String {
        match self {
            Target::Millis(ms) => format!("≤ {ms} ms"),
            Target::Megabytes(mb) => format!("≤ {mb} MB"),
            Target::Ratio(ratio) => format!("ratio ≤ {ratio}"),
        }
    }

    fn limit(self) -> f64 {
        match self {
            Target::Millis(value) | Target::Megabytes(value) | Target::Ratio(value) => value,
        }
    }
}

pub struct Row {
    pub label: String,
    pub cells: Vec<String>,
    /// The value compared with the target, in the target's unit, and the target.
    pub check: Option<(f64, Target)>,
}

pub struct Table {
    pub title: String,
    pub notes: Vec<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn new(title: &str, columns: &[&str]) -> Table {
        Table {
            title: title.to_owned(),
            notes: Vec::new(),
            columns: columns.iter().map(|column| (*column).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, label: impl Into<String>, cells: Vec<String>, check: Option<(f64, Target)>) {
        self.rows.push(Row { label: label.into(), cells, check });
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// A Markdown table (readable on a terminal, and pasted as is into docs/benchmarks.md).
    pub fn render(&self) -> String {
        let mut out = format!("### {}\n\n", self.title);
        for note in &self.notes {
            let _ = writeln!(out, "- {note}");
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        let mut header = vec!["measure".to_owned()];
        header.extend(self.columns.iter().cloned());
        header.extend(["target".to_owned(), "result".to_owned()]);
        let mut lines = vec![header];
        for row in &self.rows {
            let mut line = vec![row.label.clone()];
            line.extend(row.cells.iter().cloned());
            line.resize(self.columns.len() + 1, String::new());
            match row.check {
                Some((value, target)) => {
                    line.push(target.describe());
                    line.push(if value <= target.limit() { "PASS".into() } else { "MISS".into() });
                }
                None => line.extend(["—".to_owned(), "reference".to_owned()]),
            }
            lines.push(line);
        }
        let widths: Vec<usize> = (0..lines[0].len())
            .map(|column| lines.iter().map(|line| line[column].chars().count()).max().unwrap_or(0))
            .collect();
        for (index, line) in lines.iter().enumerate() {
            let cells: Vec<String> = line.iter().zip(&widths).map(|(cell, width)| format!("{cell:<width$}")).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
            if index == 0 {
                let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
                let _ = writeln!(out, "|-{}-|", rule.join("-|-"));
            }
        }
        out
    }
}

/// Sorted latency samples.
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn new(mut samples: Vec<Duration>) -> Samples {
        samples.sort();
        Samples(samples)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The nearest-rank percentile, in milliseconds.
    pub fn percentile(&self, percent: f64) -> f64 {
        if self.0.is_empty() {
            return f64::NAN;
        }
        let rank = ((percent / 100.0) * self.0.len() as f64).ceil().max(1.0) as usize;
        millis(self.0[rank.min(self.0.len()) - 1])
    }
}

pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// A number of milliseconds with precision that suits its size.
pub fn ms(value: f64) -> String {
    if value < 10.0 { format!("{value:.2} ms") } else { format!("{value:.0} ms") }
}
