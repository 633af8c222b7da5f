//! Comments and the mentions they notify.

use async_trait::async_trait;
use kaoguan_domain::{ApplicationId, OrgId, UserId};
use sqlx::any::AnyRow;

use super::codec::{from_json, ms, to_json, RowExt};
use super::SqlStore;
use crate::{Comment, CommentStore, Effects, Mention, NewMessage, StoreError, StoreResult};

const COLUMNS: &str = "c.id AS id, c.application_id AS application_id, c.author_id AS author_id,
     u.display_name AS author_name, c.body AS body, c.mentions AS mentions,
     c.created_at AS created_at";

fn comment_from_row(row: &AnyRow) -> StoreResult<Comment> {
    let mentions: Vec<String> = from_json(&row.text("mentions")?)?;
    Ok(Comment {
        id: row.text("id")?,
        application_id: row.parsed("application_id")?,
        author_id: row.parsed("author_id")?,
        author_name: row.text("author_name")?,
        body: row.text("body")?,
        mentions: mentions
            .iter()
            .map(|m| m.parse())
            .collect::<Result<_, _>>()?,
        created_at: row.time("created_at")?,
    })
}

#[async_trait]
impl CommentStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %comment.application_id))]
    async fn add_comment(
        &self,
        org: OrgId,
        comment: &Comment,
        messages: &[NewMessage],
        effects: &Effects,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let mentions: Vec<String> = comment.mentions.iter().map(|u| u.to_string()).collect();
        // Selecting the application is the org check: another org's inserts nothing.
        let done = sqlx::query(
            "INSERT INTO comments (id, org_id, application_id, author_id, body, mentions, created_at)
             SELECT $1, a.org_id, a.id, $2, $3, $4, $5
             FROM applications a WHERE a.org_id = $6 AND a.id = $7",
        )
        .bind(&comment.id)
        .bind(comment.author_id.to_string())
        .bind(&comment.body)
        .bind(to_json(&mentions)?)
        .bind(ms(comment.created_at))
        .bind(org.to_string())
        .bind(comment.application_id.to_string())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        super::rules::insert_messages(
            &mut tx,
            org,
            comment.application_id,
            messages,
            comment.created_at,
        )
        .await?;
        super::events::write_effects(&mut tx, org, effects, comment.created_at).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn list_comments(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<Comment>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM comments c
             JOIN users u ON u.id = c.author_id AND u.org_id = c.org_id
             WHERE c.org_id = $1 AND c.application_id = $2 ORDER BY c.created_at, c.id"
        ))
        .bind(org.to_string())
        .bind(application.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(comment_from_row).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %user))]
    async fn mentions_of(&self, org: OrgId, user: UserId, limit: u32) -> StoreResult<Vec<Mention>> {
        // Mentions are a short JSON array of ids; a LIKE on the quoted id finds them
        // without a table of its own (ids are UUIDs: no LIKE wildcards in them).
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS}, cand.name AS candidate_name, j.title AS job_title,
                    j.id AS job_id, j.department AS department
             FROM comments c
             JOIN users u ON u.id = c.author_id AND u.org_id = c.org_id
             JOIN applications a ON a.id = c.application_id AND a.org_id = c.org_id
             JOIN candidates cand ON cand.id = a.candidate_id AND cand.org_id = a.org_id
             JOIN jobs j ON j.id = a.job_id AND j.org_id = a.org_id
             WHERE c.org_id = $1 AND c.mentions LIKE $2
             ORDER BY c.created_at DESC, c.id LIMIT $3"
        ))
        .bind(org.to_string())
        .bind(format!("%\"{user}\"%"))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Mention {
                    comment: comment_from_row(row)?,
                    candidate_name: row.text("candidate_name")?,
                    job_title: row.text("job_title")?,
                    job_id: row.parsed("job_id")?,
                    department: row.text("department")?,
                })
            })
            .collect()
    }
}
