use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{Email, OrgId, Role, SecretDigest, UserId};
use sqlx::any::AnyRow;

use super::codec::{ms, stored, RowExt};
use super::SqlStore;
use crate::{NewUser, Session, StoreError, StoreResult, User, UserCredentials, UserStore};

/// The columns `user_from_row` reads, qualified and aliased so they can be joined with
/// sessions and tokens (SQLite leaves unaliased result column names unspecified).
const USER_COLUMNS: &str = "u.id AS id, u.org_id AS org_id, u.email AS email, \
    u.display_name AS display_name, u.role AS role, u.department AS department, \
    u.disabled_at AS disabled_at, u.created_at AS created_at";

fn user_from_row(row: &AnyRow) -> StoreResult<User> {
    Ok(User {
        id: row.parsed("id")?,
        org_id: row.parsed("org_id")?,
        email: row.parsed("email")?,
        display_name: row.text("display_name")?,
        role: row.parsed("role")?,
        department: row.opt_text("department")?,
        disabled_at: row.opt_time("disabled_at")?,
        created_at: row.time("created_at")?,
    })
}

/// Sign-in is case-insensitive on the whole address, while the address is shown as typed.
fn email_key(email: &Email) -> String {
    email.as_str().to_lowercase()
}

#[async_trait]
impl UserStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %user.org_id))]
    async fn create_user(&self, user: NewUser, now: DateTime<Utc>) -> StoreResult<User> {
        let id = UserId::new();
        sqlx::query(
            "INSERT INTO users (id, org_id, email, email_key, display_name, password_hash, role, department, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id.to_string())
        .bind(user.org_id.to_string())
        .bind(user.email.as_str())
        .bind(email_key(&user.email))
        .bind(&user.display_name)
        .bind(&user.password_hash)
        .bind(user.role.as_str())
        .bind(user.department.clone())
        .bind(ms(now))
        .execute(&self.pool)
        .await?;
        Ok(User {
            id,
            org_id: user.org_id,
            email: user.email,
            display_name: user.display_name,
            role: user.role,
            department: user.department,
            disabled_at: None,
            created_at: stored(now)?,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = %id))]
    async fn set_password_hash(&self, id: UserId, hash: &str) -> StoreResult<()> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn find_credentials(&self, email: &Email) -> StoreResult<Option<UserCredentials>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, u.password_hash AS password_hash FROM users u WHERE u.email_key = $1"
        ))
        .bind(email_key(email))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(UserCredentials {
                user: user_from_row(&row)?,
                password_hash: row.text("password_hash")?,
            })
        })
        .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn list_users(&self, org: OrgId) -> StoreResult<Vec<User>> {
        sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.org_id = $1 ORDER BY u.created_at, u.email_key"
        ))
        .bind(org.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(user_from_row)
        .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%user))]
    async fn create_session(
        &self,
        digest: &SecretDigest,
        user: UserId,
        csrf_token: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (digest, user_id, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(digest.as_str())
        .bind(user.to_string())
        .bind(csrf_token)
        .bind(ms(now))
        .bind(ms(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn get_session(
        &self,
        digest: &SecretDigest,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Session>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, s.csrf_token AS csrf_token, s.expires_at AS expires_at
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.digest = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL"
        ))
        .bind(digest.as_str())
        .bind(ms(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Session {
                user: user_from_row(&row)?,
                csrf_token: row.text("csrf_token")?,
                expires_at: row.time("expires_at")?,
            })
        })
        .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_session(&self, digest: &SecretDigest) -> StoreResult<()> {
        // Signing out twice is not an error: the session is gone either way.
        sqlx::query("DELETE FROM sessions WHERE digest = $1")
            .bind(digest.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%user))]
    async fn create_api_token(
        &self,
        digest: &SecretDigest,
        user: UserId,
        label: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO api_tokens (digest, user_id, label, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(digest.as_str())
        .bind(user.to_string())
        .bind(label)
        .bind(ms(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn find_api_token_user(&self, digest: &SecretDigest) -> StoreResult<Option<User>> {
        sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.digest = $1 AND u.disabled_at IS NULL"
        ))
        .bind(digest.as_str())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(user_from_row)
        .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, user = %id))]
    async fn update_user(
        &self,
        org: OrgId,
        id: UserId,
        role: Role,
        department: Option<&str>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE users SET role = $1, department = $2 WHERE org_id = $3 AND id = $4",
        )
        .bind(role.as_str())
        .bind(department.map(str::to_string))
        .bind(org.to_string())
        .bind(id.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, user = %id, disabled))]
    async fn set_user_disabled(
        &self,
        org: OrgId,
        id: UserId,
        disabled: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE users SET disabled_at = $1 WHERE org_id = $2 AND id = $3")
            .bind(disabled.then(|| ms(now)))
            .bind(org.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        if disabled {
            // Signed-in browsers are signed out at once, not when their session expires.
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
