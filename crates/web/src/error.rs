//! The one mapping from service errors to HTTP: JSON problem bodies under `/api`, HTML
//! error pages elsewhere. Internal details go to the log, never to the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaoguan_service::ServiceError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemBody {
    pub error: Problem,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Stable machine-readable code, e.g. `invalid_input`, `deadline_passed`.
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
    /// The offending input field, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// An error on a JSON API route.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub problem: Problem,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            problem: Problem {
                code: code.into(),
                message: message.into(),
                field: None,
            },
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.problem.field = Some(field.into());
        self
    }
}

/// Status, code, message and field for a service error; shared by both renderings.
pub fn classify(e: &ServiceError) -> (StatusCode, &'static str, String, Option<String>) {
    match e {
        ServiceError::Invalid(d) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            d.to_string(),
            Some(d.field.clone()),
        ),
        ServiceError::NotFound => (StatusCode::NOT_FOUND, "not_found", "not found".into(), None),
        ServiceError::Unauthorized => (
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or invalid credentials".into(),
            None,
        ),
        ServiceError::Forbidden => (
            StatusCode::FORBIDDEN,
            "forbidden",
            "not allowed for your role".into(),
            None,
        ),
        ServiceError::Conflict { code, message } => {
            (StatusCode::CONFLICT, code, message.clone(), None)
        }
        ServiceError::Internal(err) => {
            tracing::error!(error = %format!("{err:#}"), "internal error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error; it has been logged".into(),
                None,
            )
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        let (status, code, message, field) = classify(&e);
        Self {
            status,
            problem: Problem {
                code: code.into(),
                message,
                field,
            },
        }
    }
}

impl From<kaoguan_domain::DomainError> for ApiError {
    fn from(e: kaoguan_domain::DomainError) -> Self {
        ServiceError::Invalid(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ProblemBody {
                error: self.problem,
            }),
        )
            .into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
