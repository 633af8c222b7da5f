//! Candidate lists from CSV and Excel files: read and checked row by row into a preview
//! that says what each row would become (a new candidate, another application of a known
//! one, already applied, or rejected and why), kept for a day; committed on HR's word,
//! every row at once in one transaction.
//!
//! A row needs a name and a phone or e-mail (without one nobody can reach the person or
//! tell them from a namesake). Typed facts (education, years…) are checked like the
//! API's; columns holding what screening must not use (gender, age, ID numbers) are never
//! read. After the commit the preview keeps no personal details: the applications hold
//! them.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use kaoguan_domain::{
    ApplicationId, CandidateName, DomainError, EducationLevel, Email, InterviewToken, JobId, Phone,
};
use kaoguan_resume::table::{self, ColumnField, ColumnUse, Row, Table, TableError};
use kaoguan_resume::Resume;
use kaoguan_store::{ImportRow, NewCandidate, NewImport, NewIntake, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{decide, fields_only, intake_effects, job_rule, overlay, TypedFields};
use crate::screening::ScreeningRule;
use crate::{Recruiter, ServiceError, ServiceResult, Services};

/// How long a preview waits for HR to commit it.
pub const IMPORT_EXPIRES_AFTER: Duration = Duration::hours(24);

/// A spreadsheet as received.
pub struct ImportFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// An import: its preview and, once committed, what each row became.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportView {
    pub id: String,
    #[schema(value_type = String)]
    pub job_id: JobId,
    pub file_name: String,
    pub created_at: DateTime<Utc>,
    /// When an uncommitted preview is discarded.
    pub expires_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub preview: ImportPreview,
}

/// What a file holds and what importing it would do (or did).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportPreview {
    /// `csv`, `xlsx` or `xls`.
    pub format: String,
    /// The worksheet read (workbooks).
    pub sheet: Option<String>,
    /// The file's row number of the header row.
    pub header_row: usize,
    pub columns: Vec<ImportColumn>,
    /// Whether the job had a screening rule when the file was read.
    pub screened_by_rule: bool,
    pub counts: ImportCounts,
    pub rows: Vec<ImportRowView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportColumn {
    /// `A`, `B`, …
    pub letter: String,
    pub header: String,
    /// The fact read from it (`name`, `phone`, `email`, `education_level`, `school`,
    /// `major`, `graduation_year`, `years_experience`, `skills`), if any.
    pub field: Option<String>,
    /// `read`; `duplicate` (a second column for a field: the first is read); `sensitive`
    /// (gender, age, ID number…: never read); `ignored`.
    pub usage: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportCounts {
    pub rows: usize,
    /// Rows that make a new candidate.
    pub new_candidates: usize,
    /// Rows of people the organisation knows from another job: a new application.
    pub known_candidates: usize,
    /// Rows of people who applied to this job already: nothing new.
    pub already_applied: usize,
    pub rejected: usize,
    /// Of the rows to create, how many the job's screening rule passes.
    pub passing_screening: usize,
}

/// One row: the values read, and what it becomes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportRowView {
    /// The file's row number.
    pub row: usize,
    /// `new`, `known` (a candidate of another job), `already_applied` or `rejected`.
    pub outcome: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub fields: TypedFields,
    /// Why a row is rejected, in both languages.
    pub reasons: Vec<RowReason>,
    /// Whether the job's screening rule passes the row (rows to create, when the job
    /// has a rule).
    pub screening_passed: Option<bool>,
    /// The application the row became (after the commit).
    #[schema(value_type = Option<String>)]
    pub application_id: Option<ApplicationId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RowReason {
    pub zh: String,
    pub en: String,
}

impl RowReason {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// Reads a spreadsheet into a preview and keeps it for HR to commit. Nothing else is
/// written. A file that is not a candidate list is refused with the reason.
pub async fn preview_import(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    file: ImportFile,
) -> ServiceResult<ImportView> {
    let org = who.org();
    let found = services.store.get_job(org, job).await?;
    let rule = job_rule(&found)?;
    let file_name = super::clean_file_name(&file.file_name);
    let bytes = file.bytes;
    let table = tokio::task::spawn_blocking(move || table::read(&bytes))
        .await
        .map_err(|e| anyhow::anyhow!("spreadsheet reader stopped: {e}"))?
        .map_err(|e| unreadable_table(&file_name, &e))?;
    let mut rows: Vec<ImportRowView> = table.rows.iter().map(check_row).collect();
    mark_repeats(&mut rows);
    let (emails, phones) = contact_keys(&rows);
    let known = services
        .store
        .known_contacts(org, job, &emails, &phones)
        .await?;
    for row in rows.iter_mut().filter(|r| r.outcome != "rejected") {
        let (email, phone) = keys_of(row);
        let in_job = email.as_ref().is_some_and(|k| known.job_emails.contains(k))
            || phone.as_ref().is_some_and(|k| known.job_phones.contains(k));
        let in_org = email.as_ref().is_some_and(|k| known.org_emails.contains(k))
            || phone.as_ref().is_some_and(|k| known.org_phones.contains(k));
        row.outcome = if in_job {
            "already_applied"
        } else if in_org {
            "known"
        } else {
            "new"
        }
        .into();
        if in_job {
            continue;
        }
        if let Some(rule) = &rule {
            row.screening_passed = Some(verdict(Some(rule), row)?.passed);
        }
    }
    let preview = ImportPreview {
        format: table.format.to_string(),
        sheet: table.sheet.clone(),
        header_row: table.header_row,
        columns: columns(&table),
        screened_by_rule: rule.is_some(),
        counts: counts(&rows, rule.is_none()),
        rows,
    };
    let id = uuid::Uuid::new_v4().to_string();
    let now = services.clock.now();
    let json = serde_json::to_value(&preview).map_err(anyhow::Error::from)?;
    let file_name = super::clean_file_name(&file.file_name);
    services
        .store
        .save_import(
            org,
            &NewImport {
                id: &id,
                job,
                created_by: who.user(),
                file_name: &file_name,
                preview: &json,
            },
            now,
        )
        .await?;
    Ok(ImportView {
        id,
        job_id: job,
        file_name,
        created_at: now,
        expires_at: now + IMPORT_EXPIRES_AFTER,
        committed_at: None,
        preview,
    })
}

/// An import, as previewed or as committed. An expired preview is not found.
pub async fn get_import(
    services: &Services,
    who: &Recruiter,
    id: &str,
) -> ServiceResult<ImportView> {
    let stored = services.store.get_import(who.org(), id).await?;
    let expires_at = stored.created_at + IMPORT_EXPIRES_AFTER;
    if stored.committed_at.is_none() && services.clock.now() >= expires_at {
        return Err(ServiceError::NotFound);
    }
    let mut preview: ImportPreview =
        serde_json::from_value(stored.preview).map_err(anyhow::Error::from)?;
    if let Some(result) = &stored.result {
        let by_row: HashMap<u32, &kaoguan_store::ImportedRow> =
            result.iter().map(|r| (r.row, r)).collect();
        for row in &mut preview.rows {
            if let Some(done) = u32::try_from(row.row).ok().and_then(|n| by_row.get(&n)) {
                row.application_id = Some(done.application_id);
                if !done.created {
                    row.outcome = "already_applied".into();
                }
            }
        }
        preview.counts = counts(&preview.rows, !preview.screened_by_rule);
    }
    Ok(ImportView {
        id: stored.id,
        job_id: stored.job_id,
        file_name: stored.file_name,
        created_at: stored.created_at,
        expires_at,
        committed_at: stored.committed_at,
        preview,
    })
}

/// Creates the preview's applications, all in one transaction with the import marked
/// committed; screened by the job's rule as it is now. Committing again answers with the
/// committed import.
pub async fn commit_import(
    services: &Services,
    who: &Recruiter,
    id: &str,
) -> ServiceResult<ImportView> {
    let org = who.org();
    let current = get_import(services, who, id).await?;
    if current.committed_at.is_some() {
        return Ok(current);
    }
    let job = services.store.get_job(org, current.job_id).await?;
    if job.status != kaoguan_domain::JobStatus::Open {
        return Err(ServiceError::conflict(
            "job_closed",
            "the job is closed to new candidates; reopen it to take applications",
        ));
    }
    let rule = job_rule(&job)?;
    let now = services.clock.now();
    let stage = job.pipeline().first().clone();
    struct Prepared {
        row: u32,
        id: ApplicationId,
        candidate: NewCandidate,
        token: kaoguan_domain::SecretDigest,
        resume: kaoguan_store::NewResume,
        screening: serde_json::Value,
        effects: kaoguan_store::Effects,
    }
    let mut prepared = Vec::new();
    for row in current
        .preview
        .rows
        .iter()
        .filter(|r| r.outcome == "new" || r.outcome == "known")
    {
        let (candidate, resume) = typed(row)?;
        let verdict = decide(
            rule.as_ref(),
            &resume,
            candidate.email.is_some(),
            candidate.phone.is_some(),
        );
        let app = ApplicationId::new();
        prepared.push(Prepared {
            row: u32::try_from(row.row).unwrap_or(u32::MAX),
            id: app,
            token: InterviewToken::generate().digest(),
            resume: fields_only(&resume)?,
            screening: serde_json::to_value(&verdict).map_err(anyhow::Error::from)?,
            effects: intake_effects(&job, app, &verdict, now, false),
            candidate,
        });
    }
    let rows: Vec<ImportRow<'_>> = prepared
        .iter()
        .map(|p| ImportRow {
            row: p.row,
            intake: NewIntake {
                id: p.id,
                candidate: &p.candidate,
                stage: &stage,
                token: &p.token,
                source: "import",
                resume: Some(&p.resume),
                screening: &p.screening,
            },
            effects: p.effects.clone(),
        })
        .collect();
    let cleared = serde_json::to_value(cleared(&current.preview)).map_err(anyhow::Error::from)?;
    match services
        .store
        .commit_import(org, id, &rows, &cleared, now)
        .await
    {
        Ok(_) => {}
        // Committed by another request meanwhile: theirs stands.
        Err(StoreError::Conflict(_)) => {}
        Err(e) => return Err(e.into()),
    }
    if rows.iter().any(|r| !r.effects.tasks.is_empty()) {
        services.task_wakeup.notify_one();
    }
    get_import(services, who, id).await
}

/// Discards previews nobody committed within [`IMPORT_EXPIRES_AFTER`]; how many.
pub async fn purge_expired_imports(services: &Services) -> ServiceResult<u64> {
    let before = services.clock.now() - IMPORT_EXPIRES_AFTER;
    Ok(services.store.purge_imports(before).await?)
}

/// Why a file is not a candidate list, as a field error naming the file.
fn unreadable_table(file_name: &str, e: &TableError) -> ServiceError {
    DomainError::new("file", format!("{file_name}: {} ({})", e.en(), e.code()))
        .zh(format!("{file_name}：{}", e.zh()))
        .en(format!("{file_name}: {}", e.en()))
        .into()
}

fn columns(table: &Table) -> Vec<ImportColumn> {
    table
        .columns
        .iter()
        .map(|c| {
            let (field, usage) = match c.use_ {
                ColumnUse::Field(f) => (Some(f), "read"),
                ColumnUse::Duplicate(f) => (Some(f), "duplicate"),
                ColumnUse::Sensitive => (None, "sensitive"),
                ColumnUse::Ignored => (None, "ignored"),
            };
            ImportColumn {
                letter: c.letter.clone(),
                header: c.header.clone(),
                field: field.map(field_key),
                usage: usage.into(),
            }
        })
        .collect()
}

/// A field's key, as the API names it.
pub fn field_key(field: ColumnField) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn counts(rows: &[ImportRowView], no_rule: bool) -> ImportCounts {
    let mut c = ImportCounts {
        rows: rows.len(),
        ..ImportCounts::default()
    };
    for row in rows {
        match row.outcome.as_str() {
            "new" => c.new_candidates += 1,
            "known" => c.known_candidates += 1,
            "already_applied" => c.already_applied += 1,
            _ => c.rejected += 1,
        }
        let to_create = row.outcome == "new" || row.outcome == "known";
        if to_create && (no_rule || row.screening_passed == Some(true)) {
            c.passing_screening += 1;
        }
    }
    c
}

/// The preview as kept after the commit: rows' numbers, outcomes and reasons, no
/// personal details.
fn cleared(preview: &ImportPreview) -> ImportPreview {
    let mut out = preview.clone();
    for row in &mut out.rows {
        row.name = None;
        row.phone = None;
        row.email = None;
        row.fields = TypedFields::default();
    }
    out
}

/// The row's values checked one by one; every problem is a reason.
fn check_row(row: &Row) -> ImportRowView {
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
            "new"
        } else {
            "rejected"
        }
        .into(),
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
fn mark_repeats(rows: &mut [ImportRowView]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows.iter_mut().filter(|r| r.outcome != "rejected") {
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
            row.outcome = "rejected".into();
            continue;
        }
        for k in keys {
            seen.insert(k, row.row);
        }
    }
}

/// The row's contact keys, as the store matches people.
fn keys_of(row: &ImportRowView) -> (Option<String>, Option<String>) {
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

fn contact_keys(rows: &[ImportRowView]) -> (Vec<String>, Vec<String>) {
    let (mut emails, mut phones) = (Vec::new(), Vec::new());
    for row in rows.iter().filter(|r| r.outcome != "rejected") {
        let (e, p) = keys_of(row);
        emails.extend(e);
        phones.extend(p);
    }
    (emails, phones)
}

/// A checked row as the candidate and resume an intake writes.
fn typed(row: &ImportRowView) -> ServiceResult<(NewCandidate, Resume)> {
    let name = row
        .name
        .as_deref()
        .ok_or_else(|| anyhow::anyhow!("a checked import row has no name"))?
        .parse::<CandidateName>()?;
    let email = row.email.as_deref().map(str::parse::<Email>).transpose()?;
    let phone = row.phone.as_deref().map(str::parse::<Phone>).transpose()?;
    let mut resume = Resume::default();
    overlay(&mut resume, &row.fields)?;
    if let Some(e) = &email {
        resume.email = Some(kaoguan_resume::Field::new(
            e.as_str().to_string(),
            kaoguan_resume::Span::new(0, 0),
        ));
    }
    if let Some(p) = &phone {
        resume.phone = Some(kaoguan_resume::Field::new(
            p.as_str().to_string(),
            kaoguan_resume::Span::new(0, 0),
        ));
    }
    resume.name = Some(kaoguan_resume::Field::new(
        name.as_str().to_string(),
        kaoguan_resume::Span::new(0, 0),
    ));
    Ok((NewCandidate { name, email, phone }, resume))
}

/// The job's rule on a checked row.
fn verdict(
    rule: Option<&ScreeningRule>,
    row: &ImportRowView,
) -> ServiceResult<crate::screening::Screening> {
    let (candidate, resume) = typed(row)?;
    Ok(decide(
        rule,
        &resume,
        candidate.email.is_some(),
        candidate.phone.is_some(),
    ))
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
