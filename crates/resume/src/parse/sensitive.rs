//! What screening must not use and reviewers may be shown only on purpose: ID numbers,
//! date of birth and age, gender, marital status, ethnicity, political status, hometown,
//! height and weight, nationality, photos.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::lines::Line;
use super::sections::Section;
use super::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SensitiveKind {
    IdNumber,
    BirthDate,
    Age,
    Gender,
    MaritalStatus,
    Ethnicity,
    PoliticalStatus,
    Hometown,
    Body,
    Nationality,
    Photo,
}

impl SensitiveKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SensitiveKind::IdNumber => "id_number",
            SensitiveKind::BirthDate => "birth_date",
            SensitiveKind::Age => "age",
            SensitiveKind::Gender => "gender",
            SensitiveKind::MaritalStatus => "marital_status",
            SensitiveKind::Ethnicity => "ethnicity",
            SensitiveKind::PoliticalStatus => "political_status",
            SensitiveKind::Hometown => "hometown",
            SensitiveKind::Body => "body",
            SensitiveKind::Nationality => "nationality",
            SensitiveKind::Photo => "photo",
        }
    }
}

/// A sensitive fact and where it is (a photo has no span in the text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sensitive {
    pub kind: SensitiveKind,
    pub span: Option<Span>,
}

static ID_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
        .expect("id pattern")
});

static LABELLED_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:身份证(?:号码|号)?|证件号码|(?i:id\s*(?:card\s*)?(?:no\.?|number)))\s*[:：]?\s*(?P<v>[0-9Xx*]{15,18})").expect("labelled id pattern")
});

/// (kind, pattern): the labels and words that state each fact.
static PATTERNS: LazyLock<Vec<(SensitiveKind, Regex)>> = LazyLock::new(|| {
    let p = |k, r: &str| (k, Regex::new(r).expect("sensitive pattern"));
    vec![
        p(
            SensitiveKind::BirthDate,
            r"(?:出生年月|出生日期|出\s*生|生\s*日|(?i:date\s+of\s+birth|d\.?o\.?b\.?|birth\s*date|born))\s*[:：]?\s*(?:(?:19|20)\d{2}|\d{1,2}[/.\s])[^\t|｜,，\n]{0,12}",
        ),
        p(
            SensitiveKind::Age,
            r"(?:年\s*龄\s*[:：]?\s*\d{2}\s*岁?|\d{2}\s*岁|(?i:\bage\s*[:：]\s*\d{2}))",
        ),
        p(
            SensitiveKind::Gender,
            r"(?:性\s*别\s*[:：]?\s*[男女]性?|(?i:\b(?:gender|sex)\s*[:：]\s*(?:male|female|m|f)\b))",
        ),
        p(
            SensitiveKind::MaritalStatus,
            r"(?:婚姻状况|婚育状况|婚\s*姻|婚\s*否|已婚已育|已婚未育|已婚|未婚|离异|已育|未育|(?i:marital\s+status\s*[:：]?\s*\w*|\bmarried\b))",
        ),
        p(
            SensitiveKind::Ethnicity,
            r"(?:民\s*族\s*[:：]\s*[\p{Han}]{1,4}|汉族|回族|满族|壮族|蒙古族|维吾尔族|藏族|苗族|彝族|土家族|朝鲜族|侗族|瑶族|白族|哈尼族|黎族|傣族|畲族)",
        ),
        p(
            SensitiveKind::PoliticalStatus,
            r"(?:政治面貌\s*[:：]?\s*[\p{Han}]{0,6}|中共党员|中共预备党员|共青团员|预备党员|(?i:party\s+member))",
        ),
        p(
            SensitiveKind::Hometown,
            r"(?:籍\s*贯|户口所在地|户籍所在地|户\s*籍|户\s*口|(?i:hometown|place\s+of\s+origin|native\s+place))\s*[:：]?\s*[^\t|｜,，\n]{0,12}",
        ),
        p(
            SensitiveKind::Body,
            r"(?:身\s*高\s*[:：]?\s*\d{2,3}\s*(?:cm|CM|厘米)?|体\s*重\s*[:：]?\s*\d{2,3}\s*(?:kg|KG|公斤|斤)?|(?i:\b(?:height|weight)\s*[:：]\s*\d+\s*\w*))",
        ),
        p(
            SensitiveKind::Nationality,
            r"(?:国\s*籍\s*[:：]\s*[^\t|｜,，\n]{1,12}|(?i:nationality\s*[:：]\s*[^\t|,\n]{1,20}))",
        ),
    ]
});

/// Whether an 18-character ID number's check character is right (GB 11643).
fn id_checksum_ok(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = id.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == b[17].to_ascii_uppercase()
}

pub(super) fn find(
    text: &str,
    _lines: &[Line<'_>],
    _sections: &[Section],
    has_image: bool,
) -> Vec<Sensitive> {
    let mut out: Vec<Sensitive> = Vec::new();
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    for m in ID_NUMBER.find_iter(text) {
        if digit(text[..m.start()].chars().next_back()) || digit(text[m.end()..].chars().next()) {
            continue;
        }
        if id_checksum_ok(m.as_str()) {
            out.push(Sensitive {
                kind: SensitiveKind::IdNumber,
                span: Some(Span::new(m.start(), m.end())),
            });
        }
    }
    // A labelled number counts whatever its check digit says.
    for c in LABELLED_ID.captures_iter(text) {
        let v = c.name("v").expect("value group");
        let span = Span::new(v.start(), v.end());
        if !out.iter().any(|s| s.span == Some(span)) {
            out.push(Sensitive {
                kind: SensitiveKind::IdNumber,
                span: Some(span),
            });
        }
    }
    for (kind, re) in PATTERNS.iter() {
        for m in re.find_iter(text) {
            let span = Span::new(m.start(), m.end());
            let overlaps_id = out.iter().any(|s| {
                s.kind == SensitiveKind::IdNumber
                    && s.span
                        .is_some_and(|i| i.start < span.end && span.start < i.end)
            });
            if !overlaps_id {
                out.push(Sensitive {
                    kind: *kind,
                    span: Some(span),
                });
            }
        }
    }
    // A bare 男 / 女 cell in the personal details.
    for line in _lines.iter().take(25) {
        for (at, cell) in line.cells() {
            if matches!(cell, "男" | "女" | "男性" | "女性") {
                let span = Span::new(at, at + cell.len());
                if !out.iter().any(|s| {
                    s.span
                        .is_some_and(|x| x.start <= span.start && span.end <= x.end)
                }) {
                    out.push(Sensitive {
                        kind: SensitiveKind::Gender,
                        span: Some(span),
                    });
                }
            }
        }
    }
    if has_image {
        out.push(Sensitive {
            kind: SensitiveKind::Photo,
            span: None,
        });
    }
    out.sort_by_key(|s| s.span.map_or(usize::MAX, |x| x.start));
    out
}

/// The text with every ID number's characters replaced by `*` (one byte for one, so the
/// spans of other fields stay valid): what is stored.
pub fn redact(text: &str, found: &[Sensitive]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for s in found.iter().filter(|s| s.kind == SensitiveKind::IdNumber) {
        if let Some(span) = s.span {
            for b in bytes
                .iter_mut()
                .take(span.end.min(text.len()))
                .skip(span.start)
            {
                if b.is_ascii_alphanumeric() {
                    *b = b'*';
                }
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{lines::lines, sections::split};

    fn kinds(text: &str, img: bool) -> Vec<&'static str> {
        let ls = lines(text);
        let mut k: Vec<&str> = find(text, &ls, &split(&ls), img)
            .iter()
            .map(|s| s.kind.as_str())
            .collect();
        k.dedup();
        k
    }

    #[test]
    fn finds_and_redacts() {
        // 11010519491231002X: the standard's example number.
        let text = "姓名：张三\t性别：男\t民族：汉族\n身份证号：11010519491231002X\n婚姻状况：已婚  出生年月：1990.03";
        let ls = lines(text);
        let found = find(text, &ls, &split(&ls), true);
        let k: Vec<&str> = found.iter().map(|s| s.kind.as_str()).collect();
        for want in [
            "gender",
            "ethnicity",
            "id_number",
            "marital_status",
            "birth_date",
            "photo",
        ] {
            assert!(k.contains(&want), "{want} in {k:?}");
        }
        let red = redact(text, &found);
        assert!(!red.contains("11010519491231002X"));
        assert!(red.contains("******************"));
        assert_eq!(red.len(), text.len());
        assert!(kinds("Senior Accountant with 8 years", false).is_empty());
        assert!(id_checksum_ok("11010519491231002X"));
        assert!(!id_checksum_ok("110105194912310021"));
    }
}
