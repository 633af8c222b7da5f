//! Skills: the items of the skills and certificates sections.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use super::sections::{lines_of, Kind, Section};
use super::{Field, Span};

/// Most skills kept from one resume.
const MAX_SKILLS: usize = 60;

/// Verbs of proficiency in front of a skill: kept out of the item ("熟练掌握 Excel" → Excel).
static PROFICIENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:能够|可以|会)?(?:熟练掌握|熟练运用|熟练使用|熟练操作|熟练|精通|熟悉|掌握|了解|具备|擅长|会使用|能使用|使用)\s*|(?i:(?:highly\s+)?(?:proficient|skilled|experienced|fluent|familiar|expert|competent)\s+(?:in|with|at)\s+))")
        .expect("proficiency pattern")
});

/// Levels written beside a skill in a table ("Excel    熟练"): not skills themselves.
static LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:精通|熟练|熟悉|良好|一般|掌握|了解|较好|优秀|入门|初级|中级|高级|母语|流利|native|fluent|basic|intermediate|advanced|expert|proficient|good|excellent|熟练程度|掌握程度|水平|level|技能名称|技能|skill)$")
        .expect("level pattern")
});

pub(super) fn read(lines: &[Line<'_>], sections: &[Section]) -> Vec<Field<String>> {
    let mut out: Vec<Field<String>> = Vec::new();
    for i in lines_of(sections, Kind::Skills) {
        let line = lines[i];
        let cells = line.cells();
        // A table row: the skill, then its level; a header row of such a table: nothing.
        let cells: Vec<(usize, &str)> = if cells.len() >= 2
            && cells[1..]
                .iter()
                .all(|(_, c)| LEVEL.is_match(c.trim()) || c.chars().count() <= 4)
        {
            if LEVEL.is_match(cells[0].1.trim()) {
                continue;
            }
            vec![cells[0]]
        } else {
            cells
        };
        for (cell_at, cell) in cells {
            items_of(cell_at, cell, &mut out);
            if out.len() >= MAX_SKILLS {
                return out;
            }
        }
    }
    out
}

/// The items of one cell: after a short label ("办公软件：Excel、Word"), split at list
/// separators outside brackets ("柜面业务操作（对公、对私）" stays one item).
fn items_of(cell_at: usize, text: &str, out: &mut Vec<Field<String>>) {
    let (base, body) = match text.find(['：', ':']) {
        Some(p)
            if text[..p].trim().chars().count() <= 20 && !text[..p].contains(['，', ',', '、']) =>
        {
            let sep = text[p..].chars().next().map_or(1, char::len_utf8);
            (p + sep, &text[p + sep..])
        }
        _ => (0, text),
    };
    let mut start = 0;
    let mut depth = 0usize;
    let mut pieces = Vec::new();
    for (idx, c) in body.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 && "，,、;；|｜/•·●▪■◆\t。".contains(c) => {
                pieces.push((start, &body[start..idx]));
                start = idx + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push((start, &body[start..]));
    for (off, piece) in pieces {
        let mut trimmed =
            piece.trim_start_matches(|c: char| c.is_whitespace() || "-*–—●•▪◆■□✓√>".contains(c));
        // "1. 护士执业证书", "2、…": list numbering.
        let digits = trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        if digits > 0 && digits <= 2 {
            if let Some(r) = trimmed[digits..].strip_prefix(['.', '、', ')', '）']) {
                trimmed = r.trim_start();
            }
        }
        let lead = piece.len() - trimmed.len();
        let (plead, item) = match PROFICIENCY.find(trimmed) {
            Some(m) => (m.end(), &trimmed[m.end()..]),
            None => (0, trimmed),
        };
        let item = item
            .trim()
            .trim_end_matches(['等', '。', '.', '；', ';', '*'])
            .trim();
        let n = item.chars().count();
        // Dates and numbers beside a certificate ("2016/05") are not skills.
        if n == 0 || n > 40 || !item.chars().any(|c| c.is_alphabetic()) || LEVEL.is_match(item) {
            continue;
        }
        let at = cell_at + base + off + lead + plead;
        if !out.iter().any(|f| f.value.eq_ignore_ascii_case(item)) {
            out.push(Field::new(item.to_string(), Span::new(at, at + item.len())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{lines::lines, sections::split};

    #[test]
    fn items_split_and_labels_dropped() {
        let text = "专业技能\n办公软件：Excel、Word、PowerPoint\n● 熟练掌握用友U8财务软件\n证书：初级会计职称；CPA\nSKILLS\nProficient in SQL, Python | Tableau";
        let ls = lines(text);
        let got: Vec<String> = read(&ls, &split(&ls))
            .into_iter()
            .map(|f| {
                assert_eq!(f.span.of(text), f.value);
                f.value
            })
            .collect();
        assert_eq!(
            got,
            vec![
                "Excel",
                "Word",
                "PowerPoint",
                "用友U8财务软件",
                "初级会计职称",
                "CPA",
                "SQL",
                "Python",
                "Tableau"
            ]
        );
    }
}
