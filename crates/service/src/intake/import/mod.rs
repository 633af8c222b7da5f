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

mod rows;
mod view;

pub use view::*;

use std::collections::HashMap;

use chrono::Duration;
use kaoguan_domain::{
    ApplicationId, CandidateName, DomainError, Email, InterviewToken, JobId, Phone,
};
use kaoguan_resume::table::{self, ColumnUse, Table, TableError};
use kaoguan_resume::Resume;
use kaoguan_store::{ImportRow, NewCandidate, NewImport, NewIntake, StoreError};

use rows::{check_row, contact_keys, keys_of, mark_repeats};

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
    for row in rows.iter_mut().filter(|r| !r.is_rejected()) {
        let (email, phone) = keys_of(row);
        let in_job = email.as_ref().is_some_and(|k| known.job_emails.contains(k))
            || phone.as_ref().is_some_and(|k| known.job_phones.contains(k));
        let in_org = email.as_ref().is_some_and(|k| known.org_emails.contains(k))
            || phone.as_ref().is_some_and(|k| known.org_phones.contains(k));
        row.outcome = if in_job {
            RowOutcome::AlreadyApplied
        } else if in_org {
            RowOutcome::Known
        } else {
            RowOutcome::New
        };
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
                    row.outcome = RowOutcome::AlreadyApplied;
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
    for row in current.preview.rows.iter().filter(|r| r.outcome.creates()) {
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
                field: field.map(|f| f.key().to_string()),
                usage: usage.into(),
            }
        })
        .collect()
}

fn counts(rows: &[ImportRowView], no_rule: bool) -> ImportCounts {
    let mut c = ImportCounts {
        rows: rows.len(),
        ..ImportCounts::default()
    };
    for row in rows {
        match row.outcome {
            RowOutcome::New => c.new_candidates += 1,
            RowOutcome::Known => c.known_candidates += 1,
            RowOutcome::AlreadyApplied => c.already_applied += 1,
            RowOutcome::Rejected => c.rejected += 1,
        }
        if row.outcome.creates() && (no_rule || row.screening_passed == Some(true)) {
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
