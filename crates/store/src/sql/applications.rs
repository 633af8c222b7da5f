use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, ApplicationStatus, JobId, OrgId, QuestionId, SecretDigest};
use sqlx::any::AnyRow;

use super::codec::{flag, ms, RowExt};
use super::SqlStore;
use crate::models::{AnswerSlot, SlotState};
use crate::{
    Application, ApplicationStore, ApplicationSummary, Effects, HumanInterviewRequest,
    NewApplication, NewCandidate, StoreError, StoreResult,
};
use kaoguan_domain::{Position, RejectReason};

const APPLICATION_SELECT: &str = "SELECT a.id AS id, a.org_id AS org_id, a.job_id AS job_id,
        a.candidate_id AS candidate_id, c.name AS candidate_name, c.email AS candidate_email, c.phone AS candidate_phone,
        a.status AS status, a.consent AS consent, a.consent_at AS consent_at,
        a.consent_version AS consent_version, a.practice_done_at AS practice_done_at,
        a.finished_at AS finished_at, a.stage AS stage, a.held_from AS held_from,
        a.stage_changed_at AS stage_changed_at, a.reject_reason AS reject_reason,
        a.reject_note AS reject_note, a.link_revoked_at AS link_revoked_at,
        a.link_expires_at AS link_expires_at,
        a.created_at AS created_at, a.updated_at AS updated_at
    FROM applications a JOIN candidates c ON c.id = a.candidate_id AND c.org_id = a.org_id";

fn application_from_row(row: &AnyRow) -> StoreResult<Application> {
    Ok(Application {
        id: row.parsed("id")?,
        org_id: row.parsed("org_id")?,
        job_id: row.parsed("job_id")?,
        candidate_id: row.text("candidate_id")?,
        candidate_name: row.text("candidate_name")?,
        candidate_email: row.opt_text("candidate_email")?,
        candidate_phone: row.opt_text("candidate_phone")?,
        status: row.parsed("status")?,
        consent: row.opt_int("consent")?.map(|v| v != 0),
        consent_at: row.opt_time("consent_at")?,
        consent_version: row.opt_text("consent_version")?,
        practice_done: row.opt_int("practice_done_at")?.is_some(),
        finished_at: row.opt_time("finished_at")?,
        stage: row.parsed("stage")?,
        held_from: row.opt_text("held_from")?.map(|s| s.parse()).transpose()?,
        stage_changed_at: row.opt_time("stage_changed_at")?,
        reject_reason: row
            .opt_text("reject_reason")?
            .map(|s| s.parse())
            .transpose()?,
        reject_note: row.opt_text("reject_note")?,
        link_revoked_at: row.opt_time("link_revoked_at")?,
        link_expires_at: row.opt_time("link_expires_at")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

const SLOT_COLUMNS: &str =
    "application_id, question_id, state, presented_at, deadline_at, answered_at, text";

fn slot_from_row(row: &AnyRow) -> StoreResult<AnswerSlot> {
    let state = row.text("state")?;
    Ok(AnswerSlot {
        application_id: row.parsed("application_id")?,
        question_id: row.parsed("question_id")?,
        state: SlotState::parse(&state)
            .ok_or_else(|| StoreError::Other(anyhow::anyhow!("unknown slot state {state:?}")))?,
        presented_at: row.time("presented_at")?,
        deadline_at: row.time("deadline_at")?,
        answered_at: row.opt_time("answered_at")?,
        text: row.opt_text("text")?,
    })
}

impl SqlStore {
    /// Tells "nothing to change" from "no such application in this org" after a
    /// conditional write or an empty listing matched no rows.
    pub(super) async fn ensure_application(
        &self,
        org: OrgId,
        id: ApplicationId,
    ) -> StoreResult<()> {
        sqlx::query("SELECT id FROM applications WHERE org_id = $1 AND id = $2")
            .bind(org.to_string())
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|_| ())
            .ok_or(StoreError::NotFound)
    }

    async fn ensure_job(&self, org: OrgId, id: JobId) -> StoreResult<()> {
        sqlx::query("SELECT id FROM jobs WHERE org_id = $1 AND id = $2")
            .bind(org.to_string())
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|_| ())
            .ok_or(StoreError::NotFound)
    }

    /// `Ok(true)` if the write changed a row, `Ok(false)` if the application exists but
    /// was not in the state the write required, `NotFound` otherwise.
    async fn changed_or_missing(
        &self,
        org: OrgId,
        id: ApplicationId,
        rows: u64,
    ) -> StoreResult<bool> {
        if rows > 0 {
            return Ok(true);
        }
        self.ensure_application(org, id).await?;
        Ok(false)
    }
}

#[async_trait]
impl ApplicationStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn create_application(
        &self,
        org: OrgId,
        job: JobId,
        new: &NewApplication<'_>,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<Application> {
        let NewApplication {
            candidate,
            stage,
            token,
        } = *new;
        let id = ApplicationId::new();
        let mut tx = self.pool.begin().await?;
        // Writing first takes SQLite's write lock at once, instead of upgrading a read
        // transaction later, which fails outright under contention; touching the job row is
        // that write (and the org check).
        let job_row = sqlx::query("UPDATE jobs SET status = status WHERE org_id = $1 AND id = $2")
            .bind(org.to_string())
            .bind(job.to_string())
            .execute(&mut *tx)
            .await?;
        if job_row.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        // The organisation's candidate with this email or phone, or a new one.
        let candidate_id = super::intake::candidate_for(&mut tx, org, candidate, now).await?;
        // Selecting from `jobs` is the org check: a job of another org inserts nothing.
        // The contact keys' unique indexes refuse a second application of one person to
        // one job (StoreError::Conflict), rolling the candidate row back with it.
        let done = sqlx::query(
            "INSERT INTO applications (id, org_id, job_id, candidate_id, token_digest, status,
                 email_key, phone_key, link_expires_at, created_at, updated_at, stage)
             SELECT $1, j.org_id, j.id, $2, $3, $4, $5, $6,
                    $7 + COALESCE(j.invite_valid_days, 14) * CAST(86400000 AS BIGINT), $7, $7, $10
             FROM jobs j WHERE j.org_id = $8 AND j.id = $9",
        )
        .bind(id.to_string())
        .bind(&candidate_id)
        .bind(token.as_str())
        .bind(ApplicationStatus::Invited.as_str())
        .bind(candidate.email.as_ref().map(|e| e.match_key()))
        .bind(candidate.phone.as_ref().map(|p| p.match_key()))
        .bind(ms(now))
        .bind(org.to_string())
        .bind(job.to_string())
        .bind(stage.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        // The caller names the application in its events before it exists; ids are ours.
        let effects = with_application(effects, id);
        super::events::write_effects(&mut tx, org, &effects, now).await?;
        tx.commit().await?;
        self.get_application(org, id).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn get_application(&self, org: OrgId, id: ApplicationId) -> StoreResult<Application> {
        let row = sqlx::query(&format!(
            "{APPLICATION_SELECT} WHERE a.org_id = $1 AND a.id = $2"
        ))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        application_from_row(&row)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn find_application_by_token(
        &self,
        token: &SecretDigest,
    ) -> StoreResult<Option<Application>> {
        sqlx::query(&format!("{APPLICATION_SELECT} WHERE a.token_digest = $1"))
            .bind(token.as_str())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(application_from_row)
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn search_applications(
        &self,
        org: OrgId,
        visible: &crate::Visible,
        filter: &crate::CandidateFilter,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<crate::CandidateRow>, i64)> {
        self.search(org, visible, filter, offset, limit).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn list_applications(
        &self,
        org: OrgId,
        job: JobId,
    ) -> StoreResult<Vec<ApplicationSummary>> {
        let rows = sqlx::query(
            "SELECT a.id AS id, c.name AS candidate_name, a.status AS status, a.stage AS stage,
                    r.status AS report_status, r.total AS total, a.created_at AS created_at
             FROM applications a
             JOIN candidates c ON c.id = a.candidate_id AND c.org_id = a.org_id
             LEFT JOIN reports r ON r.application_id = a.id AND r.org_id = a.org_id
             WHERE a.org_id = $1 AND a.job_id = $2
             ORDER BY a.created_at DESC, a.id DESC",
        )
        .bind(org.to_string())
        .bind(job.to_string())
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            self.ensure_job(org, job).await?;
        }
        rows.iter()
            .map(|row| {
                Ok(ApplicationSummary {
                    id: row.parsed("id")?,
                    candidate_name: row.text("candidate_name")?,
                    status: row.parsed("status")?,
                    stage: row.parsed("stage")?,
                    report_status: row
                        .opt_text("report_status")?
                        .map(|s| s.parse())
                        .transpose()?,
                    total: row.opt_float("total")?,
                    created_at: row.time("created_at")?,
                })
            })
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn replace_token(
        &self,
        org: OrgId,
        id: ApplicationId,
        token: &SecretDigest,
        revoked: bool,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        // Only an interview not yet over has a link worth replacing.
        let done = sqlx::query(
            "UPDATE applications SET token_digest = $1, link_revoked_at = $2, updated_at = $3,
                 link_expires_at = $3 + CAST(86400000 AS BIGINT) * (
                     SELECT COALESCE(j.invite_valid_days, 14) FROM jobs j
                     WHERE j.org_id = applications.org_id AND j.id = applications.job_id)
             WHERE org_id = $4 AND id = $5 AND status IN ($6, $7)",
        )
        .bind(token.as_str())
        .bind(revoked.then(|| ms(now)))
        .bind(ms(now))
        .bind(org.to_string())
        .bind(id.to_string())
        .bind(ApplicationStatus::Invited.as_str())
        .bind(ApplicationStatus::InProgress.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            super::events::write_effects(&mut tx, org, effects, now).await?;
        }
        tx.commit().await?;
        self.changed_or_missing(org, id, done.rows_affected()).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn find_application_by_contact(
        &self,
        org: OrgId,
        job: JobId,
        candidate: &NewCandidate,
    ) -> StoreResult<Option<ApplicationId>> {
        let email = candidate.email.as_ref().map(|e| e.match_key());
        let phone = candidate.phone.as_ref().map(|p| p.match_key());
        if email.is_none() && phone.is_none() {
            return Ok(None);
        }
        let row = sqlx::query(super::intake::SAME_PERSON_IN_JOB)
            .bind(org.to_string())
            .bind(job.to_string())
            .bind(email)
            .bind(phone)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.parsed("id")).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn merge_contacts(
        &self,
        org: OrgId,
        id: ApplicationId,
        candidate: &NewCandidate,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<Vec<&'static str>> {
        let mut tx = self.pool.begin().await?;
        // Touching the application first takes its lock before anything is read.
        let done =
            sqlx::query("UPDATE applications SET updated_at = $1 WHERE org_id = $2 AND id = $3")
                .bind(ms(now))
                .bind(org.to_string())
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let row = sqlx::query(
            "SELECT c.id AS candidate_id, c.email AS email, c.phone AS phone
             FROM applications a JOIN candidates c ON c.id = a.candidate_id AND c.org_id = a.org_id
             WHERE a.org_id = $1 AND a.id = $2",
        )
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        let candidate_id = row.text("candidate_id")?;
        let mut added = Vec::new();
        if let (None, Some(email)) = (row.opt_text("email")?, &candidate.email) {
            sqlx::query("UPDATE candidates SET email = $1 WHERE org_id = $2 AND id = $3")
                .bind(email.as_str())
                .bind(org.to_string())
                .bind(&candidate_id)
                .execute(&mut *tx)
                .await?;
            // The unique index on the job's email keys refuses a contact another
            // application of the job already has (StoreError::Conflict).
            sqlx::query("UPDATE applications SET email_key = $1 WHERE org_id = $2 AND id = $3")
                .bind(email.match_key())
                .bind(org.to_string())
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
            added.push("email");
        }
        if let (None, Some(phone)) = (row.opt_text("phone")?, &candidate.phone) {
            sqlx::query("UPDATE candidates SET phone = $1 WHERE org_id = $2 AND id = $3")
                .bind(phone.as_str())
                .bind(org.to_string())
                .bind(&candidate_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE applications SET phone_key = $1 WHERE org_id = $2 AND id = $3")
                .bind(phone.match_key())
                .bind(org.to_string())
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
            added.push("phone");
        }
        super::events::write_effects(&mut tx, org, effects, now).await?;
        tx.commit().await?;
        Ok(added)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn list_human_interview_requests(
        &self,
        org: OrgId,
    ) -> StoreResult<Vec<HumanInterviewRequest>> {
        let rows = sqlx::query(
            "SELECT a.id AS id, a.job_id AS job_id, j.title AS title, j.department AS department,
                    c.name AS name, c.email AS email, c.phone AS phone, a.consent_at AS consent_at
             FROM applications a
             JOIN candidates c ON c.id = a.candidate_id AND c.org_id = a.org_id
             JOIN jobs j ON j.id = a.job_id AND j.org_id = a.org_id
             WHERE a.org_id = $1 AND a.status = $2 AND a.stage_changed_at IS NULL
             ORDER BY a.consent_at, a.id",
        )
        .bind(org.to_string())
        .bind(ApplicationStatus::HumanInterviewRequested.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(HumanInterviewRequest {
                    application_id: row.parsed("id")?,
                    job_id: row.parsed("job_id")?,
                    job_title: row.text("title")?,
                    department: row.text("department")?,
                    candidate_name: row.text("name")?,
                    candidate_email: row.opt_text("email")?,
                    candidate_phone: row.opt_text("phone")?,
                    requested_at: row.opt_time("consent_at")?,
                })
            })
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn move_stage(
        &self,
        org: OrgId,
        id: ApplicationId,
        expected: &Position,
        to: &Position,
        rejection: Option<(RejectReason, Option<String>)>,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        // The expected stage is the optimistic check: a decision taken on a stale page
        // (someone else moved the candidate meanwhile) changes nothing.
        let (reason, note) = match &rejection {
            Some((r, n)) => (Some(r.as_str()), n.clone()),
            None => (None, None),
        };
        let done = sqlx::query(
            "UPDATE applications SET stage = $1, held_from = $2, stage_changed_at = $3,
                 reject_reason = $4, reject_note = $5, updated_at = $3
             WHERE org_id = $6 AND id = $7 AND stage = $8",
        )
        .bind(to.stage.as_str())
        .bind(to.held_from.as_ref().map(|s| s.as_str().to_string()))
        .bind(ms(now))
        .bind(reason)
        .bind(note)
        .bind(org.to_string())
        .bind(id.to_string())
        .bind(expected.stage.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            super::events::write_effects(&mut tx, org, effects, now).await?;
        }
        tx.commit().await?;
        self.changed_or_missing(org, id, done.rows_affected()).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id, accept = accept))]
    async fn record_consent(
        &self,
        org: OrgId,
        id: ApplicationId,
        accept: bool,
        consent_version: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let next = ApplicationStatus::Invited.after_consent(accept)?;
        // The WHERE clause is the once-only rule: a decision, once made, matches no more.
        let done = sqlx::query(
            "UPDATE applications
             SET consent = $1, consent_at = $2, consent_version = $3, status = $4, updated_at = $2
             WHERE org_id = $5 AND id = $6 AND status = $7 AND consent IS NULL",
        )
        .bind(flag(accept))
        .bind(ms(now))
        .bind(consent_version)
        .bind(next.as_str())
        .bind(org.to_string())
        .bind(id.to_string())
        .bind(ApplicationStatus::Invited.as_str())
        .execute(&self.pool)
        .await?;
        self.changed_or_missing(org, id, done.rows_affected()).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn mark_practice_done(
        &self,
        org: OrgId,
        id: ApplicationId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE applications SET practice_done_at = COALESCE(practice_done_at, $1), updated_at = $1
             WHERE org_id = $2 AND id = $3",
        )
        .bind(ms(now))
        .bind(org.to_string())
        .bind(id.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn finish_application(
        &self,
        org: OrgId,
        id: ApplicationId,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE applications SET status = $1, finished_at = $2, updated_at = $2
             WHERE org_id = $3 AND id = $4 AND status = $5",
        )
        .bind(ApplicationStatus::Completed.as_str())
        .bind(ms(now))
        .bind(org.to_string())
        .bind(id.to_string())
        .bind(ApplicationStatus::InProgress.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            super::events::write_effects(&mut tx, org, effects, now).await?;
        }
        tx.commit().await?;
        self.changed_or_missing(org, id, done.rows_affected()).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn list_slots(&self, org: OrgId, id: ApplicationId) -> StoreResult<Vec<AnswerSlot>> {
        let rows = sqlx::query(&format!(
            "SELECT {SLOT_COLUMNS} FROM answer_slots
             WHERE org_id = $1 AND application_id = $2
             ORDER BY presented_at, question_id"
        ))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            self.ensure_application(org, id).await?;
        }
        rows.iter().map(slot_from_row).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id, %question))]
    async fn present_question(
        &self,
        org: OrgId,
        id: ApplicationId,
        question: QuestionId,
        presented_at: DateTime<Utc>,
        deadline_at: DateTime<Utc>,
    ) -> StoreResult<AnswerSlot> {
        // The join admits only a question of the application's own job (and so its org);
        // DO NOTHING keeps the first clock when a reload presents the question again.
        sqlx::query(
            "INSERT INTO answer_slots (application_id, question_id, org_id, state, presented_at, deadline_at)
             SELECT a.id, q.id, a.org_id, $1, $2, $3
             FROM applications a
             JOIN questions q ON q.org_id = a.org_id AND q.job_id = a.job_id
             WHERE a.org_id = $4 AND a.id = $5 AND q.id = $6
             ON CONFLICT (application_id, question_id) DO NOTHING",
        )
        .bind(SlotState::Presented.as_str())
        .bind(ms(presented_at))
        .bind(ms(deadline_at))
        .bind(org.to_string())
        .bind(id.to_string())
        .bind(question.to_string())
        .execute(&self.pool)
        .await?;
        let row = sqlx::query(&format!(
            "SELECT {SLOT_COLUMNS} FROM answer_slots
             WHERE org_id = $1 AND application_id = $2 AND question_id = $3"
        ))
        .bind(org.to_string())
        .bind(id.to_string())
        .bind(question.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        slot_from_row(&row)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id, %question))]
    async fn record_answer(
        &self,
        org: OrgId,
        id: ApplicationId,
        question: QuestionId,
        text: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE answer_slots SET state = $1, text = $2, answered_at = $3
             WHERE org_id = $4 AND application_id = $5 AND question_id = $6 AND state = $7",
        )
        .bind(SlotState::Answered.as_str())
        .bind(text)
        .bind(ms(now))
        .bind(org.to_string())
        .bind(id.to_string())
        .bind(question.to_string())
        .bind(SlotState::Presented.as_str())
        .execute(&self.pool)
        .await?;
        self.changed_or_missing(org, id, done.rows_affected()).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id, %question))]
    async fn mark_missed(
        &self,
        org: OrgId,
        id: ApplicationId,
        question: QuestionId,
        _now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE answer_slots SET state = $1
             WHERE org_id = $2 AND application_id = $3 AND question_id = $4 AND state = $5",
        )
        .bind(SlotState::Missed.as_str())
        .bind(org.to_string())
        .bind(id.to_string())
        .bind(question.to_string())
        .bind(SlotState::Presented.as_str())
        .execute(&self.pool)
        .await?;
        self.changed_or_missing(org, id, done.rows_affected())
            .await?;
        Ok(())
    }
}

/// `effects` with every event that names no application naming `id`.
pub(super) fn with_application(effects: &Effects, id: ApplicationId) -> Effects {
    let mut effects = effects.clone();
    for e in &mut effects.events {
        e.application_id.get_or_insert(id);
    }
    effects
}
