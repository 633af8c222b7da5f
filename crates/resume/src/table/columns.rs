//! Which column holds what: header names as Chinese and English spreadsheets write them
//! (姓名, 手机号码, E-mail, 最高学历, Years of experience…), marks such as `*` and `(必填)`
//! aside.

use serde::Serialize;

/// A candidate fact a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnField {
    Name,
    Phone,
    Email,
    EducationLevel,
    School,
    Major,
    GraduationYear,
    YearsExperience,
    Skills,
}

impl ColumnField {
    pub const ALL: [ColumnField; 9] = [
        ColumnField::Name,
        ColumnField::Phone,
        ColumnField::Email,
        ColumnField::EducationLevel,
        ColumnField::School,
        ColumnField::Major,
        ColumnField::GraduationYear,
        ColumnField::YearsExperience,
        ColumnField::Skills,
    ];

    /// The field's key, as the API names it (`education_level`).
    pub fn key(self) -> &'static str {
        match self {
            ColumnField::Name => "name",
            ColumnField::Phone => "phone",
            ColumnField::Email => "email",
            ColumnField::EducationLevel => "education_level",
            ColumnField::School => "school",
            ColumnField::Major => "major",
            ColumnField::GraduationYear => "graduation_year",
            ColumnField::YearsExperience => "years_experience",
            ColumnField::Skills => "skills",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            ColumnField::Name => "姓名",
            ColumnField::Phone => "手机",
            ColumnField::Email => "邮箱",
            ColumnField::EducationLevel => "学历",
            ColumnField::School => "学校",
            ColumnField::Major => "专业",
            ColumnField::GraduationYear => "毕业年份",
            ColumnField::YearsExperience => "工作年限",
            ColumnField::Skills => "技能",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ColumnField::Name => "Name",
            ColumnField::Phone => "Phone",
            ColumnField::Email => "E-mail",
            ColumnField::EducationLevel => "Education",
            ColumnField::School => "School",
            ColumnField::Major => "Major",
            ColumnField::GraduationYear => "Graduation year",
            ColumnField::YearsExperience => "Years of experience",
            ColumnField::Skills => "Skills",
        }
    }
}

/// What a header names: a field, a fact screening must not use (kept out of the import
/// on purpose), or something else (ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderMeaning {
    Field(ColumnField),
    Sensitive,
    Other,
}

/// The meaning of a header cell.
pub fn meaning(header: &str) -> HeaderMeaning {
    let key = normalise(header);
    if key.is_empty() {
        return HeaderMeaning::Other;
    }
    for &(field, names) in FIELD_NAMES {
        if names.contains(&key.as_str()) {
            return HeaderMeaning::Field(field);
        }
    }
    if SENSITIVE_NAMES.contains(&key.as_str()) {
        return HeaderMeaning::Sensitive;
    }
    HeaderMeaning::Other
}

/// Lower case without spaces, required-field marks, a trailing colon or a parenthesised
/// note: `* 手机号码（必填）:` → `手机号码`.
fn normalise(header: &str) -> String {
    let mut s: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | ':' | '：' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')] {
        if let Some(start) = s.find(open) {
            if s.ends_with(close) {
                s.truncate(start);
            }
        }
    }
    s
}

/// Header names per field, normalised (see [`normalise`]: no spaces, `-` or `_`).
const FIELD_NAMES: &[(ColumnField, &[&str])] = &[
    (
        ColumnField::Name,
        &[
            "姓名",
            "名字",
            "候选人",
            "候选人姓名",
            "应聘者",
            "应聘人",
            "应聘者姓名",
            "求职者",
            "name",
            "fullname",
            "candidate",
            "candidatename",
            "applicant",
            "applicantname",
        ],
    ),
    (
        ColumnField::Phone,
        &[
            "手机",
            "手机号",
            "手机号码",
            "电话",
            "电话号码",
            "联系电话",
            "联系方式",
            "移动电话",
            "phone",
            "phonenumber",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "cellphone",
            "cell",
            "tel",
            "telephone",
        ],
    ),
    (
        ColumnField::Email,
        &[
            "邮箱",
            "电子邮箱",
            "邮件",
            "电子邮件",
            "邮箱地址",
            "email",
            "emailaddress",
            "mail",
        ],
    ),
    (
        ColumnField::EducationLevel,
        &[
            "学历",
            "最高学历",
            "教育程度",
            "学历层次",
            "education",
            "educationlevel",
            "degree",
            "highestdegree",
            "highesteducation",
        ],
    ),
    (
        ColumnField::School,
        &[
            "学校",
            "毕业院校",
            "毕业学校",
            "院校",
            "学校名称",
            "school",
            "university",
            "college",
            "institution",
        ],
    ),
    (
        ColumnField::Major,
        &[
            "专业",
            "所学专业",
            "专业名称",
            "major",
            "fieldofstudy",
            "discipline",
            "subject",
        ],
    ),
    (
        ColumnField::GraduationYear,
        &[
            "毕业年份",
            "毕业时间",
            "毕业年",
            "毕业年度",
            "graduationyear",
            "graduation",
            "gradyear",
            "yearofgraduation",
            "graduated",
        ],
    ),
    (
        ColumnField::YearsExperience,
        &[
            "工作年限",
            "工作经验",
            "经验",
            "年限",
            "工龄",
            "从业年限",
            "工作年数",
            "years",
            "yearsofexperience",
            "experience",
            "workexperience",
            "experienceyears",
            "yoe",
        ],
    ),
    (
        ColumnField::Skills,
        &[
            "技能",
            "专业技能",
            "技能标签",
            "技能特长",
            "skills",
            "skill",
            "skillset",
        ],
    ),
];

/// Facts screening must not use; a column holding one is left out of the import.
const SENSITIVE_NAMES: &[&str] = &[
    "性别",
    "年龄",
    "出生日期",
    "出生年月",
    "生日",
    "身份证",
    "身份证号",
    "身份证号码",
    "证件号",
    "证件号码",
    "婚姻状况",
    "婚否",
    "婚育",
    "民族",
    "籍贯",
    "政治面貌",
    "照片",
    "健康状况",
    "身高",
    "体重",
    "gender",
    "sex",
    "age",
    "dateofbirth",
    "birthday",
    "dob",
    "idnumber",
    "idcard",
    "maritalstatus",
    "married",
    "ethnicity",
    "race",
    "religion",
    "photo",
    "nationality",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_both_languages_with_marks_map_to_fields() {
        assert_eq!(meaning("姓名"), HeaderMeaning::Field(ColumnField::Name));
        assert_eq!(
            meaning("* 手机号码（必填）"),
            HeaderMeaning::Field(ColumnField::Phone)
        );
        assert_eq!(meaning("E-mail"), HeaderMeaning::Field(ColumnField::Email));
        assert_eq!(
            meaning("Years of Experience"),
            HeaderMeaning::Field(ColumnField::YearsExperience)
        );
        assert_eq!(
            meaning("最高学历："),
            HeaderMeaning::Field(ColumnField::EducationLevel)
        );
        assert_eq!(
            meaning("Graduation Year"),
            HeaderMeaning::Field(ColumnField::GraduationYear)
        );
        assert_eq!(meaning("身份证号"), HeaderMeaning::Sensitive);
        assert_eq!(meaning("Gender"), HeaderMeaning::Sensitive);
        assert_eq!(meaning("备注"), HeaderMeaning::Other);
        assert_eq!(meaning(""), HeaderMeaning::Other);
    }

    #[test]
    fn keys_are_the_serialised_names() {
        for f in ColumnField::ALL {
            assert_eq!(serde_json::to_value(f).unwrap(), f.key());
        }
    }

    #[test]
    fn every_name_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (_, names) in FIELD_NAMES {
            for n in *names {
                assert_eq!(normalise(n), *n, "{n} is not in normal form");
                assert!(seen.insert(*n), "{n} listed twice");
            }
        }
        for n in SENSITIVE_NAMES {
            assert!(seen.insert(*n), "{n} listed twice");
        }
    }
}
