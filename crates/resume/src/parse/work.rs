//! Work history: each dated entry's employer, title and period; years of experience.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::dates::{self, YearMonth};
use super::lines::{is_han, Line};
use super::sections::{kind_at, Kind, Section};
use super::{Field, Span};

/// One job or internship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkEntry {
    pub employer: Option<Field<String>>,
    pub title: Option<Field<String>>,
    pub start: YearMonth,
    /// `None`: held now (至今, present).
    pub end: Option<YearMonth>,
    pub internship: bool,
    /// Part-time work (兼职, part-time): listed, but not counted as full-time experience.
    #[serde(default)]
    pub part_time: bool,
    /// The dates as written.
    pub span: Span,
}

/// Words that end (Chinese) or contain (English) an organisation's name.
static EMPLOYER_ZH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:公司|集团|银行|分行|支行|营业部|医院|卫生院|诊所|门诊部|药房|药店|大药房|学校|小学|中学|幼儿园|大学|学院|酒店|宾馆|饭店|酒楼|餐厅|餐饮|事务所|研究院|研究所|设计院|中心|管理局|局|厂|工厂|商行|超市|商场|门店|专卖店|店|车行|4S店|工作室|协会|委员会|政府|街道办|社区|合作社|保险|证券|基金|物业|电视台|报社|出版社|部队|站|所|馆|处)$")
        .expect("employer pattern")
});

static EMPLOYER_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:inc|ltd|llc|llp|co|corp|corporation|company|group|limited|gmbh|plc|bank|hospital|clinic|school|university|college|hotel|restaurant|agency|partners|associates|studio|foundation|council|department|pharmacy|logistics|motors|services|solutions|technologies|technology|consulting|holdings|international|industries|systems|labs|centre|center|store|stores|trust|insurance|airlines|kindergarten|academy|firm)\b\.?")
        .expect("employer pattern")
});

static TITLE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:经理|主管|专员|工程师|助理|会计|出纳|柜员|护士|护师|教师|老师|司机|厨师|店长|销售|顾问|代表|主任|总监|文员|客服|技术员|操作员|设计师|分析师|实习生|实习|讲师|医师|药师|翻译|主播|保安|焊工|电工|调度|采购|质检|督导|领班|服务员|收银|前台|班长|组长|负责人|参与人|成员|架构师|建筑师|摄影师|策划|编辑|记者|律师|法务|行政|人事|HRBP|\bmanager\b|\bengineer\b|\bassistant\b|\bspecialist\b|\banalyst\b|\baccountant\b|\bnurse\b|\bteacher\b|\bdriver\b|\bchef\b|\bsupervisor\b|\bdirector\b|\bofficer\b|\bconsultant\b|\brepresentative\b|\bdesigner\b|\bdeveloper\b|\bintern\b|\bclerk\b|\btechnician\b|\bcoordinator\b|\blead\b|\bhead of\b|\bagent\b|\bhost\b|\boperator\b|\bcashier\b|\bteller\b|\binspector\b|\bpharmacist\b|\barchitect\b|\btranslator\b|\bphotographer\b|\bguard\b|\bwelder\b|\belectrician\b|\bmechanic\b|\bdispatcher\b|\bbuyer\b|\bplanner\b|\bexecutive\b|\bpartner\b|\bfounder\b|\bfreelance\b|\bprogrammer\b|\bscientist\b|\bresearcher\b|\blecturer\b|\bprofessor\b|\bhostess\b|\bwaiter\b|\breceptionist\b|\badministrator\b|\bmanager\b)")
        .expect("title pattern")
});

static INTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)实习|\bintern(?:ship)?\b|\btrainee\b").expect("intern pattern")
});

static PART_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)兼职|\bpart[- ]time\b").expect("part-time pattern"));

/// A dated gap rather than a job: "Career break", "待业", "全职妈妈".
static NOT_A_JOB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcareer\s+break\b|\bsabbatical\b|\bparental\s+leave\b|待业|休整|全职妈妈|全职太太|育儿假|备考").expect("gap pattern")
});

/// Labels of header cells that are not the employer ("下属：2人", "汇报对象：总监").
const OTHER_LABELS: &[&str] = &[
    "下属",
    "汇报对象",
    "汇报",
    "职位",
    "职务",
    "岗位",
    "薪资",
    "月薪",
    "年薪",
    "薪酬",
    "行业",
    "所属行业",
    "工作地点",
    "地点",
    "离职原因",
    "工作性质",
    "企业性质",
    "公司性质",
    "公司规模",
    "规模",
    "部门",
    "工作描述",
    "业绩",
    "reporting to",
    "reports to",
    "location",
    "team size",
    "industry",
];

/// Labels whose value is the employer.
const EMPLOYER_LABELS: &[&str] = &[
    "公司",
    "公司名称",
    "单位",
    "工作单位",
    "任职公司",
    "employer",
    "company",
];

static LABELLED_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:工作年限|工作经验|从业年限|(?i:years of experience))\s*[:：]\s*(?P<v>\d{1,2}(?:\.\d)?)\s*(?:年|years?)?")
        .expect("years pattern")
});

/// The entries of the work sections (internship sections too, marked), and the years of
/// full-time experience up to `today`.
pub(super) fn read(
    text: &str,
    lines: &[Line<'_>],
    sections: &[Section],
    today: YearMonth,
) -> (Vec<WorkEntry>, f64) {
    let has_work_heading = sections
        .iter()
        .any(|s| matches!(s.kind, Kind::Work | Kind::Internship));
    let mut entries = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let kind = kind_at(sections, i);
        let in_scope = if has_work_heading {
            matches!(kind, Kind::Work | Kind::Internship)
        } else {
            // No heading: dated lines that name an employer, outside education.
            !matches!(
                kind,
                Kind::Education | Kind::Projects | Kind::Skills | Kind::Other
            )
        };
        if !in_scope {
            continue;
        }
        let mut seen: Vec<(YearMonth, Option<YearMonth>)> = Vec::new();
        for range in dates::ranges(line.text) {
            if seen.contains(&(range.start, range.end)) {
                continue;
            }
            seen.push((range.start, range.end));
            let (employer, title) = employer_and_title(lines, i);
            if !has_work_heading && employer.is_none() {
                continue;
            }
            // The date line and the line after it carry the header (company, title).
            let mut header = line.text.to_string();
            if let Some(next) = lines.get(i + 1) {
                if super::sections::heading_kind(next.text).is_none()
                    && dates::ranges(next.text).is_empty()
                {
                    header.push(' ');
                    header.push_str(next.text);
                }
            }
            if NOT_A_JOB.is_match(&header) {
                continue;
            }
            let internship = kind == Kind::Internship || INTERN.is_match(&header);
            entries.push(WorkEntry {
                employer,
                title,
                start: range.start,
                end: range.end,
                internship,
                part_time: PART_TIME.is_match(&header),
                span: Span::new(line.start + range.from, line.start + range.to),
            });
        }
    }
    let mut years = years_of(&entries, today);
    if entries.is_empty() {
        if let Some(v) = LABELLED_YEARS
            .captures(text)
            .and_then(|c| c.name("v")?.as_str().parse::<f64>().ok())
        {
            years = v;
        }
    }
    (entries, years)
}

/// Full-time months, overlaps counted once, in years with one decimal.
pub(super) fn years_of(entries: &[WorkEntry], today: YearMonth) -> f64 {
    let mut periods: Vec<(i64, i64)> = entries
        .iter()
        .filter(|e| !e.internship && !e.part_time)
        .map(|e| {
            (
                e.start.index(),
                e.end.unwrap_or(today).index().min(today.index()),
            )
        })
        .filter(|(s, e)| e > s)
        .collect();
    periods.sort();
    let mut months = 0;
    let mut cur: Option<(i64, i64)> = None;
    for (s, e) in periods {
        cur = match cur {
            Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                months += ce - cs;
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((cs, ce)) = cur {
        months += ce - cs;
    }
    (months as f64 / 12.0 * 10.0).round() / 10.0
}

/// A piece of an entry's header: where it is, its text, and whether it is on the line
/// with the dates.
struct Cell {
    at: usize,
    text: String,
    same_line: bool,
}

/// The employer and title of the entry dated on line `i`: from the rest of that line, or
/// else the header-like lines just after and before it.
fn employer_and_title(
    lines: &[Line<'_>],
    i: usize,
) -> (Option<Field<String>>, Option<Field<String>>) {
    let mut cells: Vec<Cell> = Vec::new();
    // The date line with every range on it blanked out (byte for byte, so offsets hold).
    let line = lines[i];
    let mut blanked = line.text.to_string();
    for r in dates::ranges(line.text) {
        let tabs = "\t".repeat(r.to - r.from);
        blanked.replace_range(r.from..r.to, &tabs);
    }
    let blank_line = Line {
        start: line.start,
        text: &blanked,
    };
    for (at, cell) in split_cells(&blank_line) {
        cells.push(Cell {
            at,
            text: cell.to_string(),
            same_line: true,
        });
    }
    for j in [i + 1, i.wrapping_sub(1), i + 2] {
        let Some(l) = lines.get(j) else { continue };
        if is_header_like(l.text) {
            for (at, cell) in split_cells(l) {
                cells.push(Cell {
                    at,
                    text: cell.to_string(),
                    same_line: false,
                });
            }
        }
    }
    // "公司：华为" gives the employer outright; "下属：2人", "职责业绩：" are something else.
    let mut employer: Option<Field<String>> = None;
    cells.retain(|c| {
        let cell = c.text.as_str();
        let Some(p) = cell.find(['：', ':']) else {
            return true;
        };
        // "公  司：…" spaces its label out like a form; the label is the letters.
        let label: String = cell[..p]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let sep = cell[p..].chars().next().map_or(1, char::len_utf8);
        let value = cell[p + sep..].trim();
        if EMPLOYER_LABELS.contains(&label.as_str()) && !value.is_empty() {
            if employer.is_none() {
                let off = p + sep + (cell[p + sep..].len() - cell[p + sep..].trim_start().len());
                employer = Some(Field::new(
                    value.to_string(),
                    Span::new(c.at + off, c.at + off + value.len()),
                ));
            }
            return false;
        }
        // No label ("：佛山市…有限公司" after the dates) keeps the cell; a short label is a
        // field of its own; a long "label" is a colon inside the text.
        label.is_empty()
            || (!value.is_empty()
                && !OTHER_LABELS.contains(&label.as_str())
                && label.chars().count() > 6)
    });
    let field = |c: &Cell| {
        let v = without_notes(clean(&c.text));
        let off = c.text.find(v).unwrap_or(0);
        Field::new(v.to_string(), Span::new(c.at + off, c.at + off + v.len()))
    };
    let title = cells
        .iter()
        .find(|c| TITLE_WORDS.is_match(clean(&c.text)) && clean(&c.text).chars().count() <= 30)
        .map(field);
    if employer.is_none() {
        employer = cells
            .iter()
            .find(|c| {
                let v = clean(&c.text);
                (EMPLOYER_ZH.is_match(v) || EMPLOYER_EN.is_match(v) || v.contains("有限"))
                    && !is_title_only(v)
                    && plausible_name(v)
            })
            .map(field);
    }
    if employer.is_none() {
        // An unmarked name ("Deloitte | Senior Accountant", "Lumen Retail China ｜ 分析师"):
        // the first cell, the date line's first, that is neither the title nor a place.
        let mut ordered: Vec<&Cell> = cells.iter().filter(|c| c.same_line).collect();
        ordered.extend(cells.iter().filter(|c| !c.same_line));
        employer = ordered
            .into_iter()
            .find(|c| {
                let v = clean(&c.text);
                !v.is_empty()
                    && v.chars().count() <= 40
                    && !TITLE_WORDS.is_match(v)
                    && !is_place(v)
                    && plausible_name(v)
                    && v.chars().any(|ch| is_han(ch) || ch.is_alphabetic())
            })
            .map(field);
    }
    (employer, title)
}

/// Whether a line could be part of an entry's header rather than its description: not a
/// bullet, a heading, a sentence or another entry's dates.
fn is_header_like(text: &str) -> bool {
    let t = text.trim();
    !(t.is_empty()
        || t.starts_with(['•', '·', '-', '*', '●', '▪', '◆', '■', '○', '–', '→'])
        || t.split_whitespace().count() > 14
        || t.chars().count() > 100
        || t.ends_with(['.', '。', '；', ';'])
        || super::sections::heading_kind(t).is_some()
        || !dates::ranges(t).is_empty())
}

/// Whether an English cell ends like a name ("… Ltd", "… Coffee") rather than a broken
/// sentence ("… operations in").
fn plausible_name(v: &str) -> bool {
    match v.split_whitespace().last() {
        Some(w) if w.is_ascii() => {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || ["plc", "ltd", "ltd.", "inc", "inc.", "llc", "co.", "gmbh"]
                    .contains(&w.to_lowercase().as_str())
        }
        _ => true,
    }
}

/// A line's fields (cells, and in Chinese text the parts single spaces separate: "招商银行
/// 柜员"), and within a field the parts " at ", " — ", " - ", ", " separate (English headers
/// run company, title and place together).
fn split_cells<'t>(line: &Line<'t>) -> Vec<(usize, &'t str)> {
    const SEPS: [&str; 9] = [" at ", " @ ", " — ", " – ", " - ", ", ", " / ", "，", " | "];
    let mut out = Vec::new();
    for (at, field) in line.fields() {
        let mut start = 0;
        loop {
            let next = SEPS
                .iter()
                .filter_map(|s| field[start..].find(s).map(|p| (start + p, s.len())))
                .min();
            let end = next.map_or(field.len(), |(p, _)| p);
            let raw = &field[start..end];
            let piece = raw.trim();
            if !piece.is_empty() {
                out.push((at + start + (raw.len() - raw.trim_start().len()), piece));
            }
            match next {
                Some((p, len)) => start = p + len,
                None => break,
            }
        }
    }
    out
}

/// An employer without the notes job boards add after it: "（100-499人）", "[ 7年9个月 ]".
fn without_notes(s: &str) -> &str {
    let mut v = s.trim_end();
    loop {
        let cut = match v.chars().last() {
            Some(']') => v.rfind('['),
            Some('）') if v.ends_with("人）") || v.ends_with("年）") || v.ends_with("月）") => {
                v.rfind('（')
            }
            _ => None,
        };
        match cut {
            Some(i) if i > 0 => v = v[..i].trim_end(),
            _ => return v,
        }
    }
}

fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || "●•·■◆▌▍▶►★☆-–—*#|｜:：()（）[]【】,，;；".contains(c)
    })
}

fn is_title_only(c: &str) -> bool {
    // "银行柜员" names a bank job, not a bank; a title word at the end means a title.
    TITLE_WORDS.find_iter(c).any(|m| m.end() == c.len())
        && !c.contains("有限")
        && !c.ends_with("公司")
}

fn is_place(c: &str) -> bool {
    const PLACES: &[&str] = &[
        "宁波",
        "东莞",
        "佛山",
        "无锡",
        "香港",
        "remote",
        "beijing",
        "shanghai",
        "shenzhen",
        "guangzhou",
        "hong kong",
        "london",
        "singapore",
        "new york",
        "san francisco",
        "china",
        "uk",
        "usa",
    ];
    let l = c.to_lowercase();
    PLACES
        .iter()
        .chain(super::lexicon::CITIES)
        .any(|p| l == *p || l.starts_with(&format!("{p},")) || l == format!("{p}市"))
        || (l.contains(", ") && l.len() < 25 && !EMPLOYER_EN.is_match(&l))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{lines::lines, sections::split};

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    fn read_all(text: &str) -> (Vec<(Option<String>, bool)>, f64) {
        let ls = lines(text);
        let (entries, years) = read(text, &ls, &split(&ls), ym(2026, 12));
        (
            entries
                .into_iter()
                .map(|e| (e.employer.map(|f| f.value), e.internship))
                .collect(),
            years,
        )
    }

    #[test]
    fn entries_overlaps_and_internships() {
        let t = "工作经历\n2019.07-2021.03\t深圳市腾达科技有限公司\t会计\n2021.03-至今 招商银行深圳分行 柜员\n实习经历\n2018.07-2018.09 普华永道 审计实习生";
        let (entries, years) = read_all(t);
        assert_eq!(
            entries,
            vec![
                (Some("深圳市腾达科技有限公司".into()), false),
                (Some("招商银行深圳分行".into()), false),
                (Some("普华永道".into()), true),
            ]
        );
        assert_eq!(years, 7.4);
        let t = "EXPERIENCE\nSenior Accountant | Deloitte | Mar 2021 – Present\nAccountant at KPMG Ltd, Jan 2019 – Jun 2021";
        let (entries, years) = read_all(t);
        assert_eq!(entries[0].0.as_deref(), Some("Deloitte"));
        assert_eq!(entries[1].0.as_deref(), Some("KPMG Ltd"));
        assert_eq!(years, 7.9);
    }
}
