use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{
    BandThresholds, CompetencyModel, JobDraft, JobId, OrgId, Pipeline, PipelineRule, QuestionDraft,
    QuestionId,
};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

use super::codec::{flag, from_json, ms, stored, to_json, RowExt};
use super::SqlStore;
use crate::{Job, JobStore, JobSummary, Question, StoreError, StoreResult};

type AnyQuery<'q> = Query<'q, Any, AnyArguments<'q>>;

const QUESTION_COLUMNS: &str = "id, job_id, position, kind, text, competencies, \
    think_seconds, answer_seconds, modes, rubric";

fn question_from_row(row: &AnyRow) -> StoreResult<Question> {
    let seconds = |col: &str| -> StoreResult<u32> {
        let value = row.int(col)?;
        u32::try_from(value)
            .map_err(|_| StoreError::Other(anyhow::anyhow!("stored {col} {value} is out of range")))
    };
    Ok(Question {
        id: row.parsed("id")?,
        job_id: row.parsed("job_id")?,
        position: row.int("position")?,
        kind: row.parsed("kind")?,
        text: row.text("text")?,
        competencies: row.json("competencies")?,
        think_seconds: seconds("think_seconds")?,
        answer_seconds: seconds("answer_seconds")?,
        modes: row.json("modes")?,
        rubric: row.json("rubric")?,
    })
}

fn question_from_draft(
    id: QuestionId,
    job: JobId,
    position: i64,
    draft: &QuestionDraft,
) -> Question {
    Question {
        id,
        job_id: job,
        position,
        kind: draft.kind,
        text: draft.text.clone(),
        competencies: draft.competencies.clone(),
        think_seconds: draft.think_seconds,
        answer_seconds: draft.answer_seconds,
        modes: draft.modes.clone(),
        rubric: draft.rubric.clone(),
    }
}

/// Binds a draft's fields as `$1`…`$7` in [`DRAFT_COLUMNS`] order; every statement that
/// writes a question starts with them so the numbering cannot drift between statements.
fn bind_draft<'q>(query: AnyQuery<'q>, draft: &QuestionDraft) -> StoreResult<AnyQuery<'q>> {
    Ok(query
        .bind(draft.kind.as_str())
        .bind(draft.text.clone())
        .bind(to_json(&draft.competencies)?)
        .bind(i64::from(draft.think_seconds))
        .bind(i64::from(draft.answer_seconds))
        .bind(to_json(&draft.modes)?)
        .bind(to_json(&draft.rubric)?))
}

const DRAFT_COLUMNS: &str =
    "kind, text, competencies, think_seconds, answer_seconds, modes, rubric";

async fn insert_question(
    conn: &mut AnyConnection,
    org: OrgId,
    question: &Question,
    draft: &QuestionDraft,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO questions ({DRAFT_COLUMNS}, id, org_id, job_id, position, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)"
    );
    bind_draft(sqlx::query(&sql), draft)?
        .bind(question.id.to_string())
        .bind(org.to_string())
        .bind(question.job_id.to_string())
        .bind(question.position)
        .bind(ms(now))
        .execute(conn)
        .await?;
    Ok(())
}

async fn insert_model(
    conn: &mut AnyConnection,
    org: OrgId,
    job: JobId,
    version: i64,
    model: &CompetencyModel,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO competency_models (org_id, job_id, version, competencies, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(org.to_string())
    .bind(job.to_string())
    .bind(version)
    .bind(to_json(&model.competencies)?)
    .bind(ms(now))
    .execute(conn)
    .await?;
    Ok(())
}

impl SqlStore {
    /// Sets one of a job's settings (`column`, a fixed name from this file, never input);
    /// `NotFound` for a job outside `org`.
    async fn set_job_column<T>(
        &self,
        org: OrgId,
        id: JobId,
        column: &'static str,
        value: T,
        now: DateTime<Utc>,
    ) -> StoreResult<()>
    where
        T: for<'q> sqlx::Encode<'q, Any> + sqlx::Type<Any> + Send,
    {
        let sql =
            format!("UPDATE jobs SET {column} = $1, updated_at = $2 WHERE org_id = $3 AND id = $4");
        let done = sqlx::query(&sql)
            .bind(value)
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
}

#[async_trait]
impl JobStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn create_job(
        &self,
        org: OrgId,
        draft: &JobDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<Job> {
        let id = JobId::new();
        let mut tx = self.pool.begin().await?;
        // Writing first takes SQLite's write lock at once: a transaction that reads and
        // then writes must upgrade its lock, which fails outright ("database is locked")
        // when another connection wrote in between. Touching the organisation is that
        // write.
        sqlx::query("UPDATE organisations SET name = name WHERE id = $1")
            .bind(org.to_string())
            .execute(&mut *tx)
            .await?;
        // A new job starts with the organisation's pipeline and link validity as they are
        // now; changing those later leaves existing jobs as they are.
        let defaults =
            sqlx::query("SELECT pipeline, invite_valid_days FROM organisations WHERE id = $1")
                .bind(org.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        let pipeline: Option<kaoguan_domain::Pipeline> = defaults.opt_json("pipeline")?;
        let invite_valid_days = defaults.opt_u32("invite_valid_days")?;
        sqlx::query(
            "INSERT INTO jobs (id, org_id, title, department, language, description, model_version, created_at, updated_at,
                               pipeline, invite_valid_days)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $8, $9)",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(draft.title.as_str())
        .bind(&draft.department)
        .bind(draft.language.as_str())
        .bind(&draft.description)
        .bind(ms(now))
        .bind(pipeline.as_ref().map(to_json).transpose()?)
        .bind(invite_valid_days.map(i64::from))
        .execute(&mut *tx)
        .await?;
        insert_model(&mut tx, org, id, 1, &draft.model, now).await?;
        let mut questions = Vec::with_capacity(draft.questions.len());
        for (position, q) in (0_i64..).zip(&draft.questions) {
            let question = question_from_draft(QuestionId::new(), id, position, q);
            insert_question(&mut tx, org, &question, q, now).await?;
            questions.push(question);
        }
        tx.commit().await?;
        Ok(Job {
            id,
            org_id: org,
            title: draft.title.as_str().to_string(),
            department: draft.department.clone(),
            language: draft.language,
            description: draft.description.clone(),
            model_version: 1,
            model: draft.model.clone(),
            questions,
            face_detection: false,
            band_thresholds: None,
            pipeline,
            invite_valid_days,
            pipeline_rules: Vec::new(),
            status: kaoguan_domain::JobStatus::Open,
            screening_rule: None,
            apply_open: false,
            created_at: stored(now)?,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, job = %id))]
    async fn get_job(&self, org: OrgId, id: JobId) -> StoreResult<Job> {
        let row = sqlx::query(
            "SELECT j.id AS id, j.org_id AS org_id, j.title AS title, j.department AS department,
                    j.language AS language, j.description AS description,
                    j.model_version AS model_version, j.created_at AS created_at,
                    j.face_detection AS face_detection, j.band_thresholds AS band_thresholds, j.pipeline AS pipeline,
                    j.invite_valid_days AS invite_valid_days, j.pipeline_rules AS pipeline_rules, j.status AS status,
                    j.screening_rule AS screening_rule, j.apply_open AS apply_open,
                    m.competencies AS competencies
             FROM jobs j
             JOIN competency_models m
               ON m.org_id = j.org_id AND m.job_id = j.id AND m.version = j.model_version
             WHERE j.org_id = $1 AND j.id = $2",
        )
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let questions = sqlx::query(&format!(
            "SELECT {QUESTION_COLUMNS} FROM questions
             WHERE org_id = $1 AND job_id = $2 AND archived_at IS NULL
             ORDER BY position, created_at"
        ))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(question_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(Job {
            id: row.parsed("id")?,
            org_id: row.parsed("org_id")?,
            title: row.text("title")?,
            department: row.text("department")?,
            language: row.parsed("language")?,
            description: row.text("description")?,
            model_version: row.int("model_version")?,
            model: CompetencyModel {
                competencies: row.json("competencies")?,
            },
            questions,
            face_detection: row.int("face_detection")? != 0,
            band_thresholds: row
                .opt_text("band_thresholds")?
                .map(|t| from_json(&t))
                .transpose()?,
            pipeline: row.opt_json("pipeline")?,
            invite_valid_days: row.opt_u32("invite_valid_days")?,
            pipeline_rules: row
                .opt_text("pipeline_rules")?
                .map(|t| from_json(&t))
                .transpose()?
                .unwrap_or_default(),
            status: row.parsed("status")?,
            screening_rule: row.opt_text("screening_rule")?,
            apply_open: row.int("apply_open")? != 0,
            created_at: row.time("created_at")?,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn list_jobs(&self, org: OrgId) -> StoreResult<Vec<JobSummary>> {
        let rows = sqlx::query(
            "SELECT j.id AS id, j.title AS title, j.department AS department,
                    j.language AS language, j.created_at AS created_at, j.status AS status,
                    (SELECT COUNT(*) FROM questions q
                      WHERE q.org_id = j.org_id AND q.job_id = j.id AND q.archived_at IS NULL)
                      AS question_count,
                    (SELECT COUNT(*) FROM applications a
                      WHERE a.org_id = j.org_id AND a.job_id = j.id) AS application_count
             FROM jobs j
             WHERE j.org_id = $1
             ORDER BY j.created_at DESC, j.id",
        )
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(JobSummary {
                    id: row.parsed("id")?,
                    title: row.text("title")?,
                    department: row.text("department")?,
                    language: row.parsed("language")?,
                    question_count: row.int("question_count")?,
                    application_count: row.int("application_count")?,
                    status: row.parsed("status")?,
                    created_at: row.time("created_at")?,
                })
            })
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, job = %id))]
    async fn update_job_details(
        &self,
        org: OrgId,
        id: JobId,
        title: &str,
        department: &str,
        description: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE jobs SET title = $1, department = $2, description = $3, updated_at = $4
             WHERE org_id = $5 AND id = $6",
        )
        .bind(title)
        .bind(department)
        .bind(description)
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

    #[tracing::instrument(level = "debug", skip_all, fields(%org, job = %id))]
    async fn set_face_detection(
        &self,
        org: OrgId,
        id: JobId,
        enabled: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.set_job_column(org, id, "face_detection", flag(enabled), now)
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, job = %id))]
    async fn set_invite_validity(
        &self,
        org: OrgId,
        id: JobId,
        days: Option<u32>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.set_job_column(org, id, "invite_valid_days", days.map(i64::from), now)
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, job = %id))]
    async fn set_pipeline(
        &self,
        org: OrgId,
        id: JobId,
        pipeline: Option<&Pipeline>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.set_job_column(org, id, "pipeline", pipeline.map(to_json).transpose()?, now)
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, job = %id))]
    async fn set_job_status(
        &self,
        org: OrgId,
        id: JobId,
        status: kaoguan_domain::JobStatus,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.set_job_column(org, id, "status", status.as_str().to_string(), now)
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, job = %id))]
    async fn set_pipeline_rules(
        &self,
        org: OrgId,
        id: JobId,
        rules: &[PipelineRule],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let stored = (!rules.is_empty()).then(|| to_json(rules)).transpose()?;
        self.set_job_column(org, id, "pipeline_rules", stored, now)
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, job = %id))]
    async fn set_band_thresholds(
        &self,
        org: OrgId,
        id: JobId,
        thresholds: Option<BandThresholds>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        // The thresholds and the bands they give the job's reports change together.
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE jobs SET band_thresholds = $1, updated_at = $2 WHERE org_id = $3 AND id = $4",
        )
        .bind(thresholds.map(|t| to_json(&t)).transpose()?)
        .bind(ms(now))
        .bind(org.to_string())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        super::reports::reband_job(&mut tx, org, id, &thresholds.unwrap_or_default()).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn save_competency_model(
        &self,
        org: OrgId,
        job: JobId,
        model: &CompetencyModel,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let mut tx = self.pool.begin().await?;
        // Bumping the job first takes its row lock (PostgreSQL) or the write lock (SQLite)
        // before anything is read, so two concurrent saves get distinct versions.
        let version: i64 = sqlx::query(
            "UPDATE jobs SET model_version = model_version + 1, updated_at = $1
             WHERE org_id = $2 AND id = $3
             RETURNING model_version",
        )
        .bind(ms(now))
        .bind(org.to_string())
        .bind(job.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?
        .int("model_version")?;
        insert_model(&mut tx, org, job, version, model, now).await?;
        tx.commit().await?;
        Ok(version)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn add_question(
        &self,
        org: OrgId,
        job: JobId,
        draft: &QuestionDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<Question> {
        let id = QuestionId::new();
        // Selecting from `jobs` makes the insert itself the org check: no row, no question.
        // Archived questions count towards the position so positions stay unique.
        let sql = format!(
            "INSERT INTO questions ({DRAFT_COLUMNS}, id, org_id, job_id, position, created_at, updated_at)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, j.org_id, j.id,
                    (SELECT COALESCE(MAX(q.position), -1) + 1 FROM questions q WHERE q.job_id = j.id),
                    $9, $9
             FROM jobs j
             WHERE j.org_id = $10 AND j.id = $11
             RETURNING position"
        );
        let position = bind_draft(sqlx::query(&sql), draft)?
            .bind(id.to_string())
            .bind(ms(now))
            .bind(org.to_string())
            .bind(job.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?
            .int("position")?;
        Ok(question_from_draft(id, job, position, draft))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job, question = %id))]
    async fn update_question(
        &self,
        org: OrgId,
        job: JobId,
        id: QuestionId,
        draft: &QuestionDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<Question> {
        let sql = format!(
            "UPDATE questions
             SET kind = $1, text = $2, competencies = $3, think_seconds = $4,
                 answer_seconds = $5, modes = $6, rubric = $7, updated_at = $8
             WHERE org_id = $9 AND job_id = $10 AND id = $11
             RETURNING {QUESTION_COLUMNS}"
        );
        let row = bind_draft(sqlx::query(&sql), draft)?
            .bind(ms(now))
            .bind(org.to_string())
            .bind(job.to_string())
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        question_from_row(&row)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job, question = %id))]
    async fn archive_question(
        &self,
        org: OrgId,
        job: JobId,
        id: QuestionId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        // Archiving twice keeps the first time, so "archived since" stays truthful.
        let done = sqlx::query(
            "UPDATE questions SET archived_at = COALESCE(archived_at, $1), updated_at = $1
             WHERE org_id = $2 AND job_id = $3 AND id = $4",
        )
        .bind(ms(now))
        .bind(org.to_string())
        .bind(job.to_string())
        .bind(id.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, question = %id))]
    async fn get_question(&self, org: OrgId, id: QuestionId) -> StoreResult<Question> {
        let row = sqlx::query(&format!(
            "SELECT {QUESTION_COLUMNS} FROM questions WHERE org_id = $1 AND id = $2"
        ))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        question_from_row(&row)
    }
}
