//! Phone and e-mail, and the name (read in `name.rs`).

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use super::sections::Section;
use super::{Field, Span};

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}")
        .expect("email pattern")
});

/// Something shaped like a phone number: digits with the spaces, dashes, dots and brackets
/// people put in them, maybe a `+` in front.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[+(（]*\d[\d \-().（）+]{5,24}\d").expect("phone pattern"));

/// A North American number written the local way, "(512) 555-0178".
static NANP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(\d{3}\)\s?\d{3}[-.\s]\d{4}$").expect("nanp pattern"));

pub(super) struct Contacts {
    pub name: Option<Field<String>>,
    pub phone: Option<Field<String>>,
    pub email: Option<Field<String>>,
}

pub(super) fn read(text: &str, lines: &[Line<'_>], sections: &[Section]) -> Contacts {
    let email = EMAIL
        .find(text)
        .map(|m| Field::new(m.as_str().to_lowercase(), Span::new(m.start(), m.end())));
    Contacts {
        name: super::name::read(text, lines, sections),
        phone: phone(text),
        email,
    }
}

/// The phone: the first Chinese mobile number; failing that, the first number written
/// with a country code.
fn phone(text: &str) -> Option<Field<String>> {
    let mut international = None;
    for m in PHONE.find_iter(text) {
        let raw = m.as_str();
        // Inside a longer run of digits (an ID number) or of letters and digits: not a phone.
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(|c| c.is_ascii_alphanumeric())
            || after.is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let span = Span::new(m.start(), m.end());
        let plus = raw.contains('+') || digits.starts_with("00");
        // With a country code, only +86 makes it a Chinese mobile (+1 415… is not).
        if !plus || digits.starts_with("86") || digits.starts_with("0086") {
            if let Some(mobile) = chinese_mobile(&digits) {
                return Some(Field::new(mobile, span));
            }
        }
        if !plus && international.is_none() && NANP.is_match(raw.trim()) {
            international = Some(Field::new(format!("+1{digits}"), span));
            continue;
        }
        if plus && international.is_none() {
            // "+86 (0)21 …": the trunk 0 in brackets is not dialled from abroad.
            let cleaned = raw.replace("(0)", "").replace("（0）", "");
            let mut d: String = cleaned.chars().filter(char::is_ascii_digit).collect();
            if let Some(rest) = d.strip_prefix("00") {
                d = rest.to_string();
            }
            if (8..=15).contains(&d.len()) {
                international = Some(Field::new(format!("+{d}"), span));
            }
        }
    }
    international
}

fn chinese_mobile(digits: &str) -> Option<String> {
    let local = ["0086", "86"]
        .iter()
        .find_map(|p| digits.strip_prefix(p).filter(|r| r.len() == 11))
        .unwrap_or(digits);
    let b = local.as_bytes();
    (local.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])).then(|| local.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{lines::lines, sections::split};

    fn read_all(text: &str) -> (Option<String>, Option<String>, Option<String>) {
        let ls = lines(text);
        let secs = split(&ls);
        let Contacts {
            name: n,
            phone: p,
            email: e,
        } = read(text, &ls, &secs);
        for f in [&n, &p, &e].into_iter().flatten() {
            assert!(!f.span.of(text).is_empty(), "span of {:?}", f.value);
        }
        (n.map(|f| f.value), p.map(|f| f.value), e.map(|f| f.value))
    }

    #[test]
    fn contacts_in_labelled_and_bare_forms() {
        let (n, p, e) = read_all(
            "个人简历\n姓 名：赵 磊\t性别：男\n手机：+86 139-1234-5678\n邮箱：ZhaoLei@Example.com",
        );
        assert_eq!(n.as_deref(), Some("赵磊"));
        assert_eq!(p.as_deref(), Some("13912345678"));
        assert_eq!(e.as_deref(), Some("zhaolei@example.com"));
        let (n, p, _) =
            read_all("JOHN SMITH\nSenior Accountant\n+1 (415) 555-0132 | john@example.com");
        assert_eq!(n.as_deref(), Some("JOHN SMITH"));
        assert_eq!(p.as_deref(), Some("+14155550132"));
        let (n, p, _) = read_all("Smith, John\nCell: 0086 135 0000 1234");
        assert_eq!(n.as_deref(), Some("John Smith"));
        assert_eq!(p.as_deref(), Some("13500001234"));
        let (n, p, _) =
            read_all("个人简历 — 李娜\n电话：(+86)13712345678  身份证：110105199003071234");
        assert_eq!(n.as_deref(), Some("李娜"));
        assert_eq!(p.as_deref(), Some("13712345678"));
    }

    #[test]
    fn names_in_the_usual_conventions() {
        for (text, want) in [
            ("个人简历\n赵磊\n手机：13800138000", "赵磊"),
            ("姓\u{3000}名：赵\u{3000}磊\n", "赵磊"),
            ("Résumé of Maria Garcia\nmaria@example.com", "Maria Garcia"),
            ("CHEN Xiaoming\nFinancial Analyst", "CHEN Xiaoming"),
            ("Xiaoming Chen (陈晓明)\nTranslator", "陈晓明"),
            ("LIN Haoyu | Photographer\n+86 138 0013 8000", "LIN Haoyu"),
            ("Dr. Amaka Obi, Ph.D.\nClinical Pharmacologist", "Amaka Obi"),
        ] {
            assert_eq!(read_all(text).0.as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn id_numbers_and_dates_are_not_phones() {
        assert_eq!(phone("身份证 110105199003071234\n2019.07-2021.03"), None);
    }
}
