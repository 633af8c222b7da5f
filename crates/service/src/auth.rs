//! Staff accounts, passwords, console sessions and API tokens.
//!
//! Passwords are hashed with Argon2id on the blocking pool: a hash takes tens of
//! milliseconds of CPU and must not stall the async workers. Session and API secrets are
//! random 256-bit values of which only the SHA-256 digest is stored.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::Duration;
use kaoguan_domain::{ApiToken, DomainError, Email, InterviewToken, OrgId, Role, SecretDigest};
use kaoguan_store::{NewUser, Organisation, User};

use crate::{ServiceError, ServiceResult, Services, Staff};

pub const MIN_PASSWORD_CHARS: usize = 10;

/// Checks a new password against the policy.
pub fn check_password_policy(password: &str) -> Result<(), DomainError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(DomainError::new(
            "password",
            format!("must be at least {MIN_PASSWORD_CHARS} characters"),
        )
        .zh(format!("密码至少需要 {MIN_PASSWORD_CHARS} 个字符。"))
        .en(format!(
            "The password must be at least {MIN_PASSWORD_CHARS} characters."
        )));
    }
    if n > 256 {
        return Err(
            DomainError::new("password", "must be at most 256 characters")
                .zh("密码最多 256 个字符。")
                .en("The password must be at most 256 characters."),
        );
    }
    Ok(())
}

pub async fn hash_password(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
    })
    .await
    .map_err(anyhow::Error::from)?
    .map_err(ServiceError::from)
}

async fn verify_password(hash: String, password: String) -> ServiceResult<bool> {
    let ok = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(anyhow::Error::from)?;
    Ok(ok)
}

pub fn parse_timezone(tz: &str) -> Result<chrono_tz::Tz, DomainError> {
    tz.parse::<chrono_tz::Tz>().map_err(|_| {
        DomainError::new("timezone", format!("{tz:?} is not an IANA time zone"))
            .zh(format!(
                "“{}”不是有效的 IANA 时区名（例如 Asia/Shanghai）。",
                tz.escape_debug()
            ))
            .en(format!(
                "{tz:?} is not an IANA time zone (for example Asia/Shanghai)."
            ))
    })
}

/// Creates an organisation, or returns the existing one of that name.
pub async fn ensure_org(
    services: &Services,
    name: &str,
    timezone: &str,
) -> ServiceResult<Organisation> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(
            DomainError::new("organisation", "name must be 1 to 200 characters")
                .zh("组织名称须为 1 到 200 个字符。")
                .en("The organisation name must be 1 to 200 characters.")
                .into(),
        );
    }
    parse_timezone(timezone)?;
    if let Some(org) = services.store.find_org_by_name(name).await? {
        return Ok(org);
    }
    Ok(services
        .store
        .create_org(name, timezone, services.clock.now())
        .await?)
}

pub struct NewStaff {
    pub org: OrgId,
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub department: Option<String>,
    pub password: String,
}

pub async fn create_user(services: &Services, new: NewStaff) -> ServiceResult<User> {
    check_password_policy(&new.password)?;
    let password_hash = hash_password(new.password).await?;
    let display_name = match new.display_name.trim() {
        "" => new
            .email
            .as_str()
            .split('@')
            .next()
            .unwrap_or("")
            .to_string(),
        name => name.to_string(),
    };
    let user = services
        .store
        .create_user(
            NewUser {
                org_id: new.org,
                email: new.email,
                display_name,
                password_hash,
                role: new.role,
                department: new.department.filter(|d| !d.trim().is_empty()),
            },
            services.clock.now(),
        )
        .await
        .map_err(|e| match ServiceError::from(e) {
            ServiceError::Conflict { .. } => {
                ServiceError::conflict("email_taken", "a user with this email already exists")
            }
            other => other,
        })?;
    Ok(user)
}

/// Replaces a user's password (the demo resets its printed logins this way).
pub async fn set_password(
    services: &Services,
    email: &Email,
    password: String,
) -> ServiceResult<()> {
    check_password_policy(&password)?;
    let creds = services
        .store
        .find_credentials(email)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let hash = hash_password(password).await?;
    services
        .store
        .set_password_hash(creds.user.id, &hash)
        .await?;
    Ok(())
}

/// A fresh console session: the cookie secret and the CSRF token forms must echo.
pub struct SignedIn {
    pub session_secret: String,
    pub csrf_token: String,
    pub staff: Staff,
}

/// A placeholder hash verified when the email is unknown, so that a wrong email and a
/// wrong password take the same time and do not reveal which accounts exist.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$PH1m+4bK9AFM1qVmpnZhWy3bCdt5HnD2mvJXyEsEqPo";

pub async fn sign_in(services: &Services, email: &str, password: &str) -> ServiceResult<SignedIn> {
    let creds = match email.parse::<Email>() {
        Ok(email) => services.store.find_credentials(&email).await?,
        Err(_) => None,
    };
    let hash = creds
        .as_ref()
        .map(|c| c.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_string());
    let ok = verify_password(hash, password.to_string()).await?;
    // A disabled account is refused like a wrong password, after the same work.
    let creds = match creds {
        Some(c) if ok && c.user.disabled_at.is_none() => c,
        _ => return Err(ServiceError::Unauthorized),
    };
    // Session secrets share the token format: 256 random bits, URL-safe.
    let secret = InterviewToken::generate().expose().to_string();
    let csrf = InterviewToken::generate().expose().to_string();
    let now = services.clock.now();
    let expires = now + Duration::hours(i64::from(services.settings.session_hours));
    services
        .store
        .create_session(
            &SecretDigest::of(&secret),
            creds.user.id,
            &csrf,
            now,
            expires,
        )
        .await?;
    Ok(SignedIn {
        session_secret: secret,
        csrf_token: csrf,
        staff: Staff { user: creds.user },
    })
}

/// The staff member and CSRF token behind a session cookie, if it is valid.
pub async fn session_staff(
    services: &Services,
    secret: &str,
) -> ServiceResult<Option<(Staff, String)>> {
    let session = services
        .store
        .get_session(&SecretDigest::of(secret), services.clock.now())
        .await?;
    Ok(session.map(|s| (Staff { user: s.user }, s.csrf_token)))
}

pub async fn sign_out(services: &Services, secret: &str) -> ServiceResult<()> {
    services
        .store
        .delete_session(&SecretDigest::of(secret))
        .await?;
    Ok(())
}

/// Issues a bearer token for the API; the secret is shown once and stored as a digest.
pub async fn issue_api_token(
    services: &Services,
    email: &Email,
    label: &str,
) -> ServiceResult<ApiToken> {
    let creds = services
        .store
        .find_credentials(email)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let token = ApiToken::generate();
    services
        .store
        .create_api_token(&token.digest(), creds.user.id, label, services.clock.now())
        .await?;
    Ok(token)
}

pub async fn api_token_staff(services: &Services, secret: &str) -> ServiceResult<Option<Staff>> {
    let Ok(token) = secret.parse::<ApiToken>() else {
        return Ok(None);
    };
    let user = services.store.find_api_token_user(&token.digest()).await?;
    Ok(user.map(|user| Staff { user }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_dummy_hash_parses() {
        let h = hash_password("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(h.clone(), "correct horse battery".into())
            .await
            .unwrap());
        assert!(!verify_password(h, "wrong".into()).await.unwrap());
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn password_policy() {
        assert!(check_password_policy("short").is_err());
        assert!(check_password_policy("long enough pw").is_ok());
    }
}
