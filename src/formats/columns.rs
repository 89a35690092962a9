//! Text set in aligned columns for a terminal: each column as wide as its
//! widest cell, measured as a terminal shows it (a CJK character or an
//! emoji takes two columns, a combining accent none), two spaces apart.

use unicode_width::UnicodeWidthStr;

/// How a column's cells sit in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    /// Text: at the column's start.
    Start,
    /// Numbers: at its end.
    End,
}

/// The columns a terminal gives `text`.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `rows` (the first is the header) as lines of aligned columns, each line
/// without trailing spaces; `align[c]` places column `c` (`End` when not
/// given). Rows may be shorter than the header.
pub fn grid(rows: &[Vec<String>], align: &[Align]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            (rows.iter().filter_map(|r| r.get(c)))
                .map(|t| width(t))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let room = " ".repeat(widths[c] - width(cell));
            match align.get(c).copied().unwrap_or(Align::End) {
                Align::Start => line.extend([cell.as_str(), &room]),
                Align::End => line.extend([&room, cell.as_str()]),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wide, zero-width and plain text line up: every line of a grid
    /// right-aligned at its end is as wide as the header, on screen.
    #[test]
    fn columns_line_up_as_a_terminal_shows_them() {
        assert_eq!(
            (width("日本"), width("🚀"), width("Cafe\u{301}")),
            (4, 2, 4)
        );
        let cells = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
        let rows = [
            cells("", "日本語のプラン"),
            cells("Total", "$1,200"),
            cells("🚀 Rocket", "$3"),
            cells("Cafe\u{301}", "-"),
        ];
        let text = grid(&rows, &[Align::Start]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        for line in &lines {
            assert_eq!(width(line), width(lines[0]), "{line:?} in\n{text}");
        }
        // The first column's cells start each line; the second ends it.
        assert!(
            lines[2].starts_with("🚀 Rocket  ") && lines[2].ends_with(" $3"),
            "{text}"
        );
        assert_eq!(lines[0], format!("{}  日本語のプラン", " ".repeat(9)));
    }
}
