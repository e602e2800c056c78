//! Reads structured fuzz input from raw bytes. Missing bytes read as zero, so every byte
//! string is a valid input and the fuzzer never wastes runs on rejected ones.

/// Separates texts inside one input. It never occurs in UTF-8, so seed files stay readable.
pub const SEPARATOR: u8 = 0xFF;

pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn byte(&mut self) -> u8 {
        let Some((&first, rest)) = self.data.split_first() else { return 0 };
        self.data = rest;
        first
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    /// The bytes up to the next separator (consumed) or the end, decoded leniently.
    pub fn text(&mut self) -> String {
        let end = self.data.iter().position(|&b| b == SEPARATOR).unwrap_or(self.data.len());
        let text = String::from_utf8_lossy(&self.data[..end]).into_owned();
        self.data = self.data.get(end + 1..).unwrap_or_default();
        text
    }

    /// Everything left, decoded leniently.
    pub fn rest(&mut self) -> String {
        let text = String::from_utf8_lossy(self.data).into_owned();
        self.data = &[];
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_pads_with_zeros() {
        let mut input = Input::new(b"\x01\x02\x03ab\xffc\xff");
        assert_eq!((input.byte(), input.u16()), (1, 0x0302));
        assert_eq!((input.text(), input.text(), input.text()), ("ab".into(), "c".into(), String::new()));
        assert!(input.is_empty());
        assert_eq!(input.u16(), 0);
    }
}
