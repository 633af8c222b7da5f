//! The hiring team's side in Chromium, at the suite's phone size: HR drags a card across the board,
//! confirms a rejection a rule proposed, and fills in a scorecard. Every wait is on what
//! the page or the server shows, never on a clock.

use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use reqwest::Method;
use serde_json::json;

use crate::browser::{self, wait_until};
use crate::common::{spawn_app, TestApp, STRONG_ANSWER, WEAK_ANSWER};

const STEP: Duration = Duration::from_secs(15);

async fn interviewed(app: &TestApp, job_id: &str, name: &str, answer: &str) -> String {
    let (id, token) = app.invite(job_id, name).await;
    app.start_interview(&token).await;
    app.answer_next(&token, answer).await;
    app.answer_next(&token, answer).await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    id
}

async fn stage_is(app: &TestApp, id: &str, stage: &str) -> Result<(), String> {
    let now = app.get(&format!("/api/v1/applications/{id}")).await.body["stage"].clone();
    if now == stage {
        Ok(())
    } else {
        Err(format!("stage {now}"))
    }
}

async fn scenario(app: &TestApp, c: &Client) -> Result<(), CmdError> {
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap().to_string();
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/jobs/{job_id}/pipeline-rules"),
            Some(json!({"rules": [
                {"on": "report_ready", "if": "report.total < 30", "do": "propose_reject"}
            ]})),
            None,
        )
        .await;
    assert_eq!(r.status, reqwest::StatusCode::OK, "{}", r.body);
    let weak = interviewed(app, &job_id, "Weak Browser", WEAK_ANSWER).await;
    let strong = interviewed(app, &job_id, "Strong Browser", STRONG_ANSWER).await;
    // The waits below re-run their checks: they borrow these.
    let (weak, strong) = (weak.as_str(), strong.as_str());
    app.drain_tasks().await;

    crate::sign_in(app, c).await?;

    // 1. Drag the strong candidate's card from AI interview to the second round, with a
    //    finger: the browser emulates a phone, where the board scrolls sideways.
    c.goto(&app.url(&format!("/jobs/{job_id}/board"))).await?;
    let points = c
        .execute(
            r#"
            const [app] = arguments;
            const card = document.querySelector(`.board-card[data-app='${app}'] .board-card-status`);
            const from = card.closest('.board-col');
            const to = document.querySelector(".board-col[data-stage='second_round']");
            const board = document.querySelector('.board');
            board.scrollLeft = from.offsetLeft - board.offsetLeft - 8;
            card.scrollIntoView({block: 'center', inline: 'nearest'});
            const a = card.getBoundingClientRect(), b = to.getBoundingClientRect();
            return [Math.round(a.left + a.width / 2), Math.round(a.top + a.height / 2),
                    Math.round(Math.min(b.left + 40, window.innerWidth - 8)), Math.round(b.top + 30)];
            "#,
            vec![json!(strong)],
        )
        .await?;
    let p: Vec<i64> = serde_json::from_value(points).expect("four coordinates");
    let drag = MouseActions::new("finger".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: p[0],
            y: p[1],
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(100)),
            x: p[0] + 12,
            y: p[1] + 4,
        })
        .then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(200)),
            x: p[2],
            y: p[3],
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    c.perform_actions(drag).await?;
    wait_until("the card in the second-round column", STEP, || async move {
        let found = c
            .find_all(Locator::Css(&format!(
                ".board-col[data-stage='second_round'] .board-card[data-app='{strong}']"
            )))
            .await?;
        Ok(if found.is_empty() {
            Err("not yet".to_string())
        } else {
            Ok(())
        })
    })
    .await;
    wait_until("the move on the server", STEP, || async move {
        Ok(stage_is(app, strong, "second_round").await)
    })
    .await;

    // 2. Confirm the rejection the rule proposed for the weak candidate.
    c.goto(&app.url("/reviews")).await?;
    let review = c
        .find(Locator::Css(".review[data-review] textarea[name='reason']"))
        .await?;
    review.send_keys("两道题都没有具体做法").await?;
    c.find(Locator::Css(".review button[value='confirm']"))
        .await?
        .click()
        .await?;
    wait_until("the rejection on the server", STEP, || async move {
        Ok(stage_is(app, weak, "rejected").await)
    })
    .await;

    // 3. Fill in a scorecard for the strong candidate on the report page.
    c.goto(&app.url(&format!("/applications/{strong}"))).await?;
    c.find(Locator::Css("details.card-form summary"))
        .await?
        .click()
        .await?;
    for (key, level) in [("service", 4), ("problem_solving", 3)] {
        c.find(Locator::Css(&format!(
            "input[name='level_{key}'][value='{level}']"
        )))
        .await?
        .click()
        .await?;
        c.find(Locator::Css(&format!("textarea[name='evidence_{key}']")))
            .await?
            .send_keys("先致歉，再给出补发方案")
            .await?;
    }
    c.find(Locator::Css("input[name='recommendation'][value='hire']"))
        .await?
        .click()
        .await?;
    c.find(Locator::Css("details.card-form button[type='submit']"))
        .await?
        .click()
        .await?;
    wait_until("the scorecard beside the AI", STEP, || async move {
        let found = c
            .find_all(Locator::Css(".scorecard-board tbody tr"))
            .await?;
        Ok(if found.len() >= 2 {
            Ok(())
        } else {
            Err(format!("{} rows", found.len()))
        })
    })
    .await;
    let board = app
        .get(&format!("/api/v1/applications/{strong}/scorecards"))
        .await
        .body;
    assert_eq!(board["cards"].as_array().unwrap().len(), 1, "{board}");
    assert_eq!(board["cards"][0]["recommendation"], "hire");
    Ok(())
}

#[tokio::test]
async fn hr_drags_a_card_confirms_a_proposal_and_fills_a_scorecard() {
    if browser::skip_requested() {
        return;
    }
    let (browser, app) = tokio::join!(browser::launch(), spawn_app());
    let client = browser.client.clone();
    let outcome = tokio::spawn(async move { scenario(&app, &client).await }).await;
    browser.close().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("WebDriver command failed: {e}"),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("the scenario did not finish: {e}"),
    }
}
