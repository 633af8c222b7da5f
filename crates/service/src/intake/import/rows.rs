//! One row of a candidate list checked: its values one by one (every problem a reason in
//! both languages), rows that repeat an earlier row's person, and the contact keys the
//! store matches people by.

use std::collections::HashMap;

use kaoguan_domain::{CandidateName, DomainError, EducationLevel, Email, Phone};
use kaoguan_resume::table::{ColumnField, Row};

use super::view::{ImportRowView, RowOutcome, RowReason};
use crate::intake::TypedFields;

/// The row's values checked one by one; every problem is a reason.
pub(super) fn check_row(row: &Row) -> ImportRowView {
    let get = |f: ColumnField| row.values.get(&f).cloned();
    let mut reasons: Vec<RowReason> = row
        .problems
        .iter()
        .map(|p| RowReason::new(p.zh(), p.en()))
        .collect();
    let mut from_domain = |e: DomainError| {
        reasons.push(RowReason::new(
            e.zh_text().unwrap_or(&e.message).to_string(),
            e.en_text().unwrap_or(&e.message).to_string(),
        ))
    };
    let name = get(ColumnField::Name);
    match &name {
        None => from_domain(
            DomainError::new("name", "no name")
                .zh("缺少姓名。")
                .en("The name is missing."),
        ),
        Some(n) => {
            if let Err(e) = n.parse::<CandidateName>() {
                from_domain(e)
            }
        }
    }
    let phone = get(ColumnField::Phone);
    if let Some(p) = &phone {
        if p.parse::<Phone>().is_err() {
            from_domain(bad_phone(p));
        }
    }
    let email = get(ColumnField::Email);
    if let Some(e) = &email {
        if e.parse::<Email>().is_err() {
            from_domain(
                DomainError::new("email", "not an e-mail address")
                    .zh("邮箱格式不对。")
                    .en("The e-mail address is not valid."),
            );
        }
    }
    if phone.is_none() && email.is_none() {
        from_domain(
            DomainError::new("phone", "no phone or e-mail")
                .zh("没有手机号或邮箱：无法联系，也无法分辨同名的人。")
                .en("No phone or e-mail: the person cannot be reached or told apart from a namesake."),
        );
    }
    let mut fields = TypedFields {
        school: get(ColumnField::School),
        major: get(ColumnField::Major),
        ..TypedFields::default()
    };
    if let Some(level) = get(ColumnField::EducationLevel) {
        match EducationLevel::from_name(&level) {
            Some(l) => fields.education_level = Some(l.as_str().to_string()),
            None => from_domain(
                DomainError::new("education_level", "unknown education level")
                    .zh(format!(
                        "学历“{}”无法识别：应为 博士、硕士、本科、大专 或 高中及以下。",
                        short(&level)
                    ))
                    .en(format!(
                        "The education level \"{}\" is not one of doctorate, master, bachelor, associate or high school.",
                        short(&level)
                    )),
            ),
        }
    }
    if let Some(year) = get(ColumnField::GraduationYear) {
        match graduation_year(&year) {
            Some(y) => fields.graduation_year = Some(y),
            None => from_domain(
                DomainError::new("graduation_year", "not a year")
                    .zh(format!(
                        "毕业年份“{}”不是 1950 到 2100 之间的年份。",
                        short(&year)
                    ))
                    .en(format!(
                        "The graduation year \"{}\" is not a year between 1950 and 2100.",
                        short(&year)
                    )),
            ),
        }
    }
    if let Some(years) = get(ColumnField::YearsExperience) {
        match years_experience(&years) {
            Some(y) => fields.years_experience = Some(y),
            None => from_domain(
                DomainError::new("years_experience", "not a number of years")
                    .zh(format!(
                        "工作年限“{}”不是 0 到 70 之间的数字。",
                        short(&years)
                    ))
                    .en(format!(
                        "The years of experience \"{}\" is not a number between 0 and 70.",
                        short(&years)
                    )),
            ),
        }
    }
    if let Some(skills) = get(ColumnField::Skills) {
        fields.skills = skills
            .split([',', '，', '、', ';', '；', '/', '|', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .take(60)
            .collect();
    }
    ImportRowView {
        row: row.number,
        outcome: if reasons.is_empty() {
            RowOutcome::New
        } else {
            RowOutcome::Rejected
        },
        name,
        phone,
        email,
        fields,
        reasons,
        screening_passed: None,
        application_id: None,
    }
}

/// A bad phone, with the cause spelled out when Excel turned it into a number in
/// scientific notation (its last digits are gone).
fn bad_phone(p: &str) -> DomainError {
    let scientific = p.contains(['E', 'e']) && p.chars().any(|c| c.is_ascii_digit());
    if scientific
        && p.replace(['.', '+', 'E', 'e'], "")
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        return DomainError::new("phone", "phone in scientific notation")
            .zh("手机号被表格显示成了科学计数法，后几位已丢失；请把该列设为“文本”后重新导出。")
            .en("The phone number was turned into scientific notation and lost its last digits; format the column as text and export again.");
    }
    DomainError::new("phone", "not a phone number")
        .zh("手机号格式不对。")
        .en("The phone number is not valid.")
}

/// At most 30 characters of a value, for a reason.
fn short(value: &str) -> String {
    let mut s: String = value.chars().take(30).collect();
    if value.chars().count() > 30 {
        s.push('…');
    }
    s
}

/// A year as lists write it: `2021`, `2021年`, `2021-06-30`, `2021.06`, `2021/6`.
fn graduation_year(value: &str) -> Option<i32> {
    let digits: String = value
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let rest = &value.trim()[digits.len()..];
    let follows_ok = rest.is_empty() || rest.starts_with(['年', '-', '.', '/', ' ']);
    let year: i32 = digits.parse().ok()?;
    (digits.len() == 4 && follows_ok && (1950..=2100).contains(&year)).then_some(year)
}

/// Years as lists write them: `3`, `3.5`, `3年`, `5年以上`, `3 years`, `应届` / `无` (0).
fn years_experience(value: &str) -> Option<f64> {
    let v = value.trim();
    if ["应届", "应届生", "无", "无经验", "none", "fresh graduate"]
        .contains(&v.to_lowercase().as_str())
    {
        return Some(0.0);
    }
    let number: String = v
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let rest = v[number.len()..].trim().to_lowercase();
    let unit_ok = rest.is_empty()
        || [
            "年",
            "年以上",
            "年+",
            "+",
            "years",
            "year",
            "yrs",
            "yr",
            "年左右",
        ]
        .iter()
        .any(|u| rest == *u);
    let years: f64 = number.parse().ok()?;
    (unit_ok && years.is_finite() && (0.0..=70.0).contains(&years)).then_some(years)
}

/// Rows whose phone or e-mail an earlier row already has are the same person.
pub(super) fn mark_repeats(rows: &mut [ImportRowView]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows.iter_mut().filter(|r| !r.is_rejected()) {
        let (email, phone) = keys_of(row);
        let keys: Vec<String> = email
            .map(|k| format!("e:{k}"))
            .into_iter()
            .chain(phone.map(|k| format!("p:{k}")))
            .collect();
        if let Some(first) = keys.iter().find_map(|k| seen.get(k)) {
            row.reasons.push(RowReason::new(
                format!("与第 {first} 行是同一人（手机号或邮箱相同）。"),
                format!("The same person as row {first} (same phone or e-mail)."),
            ));
            row.outcome = RowOutcome::Rejected;
            continue;
        }
        for k in keys {
            seen.insert(k, row.row);
        }
    }
}

/// The row's contact keys, as the store matches people.
pub(super) fn keys_of(row: &ImportRowView) -> (Option<String>, Option<String>) {
    (
        row.email
            .as_deref()
            .and_then(|e| e.parse::<Email>().ok())
            .map(|e| e.match_key()),
        row.phone
            .as_deref()
            .and_then(|p| p.parse::<Phone>().ok())
            .map(|p| p.match_key()),
    )
}

pub(super) fn contact_keys(rows: &[ImportRowView]) -> (Vec<String>, Vec<String>) {
    let (mut emails, mut phones) = (Vec::new(), Vec::new());
    for row in rows.iter().filter(|r| !r.is_rejected()) {
        let (e, p) = keys_of(row);
        emails.extend(e);
        phones.extend(p);
    }
    (emails, phones)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_graduation_years_as_lists_write_them() {
        assert_eq!(years_experience("3"), Some(3.0));
        assert_eq!(years_experience("3.5年"), Some(3.5));
        assert_eq!(years_experience("5年以上"), Some(5.0));
        assert_eq!(years_experience("2 years"), Some(2.0));
        assert_eq!(years_experience("应届"), Some(0.0));
        assert_eq!(years_experience("三年"), None);
        assert_eq!(years_experience("-1"), None);
        assert_eq!(years_experience("80"), None);
        assert_eq!(years_experience("3-5"), None);
        assert_eq!(graduation_year("2021"), Some(2021));
        assert_eq!(graduation_year("2021-06-30"), Some(2021));
        assert_eq!(graduation_year("2021年6月"), Some(2021));
        assert_eq!(graduation_year("2021.06"), Some(2021));
        assert_eq!(graduation_year("21"), None);
        assert_eq!(graduation_year("1900"), None);
        assert_eq!(graduation_year("20210"), None);
        assert_eq!(graduation_year("明年"), None);
    }

    #[test]
    fn a_phone_excel_turned_into_scientific_notation_is_named_as_such() {
        assert!(bad_phone("1.38001E+10")
            .zh_text()
            .unwrap()
            .contains("科学计数法"));
        assert!(!bad_phone("138-abc")
            .zh_text()
            .unwrap()
            .contains("科学计数法"));
    }
}
