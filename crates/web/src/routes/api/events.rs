//! The organisation's event log, for systems that follow what happens (an EHR polling,
//! later webhooks): each event was written in the transaction of the change it reports.

use axum::extract::{Query, State};
use axum::Json;
use kaoguan_service::events::{self, EventView};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct EventsQuery {
    /// Return events after this `seq` (0, the default, for the beginning).
    #[serde(default)]
    pub after: i64,
    /// At most this many (1–500, default 100).
    pub limit: Option<u32>,
}

/// Events after `after`, oldest first: `application.created`, `interview.completed`,
/// `report.ready`. Payloads carry ids and figures, never a candidate's name or contacts.
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(EventsQuery),
    responses((status = 200, body = [EventView]),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list_events(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Query(q): Query<EventsQuery>,
) -> ApiResult<Json<Vec<EventView>>> {
    let who = staff.recruiter()?;
    Ok(Json(
        events::list(&state.services, &who, q.after, q.limit.unwrap_or(100)).await?,
    ))
}
