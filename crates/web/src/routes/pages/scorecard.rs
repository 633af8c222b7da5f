//! The report page's scorecard and comment forms.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::ApplicationId;
use kaoguan_service::ServiceError;

use super::console_post;
use crate::extract::Console;
use crate::routes::api::parse_id;
use crate::state::AppState;

/// The viewer's scorecard from the report page's form: `level_<dimension>`,
/// `evidence_<dimension>`, `recommendation`, `summary`.
pub async fn submit(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let console = &console;
    console_post(console, pairs, |f| async move {
        let id: ApplicationId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
        let mut ratings = std::collections::BTreeMap::new();
        for (name, value) in f.pairs() {
            let Some(key) = name.strip_prefix("level_") else {
                continue;
            };
            let key: kaoguan_domain::CompetencyKey = key.parse()?;
            let level: u8 = value.trim().parse().map_err(|_| {
                kaoguan_domain::DomainError::new("level", "must be 1 to 5")
                    .zh("评分须为 1 到 5。")
                    .en("Ratings must be 1 to 5.")
            })?;
            let evidence = f.one(&format!("evidence_{key}")).to_string();
            ratings.insert(
                key,
                kaoguan_domain::scorecard::DimensionRating { level, evidence },
            );
        }
        let card = kaoguan_domain::scorecard::Scorecard {
            ratings,
            recommendation: kaoguan_domain::scorecard::Recommendation::parse(
                f.one("recommendation"),
            )?,
            summary: Some(f.one("summary").to_string()),
        };
        kaoguan_service::scorecards::submit(&state.services, &console.staff, id, card).await?;
        Ok(Redirect::to(&format!("/applications/{id}#scorecards")).into_response())
    })
    .await
}

/// A comment from the report page's form (`body`; `@name` mentions a colleague).
pub async fn comment(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let console = &console;
    console_post(console, pairs, |f| async move {
        let id: ApplicationId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
        kaoguan_service::comments::add(&state.services, &console.staff, id, f.one("body")).await?;
        Ok(Redirect::to(&format!("/applications/{id}#comments")).into_response())
    })
    .await
}
