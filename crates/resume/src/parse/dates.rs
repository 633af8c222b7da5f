//! Dates as resumes write them, and the ranges of jobs and studies.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Serialize};

/// A month: what resumes date jobs by. A year alone counts from January.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Months since year 0, for differences.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// A range found in a line: start, end (`None` for "至今 / present"), and the byte range
/// within the line it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Range {
    pub start: YearMonth,
    pub end: Option<YearMonth>,
    pub from: usize,
    pub to: usize,
}

const MONTHS: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        (?P<mon>{MONTHS})\.?,?\s*(?P<y1>(?:19|20)\d{{2}})
      | (?P<m2>0?[1-9]|1[0-2])\s*/\s*(?P<y2>(?:19|20)\d{{2}})
      | (?P<y3>(?:19|20)\d{{2}})(?:(?:\s*[./\-]\s*|\s*年\s*)(?P<m3>\d{{1,2}})(?:(?P<dash>\s*[–—-])?\s*月)?)?(?:\s*年)?
        "
    ))
    .expect("date pattern")
});

static PRESENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:至今|迄今|今|现在|目前|now|present|current(?:ly)?|today|ongoing|date)")
        .expect("present pattern")
});

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:-|–|—|－|~|～|至|到|to|until|till|→|—+|－+)+\s*")
        .expect("separator pattern")
});

static SINCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:since|from|自)\s*$").expect("since pattern"));

fn month_number(name: &str) -> u32 {
    let n = name.to_lowercase();
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| n.starts_with(m))
    .map_or(1, |i| i as u32 + 1)
}

/// Every date in `s`, with its byte range.
pub(crate) fn dates(s: &str) -> Vec<(YearMonth, usize, usize)> {
    dates_marked(s)
        .into_iter()
        .map(|(d, f, t, _)| (d, f, t))
        .collect()
}

/// Dates, each marked when a range's dash came out inside it: some PDFs place the dash
/// glyph before 月, so "2020 年 4 月 – 至今" is extracted as "2020 年 4 –月 至今".
fn dates_marked(s: &str) -> Vec<(YearMonth, usize, usize, bool)> {
    let digit_at = |i: usize| s[i..].chars().next().is_some_and(|c| c.is_ascii_digit());
    let digit_before = |i: usize| {
        s[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit())
    };
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(c) = DATE.captures_at(s, pos) {
        let m = c.get(0).expect("whole match");
        let (start, mut end) = (m.start(), m.end());
        // Matching goes on after what this date really covers (see "2018-2020" below).
        let next = |end: usize| {
            if end > start {
                end
            } else {
                m.end().max(start + 1)
            }
        };
        let (year, month) = if let (Some(mon), Some(y)) = (c.name("mon"), c.name("y1")) {
            (y.as_str().parse().unwrap_or(0), month_number(mon.as_str()))
        } else if let (Some(mo), Some(y)) = (c.name("m2"), c.name("y2")) {
            (
                y.as_str().parse().unwrap_or(0),
                mo.as_str().parse().unwrap_or(1),
            )
        } else if let Some(y) = c.name("y3") {
            let year = y.as_str().parse().unwrap_or(0);
            match c.name("m3").and_then(|m| m.as_str().parse::<u32>().ok()) {
                // "2018-2020": the digits after the dash are the next year, not a month.
                Some(mo) if (1..=12).contains(&mo) && !digit_at(end) => {
                    // A day after the month ("2015.09.01") belongs to the date.
                    let rest = &s[end..];
                    let day = rest.strip_prefix(['.', '/', '-']).map(|r| {
                        r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len()
                    });
                    if let Some(n @ 1..=2) = day {
                        end += 1 + n;
                    }
                    (year, mo)
                }
                _ => {
                    end = y.end();
                    if s[end..].starts_with('年') {
                        end += '年'.len_utf8();
                    }
                    (year, 1)
                }
            }
        } else {
            pos = next(end);
            continue;
        };
        pos = next(end);
        // A year inside a longer number (an ID, a phone) is not a date.
        if digit_before(start) || digit_at(end) {
            continue;
        }
        out.push((
            YearMonth { year, month },
            start,
            end,
            c.name("dash").is_some(),
        ));
    }
    out
}

/// Every range in `s`: a date, a separator and a date or "present"; "2022年3月至今"; and
/// "Since 2023".
pub(crate) fn ranges(s: &str) -> Vec<Range> {
    let found = dates_marked(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < found.len() {
        let (start, from, to, dash_inside) = found[i];
        let rest = &s[to..];
        let sep_match = SEPARATOR.find(rest).map_or(0, |m| m.end());
        let ws = rest.len() - rest.trim_start().len();
        // After a dash that came out inside the first date, only spaces separate the two.
        let gap = if sep_match == 0 && dash_inside {
            ws
        } else {
            sep_match
        };
        let separated = sep_match > 0 || dash_inside;
        let after = rest[gap..].trim_start();
        if separated {
            if let Some(&(end, efrom, eto, _)) = found.get(i + 1) {
                if efrom == to + gap {
                    out.push(Range {
                        start,
                        end: Some(end),
                        from,
                        to: eto,
                    });
                    i += 2;
                    continue;
                }
            }
        }
        if let Some(p) = PRESENT.find(after) {
            if separated || after.starts_with(['至', '今', '迄']) {
                let to = s.len() - after.len() + p.end();
                out.push(Range {
                    start,
                    end: None,
                    from,
                    to,
                });
                i += 1;
                continue;
            }
        }
        if SINCE.is_match(&s[..from]) {
            out.push(Range {
                start,
                end: None,
                from,
                to,
            });
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    #[test]
    fn ranges_in_the_forms_resumes_use() {
        for (text, start, end) in [
            ("2019.07 - 2021.03", ym(2019, 7), Some(ym(2021, 3))),
            ("2019年7月-2021年3月", ym(2019, 7), Some(ym(2021, 3))),
            ("2016年9月-2020年6月", ym(2016, 9), Some(ym(2020, 6))),
            ("2019/07–2021/03", ym(2019, 7), Some(ym(2021, 3))),
            ("07/2019 – 03/2021", ym(2019, 7), Some(ym(2021, 3))),
            ("Jul 2019 – Mar 2021", ym(2019, 7), Some(ym(2021, 3))),
            ("Sept. 2016 – June 2020", ym(2016, 9), Some(ym(2020, 6))),
            ("2019.7 - 至今", ym(2019, 7), None),
            ("2021.03–今", ym(2021, 3), None),
            ("2022年3月至今", ym(2022, 3), None),
            ("Mar 2021 – Present", ym(2021, 3), None),
            ("2020.7—今", ym(2020, 7), None),
            ("2021 – now", ym(2021, 1), None),
            ("Since 2023", ym(2023, 1), None),
            ("2018 - 2020", ym(2018, 1), Some(ym(2020, 1))),
            ("2019-07 ~ 2020-12", ym(2019, 7), Some(ym(2020, 12))),
            ("2015.09.01-2019.06.30", ym(2015, 9), Some(ym(2019, 6))),
            ("2020 年 4 –月 至今", ym(2020, 4), None),
            ("2014 年 6 –月 2020 年 2 月", ym(2014, 6), Some(ym(2020, 2))),
            ("2019 /3--至今", ym(2019, 3), None),
        ] {
            let r = ranges(text);
            assert_eq!(r.len(), 1, "{text}: {r:?}");
            assert_eq!((r[0].start, r[0].end), (start, end), "{text}");
        }
        assert!(ranges("身份证 110105199003071234").is_empty());
        assert!(ranges("手机 13800138000").is_empty());
    }
}
