//! JSON REST API under `/api/v1`.

pub mod applications;
pub mod assignments;
pub mod candidates;
pub mod comments;
pub mod dto;
pub mod events;
pub mod imports;
pub mod intake;
pub mod integrity;
pub mod interview;
pub mod jobs;
pub mod media;
pub mod openapi;
pub mod org;
pub mod ratings;
pub mod recordings;
pub mod rules;
pub mod scorecards;
pub mod users;

use std::str::FromStr;

use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::Router;
use kaoguan_domain::DomainError;

use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route("/api/v1/jobs", post(jobs::create_job).get(jobs::list_jobs))
        .route("/api/v1/events", get(events::list_events))
        .route("/api/v1/jobs/{id}", get(jobs::get_job))
        .route(
            "/api/v1/jobs/{id}/face-detection",
            put(jobs::set_face_detection),
        )
        .route(
            "/api/v1/jobs/{id}/band-thresholds",
            put(jobs::set_band_thresholds),
        )
        .route("/api/v1/jobs/{id}/pipeline", put(jobs::set_pipeline))
        .route("/api/v1/jobs/{id}/status", put(jobs::set_status))
        .route("/api/v1/jobs/{id}/copy", post(jobs::copy))
        .route("/api/v1/jobs/{id}/pipeline-rules", put(rules::set_rules))
        .route(
            "/api/v1/jobs/{id}/pipeline-rules/preview",
            post(rules::preview),
        )
        .route("/api/v1/applications/{id}/rules", get(rules::history))
        .route("/api/v1/reviews", get(rules::list_reviews))
        .route("/api/v1/staff/assignable", get(assignments::assignable))
        .route("/api/v1/applications", get(candidates::list))
        .route("/api/v1/jobs/{id}/compare", get(candidates::compare))
        .route("/api/v1/users", get(users::list).post(users::invite))
        .route(
            "/api/v1/applications/{id}/comments",
            get(comments::list).post(comments::add),
        )
        .route(
            "/api/v1/org/settings",
            get(org::get_settings).put(org::put_settings),
        )
        .route("/api/v1/users/{id}", put(users::update))
        .route("/api/v1/users/{id}/disable", post(users::disable))
        .route("/api/v1/users/{id}/enable", post(users::enable))
        .route(
            "/api/v1/users/{id}/reset-password",
            post(users::reset_password),
        )
        .route(
            "/api/v1/applications/{id}/scorecard",
            put(scorecards::submit),
        )
        .route(
            "/api/v1/applications/{id}/scorecards",
            get(scorecards::board),
        )
        .route(
            "/api/v1/jobs/{id}/assignments",
            get(assignments::list).post(assignments::assign),
        )
        .route("/api/v1/assignments/{id}", delete(assignments::unassign))
        .route("/api/v1/reviews/{id}", post(rules::decide_review))
        .route(
            "/api/v1/jobs/{id}/invite-validity",
            put(jobs::set_invite_validity),
        )
        .route("/api/v1/jobs/{id}/invitations", post(jobs::invite))
        .route(
            "/api/v1/jobs/{id}/applications",
            post(intake::create).layer(axum::extract::DefaultBodyLimit::max(
                intake::MAX_INTAKE_BYTES,
            )),
        )
        .route(
            "/api/v1/jobs/{id}/imports",
            post(imports::preview).layer(axum::extract::DefaultBodyLimit::max(
                imports::MAX_IMPORT_BYTES,
            )),
        )
        .route("/api/v1/imports/{id}", get(imports::get))
        .route("/api/v1/imports/{id}/commit", post(imports::commit))
        .route("/api/v1/jobs/{id}/screening", put(intake::set_settings))
        .route("/api/v1/jobs/{id}/screening/preview", post(intake::preview))
        .route("/api/v1/applications/{id}/resume", get(intake::get_resume))
        .route(
            "/api/v1/applications/{id}/resume/corrections",
            put(intake::correct),
        )
        .route(
            "/api/v1/applications/{id}/screening",
            post(intake::rescreen),
        )
        .route(
            "/api/v1/jobs/{id}/invitations/merge",
            post(jobs::merge_invitation),
        )
        .route(
            "/api/v1/jobs/{id}/applications",
            get(jobs::list_applications),
        )
        .route(
            "/api/v1/applications/{id}",
            get(applications::get_application),
        )
        .route(
            "/api/v1/applications/{id}/decision",
            post(applications::decide),
        )
        .route(
            "/api/v1/applications/{id}/stage",
            post(applications::move_stage),
        )
        .route(
            "/api/v1/applications/{id}/link",
            post(applications::renew_link).delete(applications::revoke_link),
        )
        .route(
            "/api/v1/applications/{id}/report",
            get(applications::get_report),
        )
        .route(
            "/api/v1/applications/{id}/ratings",
            post(ratings::rate).get(ratings::list_ratings),
        )
        .route(
            "/api/v1/applications/{id}/answers/{question_id}/recording",
            get(recordings::get_recording),
        )
        .route("/api/v1/applications/{id}/rescore", post(ratings::rescore))
        .route(
            "/api/v1/jobs/{id}/calibrations",
            post(ratings::calibrate).get(ratings::list_calibrations),
        )
        .route(
            "/api/v1/jobs/{id}/calibrations/{version}/publish",
            post(ratings::publish),
        )
        .route("/api/v1/interview/{token}", get(interview::get_state))
        .route(
            "/api/v1/interview/{token}/consent",
            post(interview::consent),
        )
        .route("/api/v1/interview/{token}/next", get(interview::next))
        .route("/api/v1/interview/{token}/answers", post(interview::answer))
        .route("/api/v1/interview/{token}/finish", post(interview::finish))
        .route(
            "/api/v1/interview/{token}/answers/{question_id}/uploads",
            post(media::create_upload),
        )
        .route(
            "/api/v1/interview/{token}/answers/{question_id}/integrity",
            post(integrity::report_counts),
        )
        .route(
            "/api/v1/interview/{token}/answers/{question_id}/media",
            post(media::post_recording),
        )
        .route(
            "/api/v1/interview/{token}/uploads/{upload_id}",
            put(media::put_chunk).get(media::get_upload),
        )
        .route(
            "/api/v1/interview/{token}/uploads/{upload_id}/complete",
            post(media::complete_upload),
        )
}

/// Unknown paths under `/api`: JSON, as every API answer.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

/// Ids in paths: a malformed id names no record, so it is a 404 like an unknown one.
pub fn parse_id<T: FromStr<Err = DomainError>>(raw: &str) -> Result<T, ApiError> {
    raw.parse::<T>()
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found"))
}
