//! Section headings and the sections they open.

use super::lines::Line;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Before the first heading: name and contacts, usually.
    Top,
    Personal,
    Intent,
    Summary,
    Education,
    Work,
    Internship,
    Projects,
    Skills,
    Other,
}

/// A section: its kind and the lines it holds (heading excluded), as a range of indexes.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub kind: Kind,
    pub heading: Option<usize>,
    pub lines: std::ops::Range<usize>,
}

/// Heading words, lower case, longest first within a kind so "工作经历" wins over "工作".
const HEADINGS: &[(Kind, &[&str])] = &[
    (
        Kind::Personal,
        &[
            "基本信息",
            "个人信息",
            "个人资料",
            "个人概况",
            "基本资料",
            "个人基本信息",
            "联系方式",
            "联系信息",
            "personal information",
            "personal info",
            "personal details",
            "personal data",
            "personal particulars",
            "contact information",
            "contact details",
            "contact info",
            "contact",
        ],
    ),
    (
        Kind::Intent,
        &[
            "求职意向",
            "求职目标",
            "期望工作",
            "职业目标",
            "应聘职位",
            "应聘岗位",
            "求职岗位",
            "期望职位",
            "career objective",
            "job objective",
            "objective",
            "career goal",
        ],
    ),
    (
        Kind::Summary,
        &[
            "自我评价",
            "自我介绍",
            "个人评价",
            "个人简介",
            "个人优势",
            "个人总结",
            "自我描述",
            "优势亮点",
            "个人特长",
            "professional summary",
            "career summary",
            "executive summary",
            "summary of qualifications",
            "summary",
            "profile",
            "professional profile",
            "about me",
            "highlights",
        ],
    ),
    (
        Kind::Internship,
        &[
            "实习经历",
            "实习经验",
            "实习",
            "社会实践",
            "实践经历",
            "internship experience",
            "internships",
            "internship",
        ],
    ),
    (
        Kind::Work,
        &[
            "工作经历",
            "工作经验",
            "工作履历",
            "职业经历",
            "从业经历",
            "工作背景",
            "任职经历",
            "工作简历",
            "职业履历",
            "工作情况",
            "professional experience",
            "work experience",
            "employment history",
            "work history",
            "career history",
            "relevant experience",
            "employment",
            "experience",
            "career",
            "professional background",
        ],
    ),
    (
        Kind::Education,
        &[
            "教育背景",
            "教育经历",
            "教育情况",
            "学习经历",
            "学历背景",
            "教育培训",
            "学历",
            "教育",
            "educational background",
            "education background",
            "academic background",
            "academic qualifications",
            "education",
        ],
    ),
    (
        Kind::Projects,
        &[
            "项目经验",
            "项目经历",
            "主要项目",
            "项目",
            "project experience",
            "selected projects",
            "key projects",
            "projects",
        ],
    ),
    (
        Kind::Skills,
        &[
            "专业技能",
            "技能特长",
            "个人技能",
            "职业技能",
            "技能证书",
            "技能与证书",
            "证书与技能",
            "技能",
            "资格证书",
            "证书资质",
            "职业资格",
            "专业资格",
            "所获证书",
            "证书",
            "计算机能力",
            "技能专长",
            "technical skills",
            "core skills",
            "key skills",
            "core competencies",
            "competencies",
            "skills & certifications",
            "skills and certifications",
            "skills & certificates",
            "certifications",
            "certificates",
            "licenses",
            "skills",
            "tools",
        ],
    ),
    (
        Kind::Other,
        &[
            "获奖情况",
            "荣誉奖项",
            "获奖经历",
            "所获荣誉",
            "荣誉",
            "奖项",
            "兴趣爱好",
            "爱好",
            "培训经历",
            "培训",
            "其他信息",
            "其他",
            "附加信息",
            "校园经历",
            "在校经历",
            "社团经历",
            "志愿经历",
            "志愿者",
            "科研经历",
            "论文",
            "发表",
            "awards",
            "honors",
            "honours",
            "achievements",
            "hobbies",
            "interests",
            "training",
            "additional information",
            "references",
            "activities",
            "leadership",
            "publications",
            "research",
            "volunteer",
            "volunteering",
            "languages & interests",
            "语言能力",
            "语言",
            "languages",
            "language skills",
            "other",
        ],
    ),
];

/// Every heading word, longest first: "技能专长" must be taken whole before "技能" leaves
/// "专长" behind.
static HEADING_WORDS: std::sync::LazyLock<Vec<(Kind, &'static str)>> =
    std::sync::LazyLock::new(|| {
        let mut v: Vec<(Kind, &'static str)> = HEADINGS
            .iter()
            .flat_map(|(k, ws)| ws.iter().map(move |w| (*k, *w)))
            .collect();
        v.sort_by_key(|(_, w)| std::cmp::Reverse(w.chars().count()));
        v
    });

/// Decoration around headings: brackets, bullets, rules, numbering.
fn strip_decoration(s: &str) -> &str {
    let deco = |c: char| {
        c.is_whitespace()
            || "#*■□●◆◇★☆▶►▌▍|｜【】[]()（）<>《》-—–=_:：·•、.。/\\~～◎○❖✦✧➤→".contains(c)
    };
    let mut s = s.trim_matches(deco);
    // "一、", "二." , "1.", "01 ", "(三)" numbering in front.
    let numbering: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    let t = s.trim_start_matches(|c: char| numbering.contains(&c) || c.is_ascii_digit());
    if t.len() != s.len() && t.starts_with(['、', '.', '．', ' ', ')', '）']) {
        s = t.trim_matches(deco);
    }
    s
}

/// The kind of section a line opens, if it is a heading: a short line made only of
/// heading words (in one or both languages) and decoration.
pub(crate) fn heading_kind(line: &str) -> Option<Kind> {
    let core = strip_decoration(line);
    if core.is_empty() || core.chars().count() > 40 {
        return None;
    }
    // Read the line left to right as heading words (the longest that fits at each point)
    // and joiners; anything else means it is not a heading.
    let lower = core.to_lowercase();
    let mut first = None;
    let mut pos = 0;
    while pos < lower.len() {
        let rest = &lower[pos..];
        let word = HEADING_WORDS.iter().find(|(_, w)| {
            rest.starts_with(w)
                && (!w.is_ascii()
                    || (!lower[..pos]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_alphabetic())
                        && !rest[w.len()..]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_alphabetic())))
        });
        if let Some((kind, w)) = word {
            first.get_or_insert(*kind);
            pos += w.len();
            continue;
        }
        let joiner = [
            "and ", "of ", "与", "和", "及", "&", "/", "、", ",", "，", "+", "|", "-", "—", "–",
            ":", "：", "(", ")", "（", "）", " ",
        ]
        .iter()
        .find(|j| rest.starts_with(**j));
        match joiner {
            Some(j) => pos += j.len(),
            None if rest.starts_with(char::is_whitespace) => {
                pos += rest.chars().next().map_or(1, char::len_utf8);
            }
            None => return None,
        }
    }
    first
}

pub(crate) fn split(lines: &[Line<'_>]) -> Vec<Section> {
    let mut out = Vec::new();
    let mut current = Section {
        kind: Kind::Top,
        heading: None,
        lines: 0..0,
    };
    for (i, line) in lines.iter().enumerate() {
        if let Some(kind) = heading_kind(line.text) {
            current.lines.end = i;
            out.push(current);
            current = Section {
                kind,
                heading: Some(i),
                lines: i + 1..i + 1,
            };
        }
    }
    current.lines.end = lines.len();
    out.push(current);
    out
}

/// Indexes of the lines in sections of `kind`.
pub(crate) fn lines_of(sections: &[Section], kind: Kind) -> Vec<usize> {
    sections
        .iter()
        .filter(|s| s.kind == kind)
        .flat_map(|s| s.lines.clone())
        .collect()
}

/// The kind of section line `i` belongs to.
pub(crate) fn kind_at(sections: &[Section], i: usize) -> Kind {
    sections
        .iter()
        .find(|s| s.lines.contains(&i) || s.heading == Some(i))
        .map_or(Kind::Top, |s| s.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_their_many_dresses() {
        for (line, kind) in [
            ("【工作经历】", Kind::Work),
            ("■ 教育背景", Kind::Education),
            ("一、基本信息", Kind::Personal),
            ("## Experience", Kind::Work),
            ("WORK EXPERIENCE", Kind::Work),
            ("★教育经历★", Kind::Education),
            ("教育背景 Education", Kind::Education),
            ("Skills & Certifications", Kind::Skills),
            ("3. 专业技能", Kind::Skills),
            ("实习经历", Kind::Internship),
        ] {
            assert_eq!(heading_kind(line), Some(kind), "{line}");
        }
        for line in [
            "工作经验：5年",
            "Experienced accountant",
            "2019.07-至今 招商银行",
            "教育部认证",
        ] {
            assert_eq!(heading_kind(line), None, "{line}");
        }
    }
}
