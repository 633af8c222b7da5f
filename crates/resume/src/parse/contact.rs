//! Name, phone and e-mail.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{is_han, Line};
use super::sections::{self, Kind, Section};
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
        name: name(text, lines, sections),
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

fn name(text: &str, lines: &[Line<'_>], sections: &[Section]) -> Option<Field<String>> {
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
        && !NOT_NAMES.iter().any(|w| compact.contains(w))
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
    "上海",
    "北京",
    "广州",
    "深圳",
    "杭州",
    "南京",
    "武汉",
    "成都",
    "重庆",
    "天津",
    "西安",
    "苏州",
    "长沙",
    "郑州",
    "青岛",
    "厦门",
    "福州",
    "合肥",
    "济南",
    "沈阳",
    "大连",
    "昆明",
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

const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "申屠", "轩辕", "呼延", "百里", "东郭", "钟离",
    "闻人", "赫连", "澹台",
];

/// The common Chinese surnames (over 99 % of the population carries one of these).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";

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
