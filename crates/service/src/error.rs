use kaoguan_domain::DomainError;
use kaoguan_store::StoreError;
use thiserror::Error;

/// What a use case can fail with. The web layer maps each variant to one HTTP status in
/// one place; the CLI prints the message.
#[derive(Debug, Error)]
pub enum ServiceError {
    /// Input that does not parse; names the field.
    #[error("{0}")]
    Invalid(#[from] DomainError),
    #[error("not found")]
    NotFound,
    #[error("not signed in")]
    Unauthorized,
    #[error("not allowed for your role")]
    Forbidden,
    /// The request conflicts with the current state; `code` is stable for clients.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ServiceError {
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ServiceError::NotFound,
            StoreError::Conflict(detail) => ServiceError::conflict("conflict", detail),
            StoreError::Other(e) => ServiceError::Internal(e),
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
