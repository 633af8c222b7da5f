//! The organisation's settings: defaults for new jobs and who sees contacts.

use axum::extract::State;
use axum::Json;
use kaoguan_domain::DomainError;
use kaoguan_service::org;
use kaoguan_store::{OrgSettings, Organisation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dto::{PipelineInput, StageView};
use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgSettingsView {
    pub name: String,
    pub timezone: String,
    /// The pipeline new jobs start with; `null`: the built-in one.
    pub default_pipeline: Option<Vec<StageView>>,
    /// How many days new jobs' links last; `null`: the built-in default (14).
    pub invite_valid_days: Option<u32>,
    /// Whether department heads see candidates' phone numbers and e-mail addresses.
    pub dept_heads_see_contacts: bool,
}

impl From<&Organisation> for OrgSettingsView {
    fn from(o: &Organisation) -> Self {
        Self {
            name: o.name.clone(),
            timezone: o.timezone.clone(),
            default_pipeline: o.settings.pipeline.as_ref().map(|p| {
                p.stages()
                    .iter()
                    .map(|s| StageView {
                        key: s.key.to_string(),
                        name: s.name.clone(),
                    })
                    .collect()
            }),
            invite_valid_days: o.settings.invite_valid_days,
            dept_heads_see_contacts: o.settings.dept_heads_see_contacts,
        }
    }
}

/// Every setting at once; `null` restores a built-in default.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgSettingsInput {
    pub default_pipeline: Option<Vec<StageView>>,
    pub invite_valid_days: Option<u32>,
    pub dept_heads_see_contacts: bool,
}

impl OrgSettingsInput {
    fn parse(self) -> Result<OrgSettings, DomainError> {
        Ok(OrgSettings {
            pipeline: PipelineInput {
                stages: self.default_pipeline,
            }
            .parse()?,
            invite_valid_days: self.invite_valid_days,
            dept_heads_see_contacts: self.dept_heads_see_contacts,
        })
    }
}

/// The organisation's settings (HR and admins).
#[utoipa::path(get, path = "/api/v1/org/settings", tag = "users",
    responses((status = 200, body = OrgSettingsView), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn get_settings(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
) -> ApiResult<Json<OrgSettingsView>> {
    let o = org::settings(&state.services, &staff).await?;
    Ok(Json(OrgSettingsView::from(&o)))
}

/// Replaces the organisation's settings (admins). New jobs take the pipeline and link
/// validity from now on; existing jobs keep theirs.
#[utoipa::path(put, path = "/api/v1/org/settings", tag = "users",
    request_body = OrgSettingsInput,
    responses((status = 200, body = OrgSettingsView), (status = 422, body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn put_settings(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    JsonBody(body): JsonBody<OrgSettingsInput>,
) -> ApiResult<Json<OrgSettingsView>> {
    let who = staff.admin()?;
    let o = org::set_settings(&state.services, &who, body.parse()?).await?;
    Ok(Json(OrgSettingsView::from(&o)))
}
