//! Terminal colours, applied only when wanted.

use std::io::IsTerminal;

pub fn stdout_wants_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()) && std::io::stdout().is_terminal()
}

#[derive(Clone, Copy)]
pub struct Style {
    pub colored: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.colored { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn hint(self, text: &str) -> String {
        self.paint("36", text)
    }

    pub fn warning(self, text: &str) -> String {
        self.paint("1;33", text)
    }

    pub fn information(self, text: &str) -> String {
        self.paint("1;34", text)
    }

    pub fn fix(self, text: &str) -> String {
        self.paint("32", text)
    }
}
