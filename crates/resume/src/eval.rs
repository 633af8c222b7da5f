//! Field accuracy against a labelled corpus (`eval/resumes/<set>/labels.json`): what the
//! accuracy test and the benchmark report.
//!
//! How a field counts as right, chosen to match what a reader would accept:
//! - name: the same letters once case, spaces, punctuation and bracketed asides go, or
//!   the same words in another order ("Thomas Whitaker" = "WHITAKER, Thomas");
//! - phone, e-mail, education level, graduation year: equal;
//! - school, major: one contains the other once spaces and punctuation go;
//! - years of experience: within half a year;
//! - employers, skills: F1 of the two lists, an item matching when one contains the other;
//! - sensitive facts: F1 of the kinds found, over the kinds the labels use.
//!
//! A field the label leaves empty is right only when nothing is read.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::Resume;

#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    pub file: String,
    pub language: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub education_level: Option<String>,
    pub school: Option<String>,
    pub major: Option<String>,
    pub graduation_year: Option<i32>,
    pub years_experience: f64,
    pub employers: Vec<String>,
    pub skills: Vec<String>,
    pub sensitive: Vec<String>,
}

pub const FIELDS: [&str; 12] = [
    "name",
    "phone",
    "email",
    "education_level",
    "school",
    "major",
    "graduation_year",
    "years_experience",
    "employers",
    "skills",
    "sensitive",
    "all_exact",
];

/// Per-field scores of one resume, 0–1.
pub fn score(r: &Resume, l: &Label) -> BTreeMap<&'static str, f64> {
    let mut s = BTreeMap::new();
    let b = |ok: bool| if ok { 1.0 } else { 0.0 };
    s.insert(
        "name",
        b(opt(
            r.name.as_ref().map(|f| f.value.as_str()),
            l.name.as_deref(),
            same_name,
        )),
    );
    s.insert(
        "phone",
        b(opt(
            r.phone.as_ref().map(|f| f.value.as_str()),
            l.phone.as_deref(),
            |a, b| a == b,
        )),
    );
    s.insert(
        "email",
        b(opt(
            r.email.as_ref().map(|f| f.value.as_str()),
            l.email.as_deref(),
            |a, b| a.eq_ignore_ascii_case(b),
        )),
    );
    s.insert(
        "education_level",
        b(opt(
            r.education_level.as_ref().map(|f| f.value.as_str()),
            l.education_level.as_deref(),
            |a, b| a == b,
        )),
    );
    s.insert(
        "school",
        b(opt(
            r.school.as_ref().map(|f| f.value.as_str()),
            l.school.as_deref(),
            contains_either,
        )),
    );
    s.insert(
        "major",
        b(opt(
            r.major.as_ref().map(|f| f.value.as_str()),
            l.major.as_deref(),
            contains_either,
        )),
    );
    s.insert(
        "graduation_year",
        b(r.graduation_year.as_ref().map(|f| f.value) == l.graduation_year),
    );
    s.insert(
        "years_experience",
        b((r.years_experience - l.years_experience).abs() <= 0.5),
    );
    let employers: Vec<&str> = r.employers();
    s.insert(
        "employers",
        f1(
            &employers,
            &l.employers.iter().map(String::as_str).collect::<Vec<_>>(),
            contains_either,
        ),
    );
    let skills: Vec<&str> = r.skills.iter().map(|f| f.value.as_str()).collect();
    s.insert(
        "skills",
        f1(
            &skills,
            &l.skills.iter().map(String::as_str).collect::<Vec<_>>(),
            contains_either,
        ),
    );
    let labelled_kinds = [
        "id_number",
        "gender",
        "birth_date",
        "age",
        "marital_status",
        "ethnicity",
        "political_status",
        "hometown",
        "photo",
    ];
    let mut found: Vec<&str> = r
        .sensitive
        .iter()
        .map(|x| x.kind.as_str())
        .filter(|k| labelled_kinds.contains(k))
        .collect();
    found.sort();
    found.dedup();
    let want: Vec<&str> = l.sensitive.iter().map(String::as_str).collect();
    s.insert("sensitive", f1(&found, &want, |a, b| a == b));
    let exact = FIELDS[..8].iter().all(|f| s[f] == 1.0);
    s.insert("all_exact", b(exact));
    s
}

fn opt(got: Option<&str>, want: Option<&str>, same: impl Fn(&str, &str) -> bool) -> bool {
    match (got, want) {
        (None, None) => true,
        (Some(g), Some(w)) => same(g, w),
        _ => false,
    }
}

fn squash(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

fn same_name(a: &str, b: &str) -> bool {
    if squash(a) == squash(b) {
        return true;
    }
    let words = |s: &str| {
        let mut w: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        w.sort();
        w
    };
    words(a) == words(b)
}

fn contains_either(a: &str, b: &str) -> bool {
    let (a, b) = (squash(a), squash(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// F1 of two lists; 1 when both are empty.
fn f1(got: &[&str], want: &[&str], same: impl Fn(&str, &str) -> bool) -> f64 {
    if got.is_empty() && want.is_empty() {
        return 1.0;
    }
    if got.is_empty() || want.is_empty() {
        return 0.0;
    }
    let tp_got = got
        .iter()
        .filter(|g| want.iter().any(|w| same(g, w)))
        .count() as f64;
    let tp_want = want
        .iter()
        .filter(|w| got.iter().any(|g| same(g, w)))
        .count() as f64;
    let p = tp_got / got.len() as f64;
    let r = tp_want / want.len() as f64;
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}
