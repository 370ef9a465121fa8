//! CSV for Excel, the tool every host unit's office has: UTF-8 with a byte-order mark (without it
//! Excel reads GBK and garbles the Chinese), CRLF lines, and no cell Excel could run as a formula.

/// A CSV file being written, line by line.
pub struct Csv {
    text: String,
}

impl Csv {
    /// An empty file (its byte-order mark only).
    pub fn new() -> Self {
        Self {
            text: String::from("\u{feff}"),
        }
    }

    /// One line of cells (none: a blank line between two tables).
    pub fn line<S: AsRef<str>>(&mut self, cells: &[S]) {
        let cells: Vec<String> = cells.iter().map(|cell| cell_of(cell.as_ref())).collect();
        self.text.push_str(&cells.join(","));
        self.text.push_str("\r\n");
    }

    /// The file.
    pub fn finish(self) -> String {
        self.text
    }
}

impl Default for Csv {
    fn default() -> Self {
        Self::new()
    }
}

/// One CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`, `@`,
/// tab or carriage return is defused so Excel never runs a typed "formula".
fn cell_of(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell_of("橘子"), "橘子");
        assert_eq!(cell_of("橘子, 柚子"), "\"橘子, 柚子\"");
        assert_eq!(cell_of("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell_of("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell_of("-5"), "'-5");
    }

    #[test]
    fn a_file_starts_with_the_mark_and_ends_lines_with_crlf() {
        let mut csv = Csv::new();
        csv.line(&["a", "b"]);
        csv.line::<&str>(&[]);
        assert_eq!(csv.finish(), "\u{feff}a,b\r\n\r\n");
    }
}
