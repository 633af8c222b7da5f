//! Education: the highest level named, with its school, major and year.

use std::sync::LazyLock;

use kaoguan_domain::EducationLevel;
use regex::Regex;

use super::dates;
use super::lines::{is_han, Line};
use super::sections::{lines_of, Kind, Section};
use super::{Field, Span};

pub(super) struct Education {
    pub level: Option<Field<EducationLevel>>,
    pub school: Option<Field<String>>,
    pub major: Option<Field<String>>,
    pub graduation_year: Option<Field<i32>>,
}

/// Words that name a degree, highest level first (so 博士研究生 is a doctorate before
/// 研究生 makes it a master's).
const DEGREES: &[(EducationLevel, &[&str])] = &[
    (
        EducationLevel::Doctorate,
        &[
            "博士研究生",
            "博士",
            "ph.d",
            "phd",
            "doctor of",
            "doctorate",
            "d.phil",
            "dphil",
        ],
    ),
    (
        EducationLevel::Master,
        &[
            "硕士研究生",
            "硕士",
            "研究生",
            "mba",
            "emba",
            "mpa",
            "mph",
            "m.sc",
            "msc",
            "m.s.",
            "m.a.",
            "m.eng",
            "meng",
            "master",
            "llm",
            "ll.m",
            "mphil",
            "m.phil",
            "m.ed",
            "med",
            "mfa",
            "mcom",
        ],
    ),
    (
        EducationLevel::Bachelor,
        &[
            "本科",
            "学士",
            "bachelor",
            "b.sc",
            "bsc",
            "b.s.",
            "b.a.",
            "b.eng",
            "beng",
            "b.com",
            "bcom",
            "bba",
            "llb",
            "ll.b",
            "b.ed",
            "bfa",
            "undergraduate",
            "ba",
            "bs",
        ],
    ),
    (
        EducationLevel::Associate,
        &["大专", "专科", "高职", "高专", "associate", "hnd"],
    ),
    (
        EducationLevel::HighSchool,
        &[
            "高中",
            "中专",
            "职高",
            "技校",
            "中技",
            "职业高中",
            "初中",
            "high school",
            "secondary school",
            "ged",
            "vocational school",
            "technical school",
        ],
    ),
];

static SCHOOL_ZH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}（）()]{1,20}?(?:大学|职业技术学院|学院|学校|中学|高中|党校|技校|中专)(?:[（(][\p{Han}]{1,8}[）)])?")
        .expect("school pattern")
});

static SCHOOL_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:The|[A-Z][\w.'&\-]*)\s+){0,5}(?:University|College|Institute|Polytechnic|Academy|School)(?:\s+of\s+[A-Z][\w.'&\-]*(?:\s+(?:and|&|of|the|[A-Z][\w.'&\-]*))*)?(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b)?")
        .expect("school pattern")
});

static IN_PROGRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)在读|就读中|\bexpected\b|\bin progress\b|\bongoing\b|\bcandidate\b")
        .expect("in-progress pattern")
});

static LABELLED_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:最高学历|学\s*历|学位|(?i:highest degree|degree|education level))\s*[:：]\s*(?P<v>[^\s\t|｜,，;；]{2,20})")
        .expect("level pattern")
});

static LABELLED_MAJOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:所学专业|专\s*业|(?i:major))\s*[:：]\s*(?P<v>[^\t|｜,，;；]{2,30})")
        .expect("major pattern")
});

static LABELLED_SCHOOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:毕业院校|毕业学校|学\s*校|院\s*校)\s*[:：]\s*(?P<v>[^\s\t|｜,，;；]{2,30})")
        .expect("school label pattern")
});

#[derive(Default)]
struct Entry {
    level: Option<(EducationLevel, Span)>,
    school: Option<Field<String>>,
    major: Option<Field<String>>,
    year: Option<Field<i32>>,
}

pub(super) fn read(text: &str, lines: &[Line<'_>], sections: &[Section]) -> Education {
    let mut idx = lines_of(sections, Kind::Education);
    if idx.is_empty() {
        // No heading: any line that names a degree or a school, outside work sections.
        idx = (0..lines.len())
            .filter(|&i| {
                let k = super::sections::kind_at(sections, i);
                !matches!(k, Kind::Work | Kind::Internship | Kind::Projects)
            })
            .filter(|&i| {
                degree_in(lines[i].text).is_some() || school_in(lines[i].text, 0).is_some()
            })
            .collect();
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut current = Entry::default();
    for &i in &idx {
        let line = lines[i];
        if line.text.trim().is_empty() {
            continue;
        }
        let school = school_in(line.text, line.start);
        let ranges = dates::ranges(line.text);
        let year = ranges
            .last()
            .and_then(|r| {
                r.end
                    .map(|e| (e.year, line.start + r.from, line.start + r.to))
            })
            .or_else(|| {
                if !ranges.is_empty() {
                    return None;
                }
                dates::dates(line.text)
                    .last()
                    .map(|(d, f, t)| (d.year, line.start + f, line.start + t))
            });
        // A degree still being studied for (在读, expected) is not the highest completed.
        let level = degree_in(line.text)
            .filter(|_| !IN_PROGRESS.is_match(line.text))
            .map(|(l, f, t)| (l, Span::new(line.start + f, line.start + t)));
        let starts_new = (school.is_some() && current.school.is_some())
            || (year.is_some() && current.year.is_some() && current.school.is_some())
            || (level.is_some() && current.level.is_some() && current.school.is_some());
        if starts_new {
            entries.push(std::mem::take(&mut current));
        }
        if current.school.is_none() {
            current.school = school;
        }
        if current.year.is_none() {
            current.year = year.map(|(y, f, t)| Field::new(y, Span::new(f, t)));
        }
        if let Some(l) = level {
            if current.level.is_none_or(|(c, _)| l.0 > c) {
                current.level = Some(l);
            }
        }
        if current.major.is_none() {
            current.major = major_in(&line, current.school.as_ref(), level.map(|l| l.1));
        }
    }
    entries.push(current);
    entries.retain(|e| e.level.is_some() || e.school.is_some());

    // A stated highest level (最高学历：本科) outranks what the entries name.
    let labelled = LABELLED_LEVEL.captures_iter(text).find_map(|c| {
        let v = c.name("v")?;
        let (level, f, t) = degree_in(v.as_str())?;
        Some((level, Span::new(v.start() + f, v.start() + t)))
    });
    let best = entries
        .iter()
        .max_by_key(|e| (e.level.map(|l| l.0), e.year.as_ref().map(|y| y.value)));
    let level = labelled
        .filter(|l| best.and_then(|b| b.level).is_none_or(|b| l.0 >= b.0))
        .or(best.and_then(|b| b.level))
        .map(|(l, s)| Field::new(l, s));
    let chosen = match (&level, best) {
        (Some(l), _) => entries
            .iter()
            .filter(|e| e.level.map(|x| x.0) == Some(l.value))
            .max_by_key(|e| e.year.as_ref().map(|y| y.value))
            .or(best),
        (None, b) => b,
    };
    let labelled_school = || {
        LABELLED_SCHOOL.captures(text).and_then(|c| {
            let v = c.name("v")?;
            Some(Field::new(
                v.as_str().to_string(),
                Span::new(v.start(), v.end()),
            ))
        })
    };
    let labelled_major = || {
        LABELLED_MAJOR.captures(text).and_then(|c| {
            let v = c.name("v")?;
            let value = v.as_str().trim();
            Some(Field::new(
                value.to_string(),
                Span::new(v.start(), v.start() + value.len()),
            ))
        })
    };
    Education {
        level,
        school: chosen
            .and_then(|e| e.school.clone())
            .or_else(labelled_school),
        major: chosen.and_then(|e| e.major.clone()).or_else(labelled_major),
        graduation_year: chosen.and_then(|e| e.year.clone()),
    }
}

/// The highest degree word in `s`, with its byte range.
pub(super) fn degree_in(s: &str) -> Option<(EducationLevel, usize, usize)> {
    // ASCII case folding keeps every byte offset of the original (degree words are ASCII
    // or Chinese), so offsets found here index `s` itself.
    let lower = s.to_ascii_lowercase();
    for (level, words) in DEGREES {
        for w in *words {
            let mut from = 0;
            while let Some(found) = lower[from..].find(w) {
                let at = from + found;
                let end = at + w.len();
                from = end;
                if w.is_ascii() {
                    // Whole words only: "ba" in "bank" or "ms" in "items" are not degrees.
                    let before = lower[..at].chars().next_back();
                    let after = lower[end..].chars().next();
                    let alpha = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
                    if alpha(before) || alpha(after) {
                        continue;
                    }
                    // Two-letter abbreviations only in capitals ("BA", "BS"), not "ba".
                    if w.len() <= 2 && !s[at..end].chars().all(|c| c.is_ascii_uppercase()) {
                        continue;
                    }
                }
                if *w == "高中"
                    && lower[end..].starts_with([
                        '数', '语', '英', '物', '化', '生', '政', '历', '地', '老', '教',
                    ])
                {
                    // 高中数学教师 names a job, not an education.
                    continue;
                }
                return Some((*level, at, end));
            }
        }
    }
    None
}

/// The school named in `s` (which starts at byte `base` of the text).
fn school_in(s: &str, base: usize) -> Option<Field<String>> {
    if let Some(m) = SCHOOL_ZH.find_iter(s).find(|m| {
        let v = m.as_str();
        v.chars().filter(|c| is_han(*c)).count() >= 4 && !v.starts_with("毕业")
    }) {
        let mut v = m.as_str();
        let mut start = m.start();
        for prefix in ["毕业于", "就读于", "学校", "院校", "于"] {
            if let Some(rest) = v.strip_prefix(prefix) {
                start += prefix.len();
                v = rest;
            }
        }
        return Some(Field::new(
            v.to_string(),
            Span::new(base + start, base + m.end()),
        ));
    }
    SCHOOL_EN.find(s).map(|m| {
        Field::new(
            m.as_str().trim().to_string(),
            Span::new(
                base + m.start(),
                base + m.start() + m.as_str().trim_end().len(),
            ),
        )
    })
}

/// The major in an education line: labelled (专业：…, Major: …), the text after a degree
/// word in English ("BSc in Nursing"), or the cell of a table row that is neither date,
/// school nor degree.
fn major_in(
    line: &Line<'_>,
    school: Option<&Field<String>>,
    degree: Option<Span>,
) -> Option<Field<String>> {
    if let Some(c) = LABELLED_MAJOR.captures(line.text) {
        let v = c.name("v")?;
        let value = v.as_str().trim();
        return Some(Field::new(
            value.to_string(),
            Span::new(line.start + v.start(), line.start + v.start() + value.len()),
        ));
    }
    if let Some(d) = degree {
        let after = &line.text[(d.end - line.start).min(line.text.len())..];
        let trimmed = after.trim_start_matches(['.', ' ', ',', ':']);
        let lead = after.len() - trimmed.len();
        let stripped = [
            "in ",
            "of Science in ",
            "of Arts in ",
            "of Science, ",
            "of Arts, ",
            "of ",
        ]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p).map(|r| (p.len(), r)));
        if let Some((plen, rest)) = stripped {
            let end = rest
                .find([',', '(', '|', '\t', '–', '—', ';'])
                .or_else(|| rest.find(" - "))
                .unwrap_or(rest.len());
            let v = rest[..end].trim();
            let v = strip_trailing_years(v);
            if v.len() >= 3 && v.chars().next().is_some_and(|c| c.is_uppercase()) {
                let start = line.start + (d.end - line.start) + lead + plen;
                return Some(Field::new(v.to_string(), Span::new(start, start + v.len())));
            }
        }
    }
    for (at, cell) in line.fields() {
        let c = cell.trim();
        let is_school = school.is_some_and(|s| c.contains(s.value.as_str()) || s.value.contains(c));
        if is_school || !dates::dates(c).is_empty() || degree_in(c).is_some() {
            continue;
        }
        let han = c.chars().filter(|ch| is_han(*ch)).count();
        if (2..=15).contains(&han)
            && han * 2 >= c.chars().count()
            && ![
                "学历",
                "学位",
                "统招",
                "全日制",
                "在读",
                "毕业",
                "专业",
                "学校",
                "时间",
                "院系",
                "学院",
                "主修课程",
            ]
            .iter()
            .any(|w| c == *w || c.starts_with("主修"))
            && !c.ends_with("学院")
            && !c.ends_with('系')
        {
            let v = c.strip_suffix("专业").unwrap_or(c);
            return Some(Field::new(v.to_string(), Span::new(at, at + v.len())));
        }
    }
    None
}

fn strip_trailing_years(v: &str) -> &str {
    let t = v.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '-' || c == '–');
    if t.len() < v.len() && v[t.len()..].chars().filter(char::is_ascii_digit).count() >= 4 {
        t
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{lines::lines, sections::split};

    fn read_all(
        text: &str,
    ) -> (
        Option<EducationLevel>,
        Option<String>,
        Option<String>,
        Option<i32>,
    ) {
        let ls = lines(text);
        let e = read(text, &ls, &split(&ls));
        (
            e.level.map(|f| f.value),
            e.school.map(|f| f.value),
            e.major.map(|f| f.value),
            e.graduation_year.map(|f| f.value),
        )
    }

    #[test]
    fn the_highest_entry_wins() {
        let t = "教育背景\n2015.09-2019.06\t华中科技大学\t计算机科学与技术\t本科\n2019.09-2022.06\t北京大学\t软件工程\t硕士";
        assert_eq!(
            read_all(t),
            (
                Some(EducationLevel::Master),
                Some("北京大学".into()),
                Some("软件工程".into()),
                Some(2022)
            )
        );
        let t = "EDUCATION\nUniversity of Manchester\nBSc in Accounting and Finance, 2012 – 2015";
        assert_eq!(
            read_all(t),
            (
                Some(EducationLevel::Bachelor),
                Some("University of Manchester".into()),
                Some("Accounting and Finance".into()),
                Some(2015)
            )
        );
        assert_eq!(degree_in("高中数学教师"), None);
        assert_eq!(degree_in("Bank teller").map(|d| d.0), None);
    }
}
