//! CSV as Excel, WPS and job boards export it: any common encoding (UTF-8 with or without
//! a byte-order mark, GBK/GB18030, UTF-16), separated by commas, tabs or semicolons.

use super::{Cell, TableError, MAX_GRID_ROWS, MAX_ROWS};
use crate::text;

pub(super) fn read(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, TableError> {
    let decoded = text::decode(bytes)?;
    let body = decoded.strip_prefix('\u{FEFF}').unwrap_or(&decoded);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(body))
        .from_reader(body.as_bytes());
    let mut grid = Vec::new();
    let text = body.as_bytes();
    // The reader passes over blank lines; each row keeps the number a spreadsheet would
    // show: its line, for the usual file without line breaks inside cells.
    let (mut scanned, mut newlines) = (0usize, 0usize);
    for record in reader.records() {
        // The text is valid UTF-8 by now; an error is a quote left open at the end,
        // which is read as far as it goes.
        let Ok(record) = record else { break };
        let mut start = record
            .position()
            .map_or(scanned, |p| p.byte() as usize)
            .max(scanned);
        while start < text.len() && matches!(text[start], b'\r' | b'\n') {
            start += 1;
        }
        newlines += text[scanned..start].iter().filter(|&&b| b == b'\n').count();
        scanned = start;
        let line = newlines + 1;
        if line > MAX_GRID_ROWS {
            return Err(TableError::TooManyRows { limit: MAX_ROWS });
        }
        grid.resize_with(line - 1, Vec::new);
        grid.push(record.iter().map(Cell::text).collect());
    }
    Ok(grid)
}

/// The separator the first lines use most: comma, tab or semicolon (what Excel writes
/// where the comma is the decimal mark).
fn separator(body: &str) -> u8 {
    let head: String = body.lines().take(5).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize);
    for sep in [b',', b'\t', b';'] {
        let mut in_quotes = false;
        let count = head
            .bytes()
            .filter(|&b| {
                if b == b'"' {
                    in_quotes = !in_quotes;
                }
                !in_quotes && b == sep
            })
            .count();
        if count > best.1 {
            best = (sep, count);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_found_outside_quotes() {
        assert_eq!(separator("姓名,手机\n张三,138"), b',');
        assert_eq!(separator("姓名\t手机\t邮箱\n"), b'\t');
        assert_eq!(separator("Name;Phone;\"Skills, tools\"\n"), b';');
        assert_eq!(separator("Name\n"), b',');
    }
}
