//! The candidate's name: a labelled field (姓名：…), a title line (个人简历 — 李娜), or the
//! first cell near the top that looks like one — a Chinese name starting with a known
//! surname, or two to four capitalised words that are not a job title or a place.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{CITIES, COMPOUND_SURNAMES, SURNAMES};
use super::lines::{is_han, Line};
use super::sections::{self, Kind, Section};
use super::{Field, Span};

static LABELLED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s|｜])(?:姓\s*名|名\s*字|(?i:full\s+name|name|candidate))\s*[:：]?[\s:：]*(?P<v>[^\t|｜:：,，]+)")
        .expect("labelled name pattern")
});

/// A title line that is only a title and a name: "个人简历 — 李娜", "Résumé of Maria
/// Garcia", "张三的个人简历".
static TITLED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[\s#*]*(?:(?:个人简历|求职简历|简历|r[ée]sum[ée]|curriculum vitae|cv)\s*(?:of|[-—–:：|·])\s*(?P<v>[^\t|｜,，\n]+?)|(?P<w>[\p{Han}·]{2,5})\s*的?(?:个人)?(?:求职)?简历)\s*$")
        .expect("titled name pattern")
});

pub(super) fn read(text: &str, lines: &[Line<'_>], sections: &[Section]) -> Option<Field<String>> {
    // 1. A labelled field: 姓名：张三, Name: John Smith.
    for c in LABELLED_NAME.captures_iter(text) {
        let v = c.name("v").expect("value group");
        if let Some(f) = name_in(v.start(), v.as_str()) {
            return Some(f);
        }
    }
    // 2. A title: 个人简历 — 李娜, Résumé of Maria Garcia, 张三的简历.
    for c in TITLED_NAME.captures_iter(text) {
        if let Some(v) = c.name("v").or_else(|| c.name("w")) {
            if let Some(f) = name_in(v.start(), v.as_str()) {
                return Some(f);
            }
        }
    }
    // 3. The first cell near the top that looks like a name.
    let first_heading = sections
        .iter()
        .filter_map(|s| s.heading)
        .find(|&h| !matches!(sections::kind_at(sections, h), Kind::Personal));
    let limit = first_heading
        .unwrap_or(lines.len())
        .min(12)
        .max(3.min(lines.len()));
    for line in lines.iter().take(limit.max(1)) {
        for (at, cell) in line.cells() {
            if let Some(f) = name_in(at, cell) {
                return Some(f);
            }
        }
    }
    // Two-column layouts may put the name under the sidebar; look a little further.
    for line in lines.iter().take(60) {
        for (at, cell) in line.cells() {
            // A Chinese name anywhere; an English one only alone on its line.
            let alone = line.text.trim() == cell;
            if let Some(f) = name_in(at, cell).filter(|f| alone || f.value.chars().all(is_han)) {
                return Some(f);
            }
        }
    }
    None
}

/// A name at the start of `cell` (which starts at byte `at` of the text), if the cell
/// holds one and nothing else that rules it out.
fn name_in(at: usize, cell: &str) -> Option<Field<String>> {
    let trimmed =
        cell.trim_start_matches(|c: char| c.is_whitespace() || "#*▌■●•·-–—>【[".contains(c));
    let lead = cell.len() - trimmed.len();
    // Titles in front of English names are not part of them.
    let titled = [
        "Dr. ", "Dr ", "Mr. ", "Mr ", "Ms. ", "Ms ", "Mrs. ", "Mrs ", "Prof. ", "Miss ",
    ]
    .iter()
    .find_map(|t| trimmed.strip_prefix(t).map(|r| (t.len(), r)));
    let (title_len, trimmed) = titled.unwrap_or((0, trimmed));
    // Two spaces in a row end a field ("王静怡        性别：女").
    let trimmed = first_field(trimmed);
    let trimmed = trimmed.trim_end_matches(|c: char| c.is_whitespace() || "#*】]".contains(c));
    let at = at + lead + title_len;
    // Chinese: two to four characters, a known surname first; "赵 磊" spaced out.
    let han: String = trimmed
        .chars()
        .take_while(|c| is_han(*c) || *c == ' ' || *c == '\u{3000}' || *c == '·')
        .collect();
    let compact: String = han
        .chars()
        .filter(|c| *c != ' ' && *c != '\u{3000}')
        .collect();
    let n = compact.chars().count();
    let rest_after = &trimmed[han.len()..];
    if (2..=4).contains(&n)
        && has_surname(&compact)
        && !NOT_NAMES.iter().chain(CITIES).any(|w| compact.contains(w))
        && rest_after
            .chars()
            .next()
            .is_none_or(|c| !(is_han(c) || c.is_alphanumeric()))
        && han.matches([' ', '\u{3000}']).count() <= 2
    {
        let end = at + han.trim_end().len();
        return Some(Field::new(compact, Span::new(at, end)));
    }
    // "Xiaoming Chen (陈晓明)": the Chinese name in brackets is the name.
    let latin_before = |open: usize| {
        let before = trimmed[..open].trim();
        !before.is_empty()
            && before
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-')
    };
    if let Some(open) = trimmed.find(['(', '（']).filter(|&o| latin_before(o)) {
        let inner_start = open + trimmed[open..].chars().next().map_or(1, char::len_utf8);
        if let Some(close) = trimmed[inner_start..].find([')', '）']) {
            let inner = &trimmed[inner_start..inner_start + close];
            if inner.chars().all(is_han) && !inner.is_empty() {
                if let Some(f) = name_in(at + inner_start, inner) {
                    return Some(f);
                }
            }
        }
    }
    // English: two to four capitalised words; "Smith, John" turned round; a nickname in
    // brackets ("Wei (David) Zhang") set aside.
    let mut head = trimmed
        .split(['|', '/', '·', '•'])
        .next()
        .unwrap_or("")
        .trim_end();
    // Letters after the name ("Amaka Obi, Ph.D.", "Jane Doe, CPA") are not part of it.
    if let Some((name, post)) = head.split_once(',') {
        let credential = post.split([',', ' ']).filter(|w| !w.is_empty()).all(|w| {
            super::education::degree_in(w).is_some()
                || (w.len() <= 6 && w.chars().all(|c| c.is_ascii_uppercase() || c == '.'))
        });
        if credential && !post.trim().is_empty() {
            head = name.trim_end();
        }
    }
    let without_aside = drop_brackets(head);
    let english = without_aside.trim();
    let english = match english.split_once(',') {
        Some((last, first))
            if !last.contains(' ') && !first.trim().is_empty() && !first.trim().contains(' ') =>
        {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => english.to_string(),
    };
    let words: Vec<&str> = english.split_whitespace().collect();
    if (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let first = w.chars().next().unwrap_or('a');
            first.is_uppercase()
                && w.chars().all(|c| c.is_alphabetic() || "'.-’".contains(c))
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 1
        })
        && !words.iter().any(|w| {
            let w = w.to_lowercase();
            let w = w.trim_end_matches(['.', ',']);
            NOT_ENGLISH_NAMES.contains(&w)
                || ["ologist", "therapist", "ician", "ographer", "ant", "ist"]
                    .iter()
                    .any(|s| w.len() > 6 && w.ends_with(s))
        })
    {
        return Some(Field::new(english, Span::new(at, at + head.len())));
    }
    None
}

/// The text up to the first run of two or more spaces (or a tab).
fn first_field(s: &str) -> &str {
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        if c == '\t' {
            return &s[..i];
        }
        if c.is_whitespace() {
            if prev_space {
                return &s[..i];
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
    }
    s
}

/// The text without bracketed asides, spaces closed up.
fn drop_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_surname(name: &str) -> bool {
    let two: String = name.chars().take(2).collect();
    if COMPOUND_SURNAMES.contains(&two.as_str()) && name.chars().count() >= 3 {
        return true;
    }
    name.chars().next().is_some_and(|c| SURNAMES.contains(c))
}

/// Words that start with a surname character but are not names.
const NOT_NAMES: &[&str] = &[
    "简历",
    "个人",
    "求职",
    "应聘",
    "岗位",
    "职位",
    "下属",
    "现居",
    "期望",
    "城市",
    "普通话",
    "粤语",
    "方言",
    "宾馆",
    "酒店",
    "饭店",
    "餐厅",
    "酒楼",
    "超市",
    "商场",
    "集团",
    "医院",
    "诊所",
    "中心",
    "小学",
    "中学",
    "幼儿园",
    "师范",
    "工厂",
    "车间",
    "意向",
    "经历",
    "经验",
    "教育",
    "技能",
    "证书",
    "电话",
    "手机",
    "邮箱",
    "地址",
    "性别",
    "年龄",
    "民族",
    "籍贯",
    "学历",
    "专业",
    "毕业",
    "工作",
    "项目",
    "评价",
    "联系",
    "基本",
    "信息",
    "本科",
    "硕士",
    "博士",
    "大专",
    "中专",
    "高中",
    "男",
    "女",
    "已婚",
    "未婚",
    "党员",
    "团员",
    "群众",
    "汉族",
    "期望",
    "薪资",
    "面议",
    "目前",
    "至今",
    "南宁",
    "贵阳",
    "石家庄",
    "公司",
    "银行",
    "医院",
    "学校",
    "大学",
    "学院",
    "经理",
    "主管",
    "专员",
    "助理",
    "会计",
    "护士",
    "教师",
    "老师",
    "销售",
    "客服",
    "司机",
    "厨师",
    "文员",
    "全职",
    "兼职",
    "应届",
    "在职",
    "离职",
    "到岗",
    "英语",
    "计算机",
    "熟练",
    "熟悉",
    "精通",
    "掌握",
    "了解",
    "负责",
    "参与",
    "主要",
    "获得",
    "荣获",
    "年",
    "月",
    "岁",
    "省",
    "市",
    "区",
    "县",
    "路",
    "号",
    "街",
    "自我",
    "优秀",
    "良好",
    "能力",
    "管理",
    "财务",
    "人力",
    "资源",
    "行政",
    "市场",
    "运营",
    "设计",
    "开发",
    "测试",
    "数据",
    "分析",
    "物流",
    "仓储",
    "电商",
    "金融",
    "保险",
    "房产",
    "装修",
    "建筑",
];

const NOT_ENGLISH_NAMES: &[&str] = &[
    "resume",
    "résumé",
    "curriculum",
    "vitae",
    "cv",
    "profile",
    "summary",
    "objective",
    "experience",
    "education",
    "skills",
    "contact",
    "information",
    "personal",
    "details",
    "phone",
    "email",
    "mobile",
    "address",
    "street",
    "road",
    "avenue",
    "city",
    "university",
    "college",
    "school",
    "institute",
    "company",
    "ltd",
    "inc",
    "group",
    "bank",
    "hospital",
    "hotel",
    "senior",
    "junior",
    "manager",
    "engineer",
    "assistant",
    "specialist",
    "analyst",
    "accountant",
    "nurse",
    "teacher",
    "driver",
    "chef",
    "supervisor",
    "director",
    "officer",
    "consultant",
    "representative",
    "designer",
    "developer",
    "intern",
    "clerk",
    "technician",
    "associate",
    "coordinator",
    "lead",
    "head",
    "agent",
    "operator",
    "cashier",
    "teller",
    "inspector",
    "pharmacist",
    "architect",
    "translator",
    "photographer",
    "guard",
    "welder",
    "electrician",
    "mechanic",
    "registered",
    "certified",
    "professional",
    "work",
    "history",
    "employment",
    "references",
    "available",
    "request",
    "languages",
    "english",
    "chinese",
    "mandarin",
    "the",
    "and",
    "of",
    "for",
    "in",
    "at",
    "to",
    "with",
    "present",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "page",
    "key",
    "core",
    "technical",
    "career",
    "job",
    "position",
    "target",
    "seeking",
    "data",
    "sales",
    "marketing",
    "finance",
    "customer",
    "service",
    "operations",
    "logistics",
    "quality",
    "project",
    "hr",
    "human",
    "resources",
    "shanghai",
    "beijing",
    "shenzhen",
    "guangzhou",
    "hong",
    "kong",
    "london",
    "new",
    "york",
    "san",
    "francisco",
    "china",
    "usa",
    "uk",
    "prc",
    "date",
    "birth",
];
