//! The message a failed schema check reports.

/// Why a schema is invalid: a message built at compile time, at most
/// [`SchemaProblem::CAPACITY`] bytes (a longer one is cut between two characters).
#[derive(Debug, Clone, Copy)]
pub struct SchemaProblem {
    text: [u8; SchemaProblem::CAPACITY],
    len: usize,
    cut: bool,
    pub(super) table: usize,
}

impl SchemaProblem {
    /// The most bytes a message keeps.
    pub const CAPACITY: usize = 512;

    pub(super) const fn new() -> Self {
        SchemaProblem {
            text: [0; SchemaProblem::CAPACITY],
            len: 0,
            cut: false,
            table: 0,
        }
    }

    pub(super) const fn push(&mut self, parts: &[&str]) {
        let mut i = 0;
        while i < parts.len() && !self.cut {
            let bytes = parts[i].as_bytes();
            let room = Self::CAPACITY - self.len;
            let mut take = if bytes.len() < room {
                bytes.len()
            } else {
                room
            };
            // Cut only between characters, so the message stays UTF-8.
            while take > 0 && take < bytes.len() && bytes[take] & 0xC0 == 0x80 {
                take -= 1;
            }
            let mut j = 0;
            while j < take {
                self.text[self.len] = bytes[j];
                self.len += 1;
                j += 1;
            }
            self.cut = take < bytes.len();
            i += 1;
        }
    }

    pub(super) const fn push_number(&mut self, n: usize) {
        let mut digits = [0u8; 20];
        let mut count = 0;
        let mut n = n;
        loop {
            digits[count] = b"0123456789"[n % 10];
            count += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        while count > 0 && self.len < Self::CAPACITY && !self.cut {
            count -= 1;
            self.text[self.len] = digits[count];
            self.len += 1;
        }
    }

    /// The position in the schema of the table the problem was found at: the later of the
    /// tables involved.
    pub const fn table(&self) -> usize {
        self.table
    }

    /// The message.
    pub const fn message(&self) -> &str {
        match core::str::from_utf8(self.text.split_at(self.len).0) {
            Ok(text) => text,
            Err(_) => "the schema is invalid",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_is_cut_between_characters() {
        let mut m = SchemaProblem::new();
        m.push(&[&"x".repeat(SchemaProblem::CAPACITY - 1), "é", "more"]);
        assert_eq!(m.message().len(), SchemaProblem::CAPACITY - 1);
    }
}
