//! The kanban board of a job: a column per stage, a card per candidate. A card moves by
//! dragging it to another column, or — for the keyboard and without script — with its
//! own "move to" form; ticked cards move together with one bulk action. Every move is a
//! decision taken on the stage the card showed, so a stale board moves nobody twice.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::stage::{ON_HOLD, REJECTED, WITHDRAWN};
use kaoguan_domain::{ApplicationId, Decision, JobId, RejectReason, StageKey};
use kaoguan_service::{decisions, jobs, ServiceError};
use kaoguan_store::{ApplicationSummary, Job};
use serde::Deserialize;

use super::form::FormFields;
use super::{page_result, render, Chrome, StageNames};
use crate::extract::Console;
use crate::routes::api::parse_id;
use crate::state::AppState;

pub struct Column {
    pub key: String,
    pub name: String,
    /// Cards may be dropped here (ordered stages and 待定; 淘汰 needs a reason).
    pub droppable: bool,
    pub cards: Vec<ApplicationSummary>,
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    c: Chrome,
    job: Job,
    columns: Vec<Column>,
    /// Where a card can be moved with its own form: (key, name).
    targets: Vec<(String, String)>,
    reasons: Vec<&'static str>,
    moved: Option<usize>,
    failed: Option<usize>,
}

impl BoardPage {
    fn done_text(&self) -> Option<String> {
        let moved = self.moved?;
        let failed = self.failed.unwrap_or(0);
        Some(
            self.c
                .t("board.done")
                .replace("{moved}", &moved.to_string())
                .replace("{failed}", &failed.to_string()),
        )
    }
}

#[derive(Deserialize)]
pub struct BoardQuery {
    moved: Option<usize>,
    failed: Option<usize>,
}

pub async fn page(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Query(q): Query<BoardQuery>,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            let apps = kaoguan_service::applications::list_applications(
                &state.services,
                &console.staff,
                id,
            )
            .await?;
            let c = match Chrome::of(&state, &console).await {
                Ok(c) => c,
                Err(r) => return Ok(r),
            };
            let names = StageNames::of(&job, c.lang);
            let mut keys: Vec<(StageKey, bool)> = names
                .pipeline()
                .stages()
                .iter()
                .map(|s| (s.key.clone(), true))
                .collect();
            for (special, droppable) in [(ON_HOLD, true), (REJECTED, false), (WITHDRAWN, false)] {
                keys.push((StageKey::parse(special)?, droppable));
            }
            let columns: Vec<Column> = keys
                .iter()
                .map(|(key, droppable)| Column {
                    key: key.to_string(),
                    name: names.name(key),
                    droppable: *droppable,
                    cards: apps.iter().filter(|a| &a.stage == key).cloned().collect(),
                })
                // Closed columns only when someone is in them.
                .filter(|col| col.droppable || !col.cards.is_empty())
                .collect();
            let targets = columns
                .iter()
                .filter(|col| col.droppable)
                .map(|col| (col.key.clone(), col.name.clone()))
                .collect();
            Ok(render(&BoardPage {
                c,
                job,
                columns,
                targets,
                reasons: RejectReason::ALL.iter().map(|r| r.as_str()).collect(),
                moved: q.moved,
                failed: q.failed,
            }))
        }
        .await,
    )
}

/// The decision that takes a card to `to`: 待定 is a hold, anything else a move.
fn decision_to(to: &str) -> Result<Decision, kaoguan_domain::DomainError> {
    Ok(match to {
        ON_HOLD => Decision::Hold,
        other => Decision::MoveTo(StageKey::parse(other)?),
    })
}

/// One card to another column (a drop, or the card's own form).
pub async fn move_card(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    super::recruiter_post(&console, &id, pairs, |who, job: JobId, f| async move {
        let app: ApplicationId =
            parse_id(f.one("application")).map_err(|_| ServiceError::NotFound)?;
        let expected = StageKey::parse(f.one("expected_stage"))?;
        let decision = decision_to(f.one("to"))?;
        decisions::decide(&state.services, &who, app, decision, None, Some(&expected)).await?;
        Ok(Redirect::to(&format!("/jobs/{job}/board")).into_response())
    })
    .await
}

/// Ticked cards together: `card` values are `<application>:<stage shown>`; `action` is
/// `advance`, `hold`, `reject` (with `reason`) or `move:<stage>`. Each card is decided on
/// its own; those that moved meanwhile are counted as not moved.
pub async fn bulk(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    super::recruiter_post(
        &console,
        &id,
        pairs,
        |who, job: JobId, f: FormFields| async move {
            let decision = match f.one("action") {
                "advance" => Decision::Advance,
                "hold" => Decision::Hold,
                "reject" => Decision::Reject {
                    reason: f.one("reason").parse::<RejectReason>()?,
                },
                other => match other.strip_prefix("move:") {
                    Some(stage) => Decision::MoveTo(StageKey::parse(stage)?),
                    None => {
                        return Err(
                            kaoguan_domain::DomainError::new("action", "choose an action")
                                .zh("请选择要执行的操作。")
                                .en("Choose an action.")
                                .into(),
                        )
                    }
                },
            };
            let cards: Vec<(ApplicationId, StageKey)> = f
                .all("card")
                .into_iter()
                .filter_map(|v| {
                    let (app, stage) = v.split_once(':')?;
                    Some((app.parse().ok()?, StageKey::parse(stage).ok()?))
                })
                .collect();
            if cards.is_empty() {
                return Err(
                    kaoguan_domain::DomainError::new("card", "tick at least one card")
                        .zh("请先勾选候选人。")
                        .en("Tick at least one candidate first.")
                        .into(),
                );
            }
            let (mut moved, mut failed) = (0, 0);
            for (app, expected) in cards {
                match decisions::decide(
                    &state.services,
                    &who,
                    app,
                    decision.clone(),
                    None,
                    Some(&expected),
                )
                .await
                {
                    Ok(_) => moved += 1,
                    Err(ServiceError::Invalid(_) | ServiceError::Conflict { .. }) => failed += 1,
                    Err(e) => return Err(e),
                }
            }
            Ok(
                Redirect::to(&format!("/jobs/{job}/board?moved={moved}&failed={failed}"))
                    .into_response(),
            )
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    c: Chrome,
    job: Job,
    stages: StageNames,
    cmp: kaoguan_service::compare::Comparison,
}

impl ComparePage {
    fn stage_name(&self, key: &str) -> String {
        StageKey::parse(key)
            .map(|k| self.stages.name(&k))
            .unwrap_or_else(|_| key.to_string())
    }

    fn band_name(&self, band: &Option<String>) -> String {
        match band {
            Some(b) => self.c.t(&format!("band.{b}")).to_string(),
            None => "—".to_string(),
        }
    }

    fn score(&self, s: &Option<f64>) -> String {
        s.map(|s| format!("{s:.1}")).unwrap_or_else(|| "—".into())
    }

    /// Candidate `i`'s score of dimension `d`, and whether it is the row's best.
    /// (The template passes the loop's indices by reference.)
    fn cell(&self, d: &&usize, i: &usize) -> (String, bool) {
        let (d, i) = (**d, *i);
        let score = self.cmp.candidates[i].dimensions.get(d).copied().flatten();
        (self.score(&score), self.cmp.is_best(d, i))
    }
}

/// 2–4 ticked candidates side by side. The board's checkboxes send `card` as
/// `<application>:<stage>`; a link may send `app=<application>`.
pub async fn compare(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let ids: Vec<ApplicationId> = pairs
                .iter()
                .filter(|(k, _)| k == "card" || k == "app")
                .filter_map(|(_, v)| v.split(':').next()?.parse().ok())
                .collect();
            let cmp = kaoguan_service::compare::compare(&state.services, &console.staff, id, &ids)
                .await?;
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => render(&ComparePage {
                    stages: StageNames::of(&job, c.lang),
                    c,
                    job,
                    cmp,
                }),
                Err(r) => r,
            })
        }
        .await,
    )
}
