//! Lines with their byte offsets, and the cells a line splits into.

/// One line of the text and where it starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'t> {
    pub start: usize,
    pub text: &'t str,
}

impl<'t> Line<'t> {
    /// The line's cells: what tabs, bars, bullets or runs of two or more spaces separate
    /// (table rows and aligned layouts), each with its byte offset in the whole text.
    pub fn cells(&self) -> Vec<(usize, &'t str)> {
        let mut out = Vec::new();
        let bytes = self.text;
        let mut cell_start = 0;
        let mut chars = bytes.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let sep_len = match c {
                '\t' | '|' | '｜' | '│' | '丨' | '\u{3000}' => c.len_utf8(),
                ' ' if matches!(chars.peek(), Some((_, ' '))) => {
                    let mut n = 1;
                    while matches!(chars.peek(), Some((_, ' '))) {
                        chars.next();
                        n += 1;
                    }
                    n
                }
                _ => 0,
            };
            if sep_len > 0 {
                push_cell(&mut out, self.start, bytes, cell_start, i);
                cell_start = i + sep_len;
            }
        }
        push_cell(&mut out, self.start, bytes, cell_start, bytes.len());
        out
    }
}

impl<'t> Line<'t> {
    /// The cells, with a cell of Chinese text further split at single spaces next to a
    /// Chinese character ("市场营销 本科" is two fields; "Hospitality Management" is one).
    pub fn fields(&self) -> Vec<(usize, &'t str)> {
        let mut out = Vec::new();
        for (at, cell) in self.cells() {
            let mut start = 0;
            for (i, c) in cell.char_indices() {
                if c != ' ' {
                    continue;
                }
                let before = cell[..i].chars().next_back();
                let after = cell[i + 1..].chars().next();
                if before.is_some_and(is_han) || after.is_some_and(is_han) {
                    let piece = cell[start..i].trim();
                    if !piece.is_empty() {
                        out.push((
                            at + start + (cell[start..i].len() - cell[start..i].trim_start().len()),
                            piece,
                        ));
                    }
                    start = i + 1;
                }
            }
            let piece = cell[start..].trim();
            if !piece.is_empty() {
                out.push((
                    at + start + (cell[start..].len() - cell[start..].trim_start().len()),
                    piece,
                ));
            }
        }
        out
    }
}

fn push_cell<'t>(
    out: &mut Vec<(usize, &'t str)>,
    base: usize,
    text: &'t str,
    from: usize,
    to: usize,
) {
    if from >= to {
        return;
    }
    let raw = &text[from..to];
    let trimmed = raw.trim_start();
    let lead = raw.len() - trimmed.len();
    let trimmed = trimmed.trim_end();
    if !trimmed.is_empty() {
        out.push((base + from + lead, trimmed));
    }
}

pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split('\n') {
        out.push(Line { start, text: piece });
        start += piece.len() + 1;
    }
    out
}

/// Whether a character is a CJK ideograph.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_offsets() {
        let text = "x\n姓名\t张三 |  性别  男";
        let ls = lines(text);
        let cells = ls[1].cells();
        let got: Vec<&str> = cells.iter().map(|c| c.1).collect();
        assert_eq!(got, vec!["姓名", "张三", "性别", "男"]);
        for (at, s) in cells {
            assert_eq!(&text[at..at + s.len()], s);
        }
    }
}
