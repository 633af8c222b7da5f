//! Integrity signals from a real browser: the candidate pastes into the answer box and
//! switches to another tab during question 1, and HR finds the counts in the report.
//!
//! Both actions are real browser actions, not synthetic DOM events: the paste is the
//! editor's own copy and paste commands sent through the DevTools protocol
//! (`Input.dispatchKeyEvent` with `commands`), which fire a trusted `paste` event with
//! real clipboard contents; the switch opens a second tab in front of the portal
//! (`Target.createTarget`) and brings the portal back (`Target.activateTarget`), so
//! Chromium itself hides and shows the page.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser::{self, cdp, wait_until, Screenshots};
use crate::common::{sample_job, spawn_app, TestApp};
use crate::{
    answer, sign_in, start_answering, wait_for_page, wait_for_question, Progress, PRACTICE_ANSWER,
    STAR_ANSWER, STEP,
};

/// What is typed, copied and pasted back in question 1.
const COPIED: &str = "Order 12345 arrived broken.";

/// A key press that carries an editing command, as a keyboard shortcut would.
async fn editing_command(c: &Client, driver_url: &str, key: &str, command: &str) {
    for kind in ["rawKeyDown", "keyUp"] {
        let mut params = json!({"type": kind, "key": key, "modifiers": 2});
        if kind == "rawKeyDown" {
            params["commands"] = json!([command]);
        }
        cdp(c, driver_url, "Input.dispatchKeyEvent", params).await;
    }
}

async fn visibility(c: &Client) -> Result<String, CmdError> {
    Ok(c.execute("return document.visibilityState;", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

async fn integrity_scenario(
    app: &TestApp,
    c: &Client,
    driver_url: &str,
    shots: &Screenshots,
    progress: &Progress,
) -> Result<(), CmdError> {
    let t0 = Instant::now();
    let lap = |what: &'static str| {
        println!("{:>6} ms  {what}", t0.elapsed().as_millis());
        *progress.lock().unwrap() = what;
    };
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let (application_id, token) = app.invite(job_id, "Zhao Lei").await;
    let q1 = sample_job()["questions"][0]["text"]
        .as_str()
        .unwrap()
        .to_string();

    c.goto(&app.url(&format!("/i/{token}"))).await?;
    wait_for_page(c, "notice-page").await;
    c.find(Locator::Id("consent-accept")).await?.click().await?;
    let practice = answer(c, shots, "i1-practice", "", PRACTICE_ANSWER).await?;
    assert!(practice.practice, "{practice:?}");
    lap("practice answered");

    wait_for_question(c, "question 1", &q1).await;
    start_answering(c).await?;
    let field = c
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css("#answer-area:not([hidden]) #answer-text"))
        .await?;
    field.click().await?;
    field.send_keys(COPIED).await?;

    // Copy what was typed, move to the end, paste it: one paste of COPIED's characters.
    editing_command(c, driver_url, "a", "selectAll").await;
    editing_command(c, driver_url, "c", "copy").await;
    cdp(
        c,
        driver_url,
        "Input.dispatchKeyEvent",
        json!({"type": "rawKeyDown", "key": "End", "commands": ["moveToEndOfDocument"]}),
    )
    .await;
    editing_command(c, driver_url, "v", "paste").await;
    let value = field.prop("value").await?.unwrap_or_default();
    assert_eq!(
        value,
        format!("{COPIED}{COPIED}"),
        "the browser pasted the copied text"
    );
    lap("pasted");

    // Another tab in front of the portal for a while, then back.
    let me = cdp(c, driver_url, "Target.getTargetInfo", json!({})).await["targetInfo"]["targetId"]
        .as_str()
        .expect("this tab's target id")
        .to_string();
    let other = cdp(
        c,
        driver_url,
        "Target.createTarget",
        json!({"url": "about:blank"}),
    )
    .await["targetId"]
        .as_str()
        .expect("the new tab's target id")
        .to_string();
    wait_until(
        "the portal hidden behind the new tab",
        STEP,
        || async move {
            let v = visibility(c).await?;
            Ok(if v == "hidden" { Ok(()) } else { Err(v) })
        },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    cdp(
        c,
        driver_url,
        "Target.activateTarget",
        json!({"targetId": me}),
    )
    .await;
    cdp(
        c,
        driver_url,
        "Target.closeTarget",
        json!({"targetId": other}),
    )
    .await;
    wait_until("the portal visible again", STEP, || async move {
        let v = visibility(c).await?;
        Ok(if v == "visible" { Ok(()) } else { Err(v) })
    })
    .await;
    lap("switched away and back");

    field.send_keys(" Replacement sent by courier.").await?;
    shots.take(c, "i2-question-1").await?;
    c.find(Locator::Id("answer-submit")).await?.click().await?;
    let second = answer(c, shots, "i3-question-2", &q1, STAR_ANSWER).await?;
    assert!(!second.practice);
    wait_for_page(c, "finish-page").await;
    lap("interview finished");

    assert_eq!(app.drain_tasks().await, 1, "one scoring task was queued");
    sign_in(app, c).await?;
    c.goto(&app.url(&format!("/applications/{application_id}")))
        .await?;
    c.wait()
        .at_most(STEP)
        .for_element(Locator::Css("[data-integrity]"))
        .await?;
    shots.take(c, "i4-report").await?;
    lap("report shown");

    let signals = c
        .execute(
            r#"return Array.from(document.querySelectorAll('[data-integrity]')).map((s) => {
                 const li = (k) => s.querySelector(`[data-signal="${k}"]`);
                 return {
                   question: s.dataset.integrity,
                   paste: li('paste') && Number(li('paste').dataset.count),
                   chars: li('paste') && Number(li('paste').dataset.chars),
                   switches: li('switches') && Number(li('switches').dataset.count),
                   away: li('switches') && Number(li('switches').dataset.seconds),
                   note: s.textContent,
                 };
               });"#,
            vec![],
        )
        .await?;
    println!("integrity in the report: {signals}");
    let first = &signals[0];
    assert_eq!(first["paste"], 1, "{signals}");
    assert_eq!(first["chars"], COPIED.chars().count(), "{signals}");
    assert_eq!(
        first["switches"], 1,
        "one switch, however many events it fired: {signals}"
    );
    let away = first["away"].as_u64().unwrap_or(0);
    assert!((1..=10).contains(&away), "away for about 1.6 s: {signals}");
    assert!(
        first["note"]
            .as_str()
            .is_some_and(|n| n.contains("不会从任何分数中扣除") || n.contains("never deducted")),
        "the section says the signals are not deducted: {signals}"
    );
    // Question 2 saw nothing: its counts are zeros, not missing.
    let second = &signals[1];
    assert_eq!(
        (second["paste"].clone(), second["switches"].clone()),
        (json!(0), json!(0)),
        "{signals}"
    );
    // The report API carries the same counts.
    let api = app
        .get(&format!("/api/v1/applications/{application_id}/report"))
        .await;
    assert_eq!(
        api.body["answers"][0]["integrity"]["browser"]["paste_events"],
        1
    );
    lap("done");
    Ok(())
}

#[tokio::test]
async fn pastes_and_tab_switches_reach_the_report() {
    if browser::skip_requested() {
        return;
    }
    let (browser, app) = tokio::join!(browser::launch(), spawn_app());
    let client = browser.client.clone();
    let driver_url = browser.driver_url();
    let shots = Screenshots::from_env(&browser);
    let progress = Progress::new(Mutex::new("browser and server up"));
    let reached = progress.clone();
    let outcome = tokio::spawn(async move {
        integrity_scenario(&app, &client, &driver_url, &shots, &reached).await
    })
    .await;
    browser.close().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!(
            "WebDriver command failed after “{}”: {e}",
            progress.lock().unwrap()
        ),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("the scenario did not finish: {e}"),
    }
}
