//! 待办: work waiting for a person — for now, candidates who declined the AI interview and
//! need a human one arranged.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use kaoguan_store::HumanInterviewRequest;

use super::{page_result, render, Chrome};
use crate::extract::Console;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "todo.html")]
struct TodoPage {
    c: Chrome,
    requests: Vec<HumanInterviewRequest>,
    contacts_visible: bool,
    mentions: Vec<kaoguan_store::Mention>,
}

pub async fn page(State(state): State<AppState>, console: Console) -> Response {
    page_result(
        console.lang,
        async {
            let requests = kaoguan_service::applications::human_interview_requests(
                &state.services,
                &console.staff,
            )
            .await?;
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => render(&TodoPage {
                    c,
                    requests,
                    mentions: kaoguan_service::comments::mentioning_me(
                        &state.services,
                        &console.staff,
                    )
                    .await?,
                    contacts_visible: kaoguan_service::org::contacts_visible(
                        &state.services,
                        &console.staff,
                    )
                    .await?,
                }),
                Err(r) => r,
            })
        }
        .await,
    )
}
