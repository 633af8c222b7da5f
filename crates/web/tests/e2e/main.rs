//! End-to-end test in headless Chromium at phone size: a candidate takes the interview in
//! the portal, the worker scores it, and HR reads the report in the console.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test.sh installs them); set
//! `KAOGUAN_SKIP_BROWSER_TESTS=1` to skip. Set `KAOGUAN_E2E_SCREENSHOTS=<dir>` to save
//! full-page screenshots of each step there.

#[path = "../common/mod.rs"]
mod common;

mod browser;
mod devices;
mod faces;
mod hiring;
mod integrity;
mod video;
mod wav;
mod webkit;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use serde::Deserialize;
use serde_json::json;

use crate::browser::{wait_until, Screenshots, WINDOW};
use crate::common::{sample_job, spawn_app, TestApp, PASSWORD, STRONG_ANSWER};

/// Upper bound for any single step: page loads, API round trips, re-rendering.
const STEP: Duration = Duration::from_secs(10);

const CANDIDATE: &str = "Lin Mei";

const PRACTICE_ANSWER: &str =
    "Hello, I am Lin Mei. I have worked in customer support for three years.";

/// A concrete STAR story for the behavioural question.
const STAR_ANSWER: &str = "Last year at an online electronics shop, a small business customer was charged twice for an order of forty headsets, and their event was only two days away. My task was to get the duplicate payment refunded and make sure the order still arrived on time. I checked the payment logs with our finance team, found that a timeout had retried the charge, and issued the refund the same afternoon. Then I called the customer, explained what had happened, upgraded the delivery to express at no cost and followed up until the parcel arrived. As a result the refund was completed within 24 hours, the headsets arrived a day early, and the customer placed a second order worth 30 percent more. We also fixed the retry setting so the double charge never happened again.";

/// What the portal shows, read in one round trip.
#[derive(Debug, Deserialize)]
struct Portal {
    /// The visible page section, if any.
    page: Option<String>,
    question: String,
    practice: bool,
    /// Think time: `#start-answering` is on screen.
    thinking: bool,
    /// The answer box is on screen and the submit button can be pressed.
    can_submit: bool,
    banner: Option<String>,
}

const PORTAL_STATE: &str = r#"
const $ = (id) => document.getElementById(id);
const pages = ['loading-page', 'invalid-page', 'notice-page', 'refused-page', 'device-page', 'question-page', 'finish-page'];
return {
  page: pages.find((p) => !$(p).hidden) || null,
  question: $('question-text').textContent,
  practice: $('question-badge').classList.contains('is-practice'),
  thinking: !$('think-area').hidden,
  can_submit: !$('answer-area').hidden && !$('answer-submit').disabled,
  banner: $('error-banner').hidden ? null : $('error-text').textContent,
};
"#;

async fn portal(c: &Client) -> Result<Portal, CmdError> {
    let v = c.execute(PORTAL_STATE, vec![]).await?;
    Ok(serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("portal state {v}: {e}")))
}

/// Waits until the portal shows the question whose text is `q`.
async fn wait_for_question(c: &Client, what: &str, q: &str) {
    wait_until(what, STEP, || async move {
        let s = portal(c).await?;
        Ok(if s.question == q {
            Ok(())
        } else {
            Err(format!("{s:?}"))
        })
    })
    .await;
}

/// Ends the think time if the question has one (the button is shown only then).
async fn start_answering(c: &Client) -> Result<(), CmdError> {
    let start = c.find(Locator::Id("start-answering")).await?;
    if start.is_displayed().await? {
        start.click().await?;
    }
    Ok(())
}

/// Starts answering the question on screen and starts its recorder. The button is
/// disabled while the previous answer is still being sent; a click then does nothing. Ending
/// the think time moves the page (the answer area appears, the text box takes focus), and
/// WebKitGTK's driver can land a click at the button's old place; so, like a candidate
/// whose tap missed, the test taps again if the recorder did not start.
async fn start_recording(c: &Client) -> Result<(), CmdError> {
    start_answering(c).await?;
    for attempt in 1..=3 {
        c.wait()
            .at_most(STEP)
            .for_element(Locator::Css(
                "#record-box:not([hidden]) #record-start:not([disabled]):not([hidden])",
            ))
            .await?
            .click()
            .await?;
        let stop = Locator::Css("#record-stop:not([hidden])");
        match c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(stop)
            .await
        {
            Ok(_) => return Ok(()),
            Err(CmdError::WaitTimeout) if attempt < 3 => {}
            Err(e) => return Err(e),
        }
        // A disabled button means the tap did land and the recorder is still starting
        // (asking for the microphone, opening the upload): wait for it rather than tap.
        let starting = c
            .execute(
                "return document.getElementById('record-start').disabled;",
                vec![],
            )
            .await?;
        if starting == json!(true) {
            c.wait().at_most(STEP).for_element(stop).await?;
            return Ok(());
        }
        println!("the recorder did not start; tapping again");
    }
    unreachable!("the last attempt returns")
}

/// Waits until the portal shows `page`; any error banner on the way fails the test.
async fn wait_for_page(c: &Client, page: &str) -> Portal {
    wait_until(&format!("#{page}"), STEP, || async move {
        let s = portal(c).await?;
        if let Some(b) = &s.banner {
            panic!("the portal shows an error while waiting for #{page}: {b:?} ({s:?})");
        }
        Ok(if s.page.as_deref() == Some(page) {
            Ok(s)
        } else {
            Err(format!("{s:?}"))
        })
    })
    .await
}

/// Waits for a question other than `previous`, answers it with `text` and submits.
/// Returns the portal's state as the question was first shown.
async fn answer(
    c: &Client,
    shots: &Screenshots,
    shot: &str,
    previous: &str,
    text: &str,
) -> Result<Portal, CmdError> {
    let shown = wait_until("the next question", STEP, || async move {
        let s = portal(c).await?;
        if let Some(b) = &s.banner {
            panic!("the portal shows an error: {b:?} ({s:?})");
        }
        let ready = s.page.as_deref() == Some("question-page")
            && !s.question.is_empty()
            && s.question != previous
            && (s.thinking || s.can_submit);
        Ok(if ready { Ok(s) } else { Err(format!("{s:?}")) })
    })
    .await;

    let start = c.find(Locator::Id("start-answering")).await?;
    if start.is_displayed().await? {
        start.click().await?;
    }
    let field = c
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css("#answer-area:not([hidden]) #answer-text"))
        .await?;
    field.send_keys(text).await?;
    assert_eq!(
        field.prop("value").await?.as_deref(),
        Some(text),
        "the answer box holds what was typed"
    );
    shots.take(c, shot).await?;
    c.find(Locator::Id("answer-submit")).await?.click().await?;
    Ok(shown)
}

/// Signs HR in to the console in this browser.
async fn sign_in(app: &TestApp, c: &Client) -> Result<(), CmdError> {
    c.goto(&app.url("/login")).await?;
    c.find(Locator::Id("email"))
        .await?
        .send_keys(&app.hr_email)
        .await?;
    c.find(Locator::Id("password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    c.find(Locator::Id("login-submit")).await?.click().await?;
    wait_until("the console after sign-in", STEP, || async move {
        let url = c.current_url().await?;
        Ok(if url.path() == "/jobs" {
            Ok(())
        } else {
            Err(url.to_string())
        })
    })
    .await;
    Ok(())
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last milestone reached, to say where a failing WebDriver command was.
type Progress = Arc<Mutex<&'static str>>;

async fn scenario(
    app: &TestApp,
    c: &Client,
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
    let (application_id, token) = app.invite(job_id, CANDIDATE).await;
    let questions = sample_job()["questions"].clone();
    let q1 = questions[0]["text"].as_str().unwrap();
    let q2 = questions[1]["text"].as_str().unwrap();

    // ---- the candidate, on a phone ----------------------------------------------------
    c.goto(&app.url(&format!("/i/{token}"))).await?;
    wait_for_page(c, "notice-page").await;
    lap("consent notice shown");
    shots.take(c, "1-notice").await?;
    c.find(Locator::Id("consent-accept")).await?.click().await?;

    let practice = answer(c, shots, "2-practice", "", PRACTICE_ANSWER).await?;
    assert!(
        practice.practice,
        "the practice question comes first: {practice:?}"
    );
    lap("practice answered");

    let first = answer(c, shots, "3-question-1", &practice.question, STRONG_ANSWER).await?;
    assert!(!first.practice, "{first:?}");
    assert_eq!(first.question, q1);
    lap("question 1 answered");

    // The question page is the busiest one on a phone: nothing may stick out sideways.
    let w = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await?;
    let (scroll_width, inner_width) = (w[0].as_u64().unwrap(), w[1].as_u64().unwrap());
    assert_eq!(
        inner_width,
        u64::from(WINDOW.0),
        "the browser runs at phone width"
    );
    assert!(
        scroll_width <= inner_width,
        "the question page scrolls sideways at {inner_width} px: {scroll_width} px wide"
    );

    let second = answer(c, shots, "3-question-2", &first.question, STAR_ANSWER).await?;
    assert_eq!(second.question, q2);
    lap("question 2 answered");

    wait_for_page(c, "finish-page").await;
    lap("finish page shown");
    shots.take(c, "4-finish").await?;

    // ---- the worker scores the interview -----------------------------------------------
    assert_eq!(app.drain_tasks().await, 1, "one scoring task was queued");
    lap("scored");

    // ---- HR, in the same browser -------------------------------------------------------
    sign_in(app, c).await?;
    lap("signed in");

    c.goto(&app.url(&format!("/jobs/{job_id}"))).await?;
    let list = c
        .wait()
        .at_most(STEP)
        .for_element(Locator::Id("candidate-list"))
        .await?;
    shots.take(c, "5-job").await?;
    let rows = list.find_all(Locator::Css("tbody tr")).await?;
    let mut row = None;
    for r in rows {
        if r.find(Locator::Css("td")).await?.text().await? == CANDIDATE {
            row = Some(r);
            break;
        }
    }
    let row = row.unwrap_or_else(|| panic!("no row for {CANDIDATE} in #candidate-list"));
    let listed = row.find(Locator::Css("td.num")).await?.text().await?;
    let listed_score: f64 = listed
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("the candidate row shows a score, not {listed:?}"));
    assert!((0.0..=100.0).contains(&listed_score), "{listed_score}");
    row.find(Locator::Css("a[href^='/applications/']"))
        .await?
        .click()
        .await?;

    let status = c
        .wait()
        .at_most(STEP)
        .for_element(Locator::Id("report-status"))
        .await?;
    lap("report shown");
    assert_eq!(
        c.current_url().await?.path(),
        format!("/applications/{application_id}")
    );
    assert_eq!(
        status.attr("data-status").await?.as_deref(),
        Some("ready"),
        "report status"
    );
    assert_eq!(
        c.find(Locator::Id("report-candidate"))
            .await?
            .text()
            .await?,
        CANDIDATE
    );
    let total = c.find(Locator::Id("report-total")).await?.text().await?;
    let total_score: f64 = total
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("#report-total is not a number: {total:?}"));
    assert!((0.0..=100.0).contains(&total_score), "{total_score}");
    assert_eq!(
        total.trim(),
        listed.trim(),
        "the list and the report agree on the score"
    );

    // The answers arrived exactly as typed, and the evidence quotes them.
    let mut shown = Vec::new();
    for a in c.find_all(Locator::Css(".answer-text")).await? {
        shown.push(squash(&a.text().await?));
    }
    assert_eq!(shown, [STRONG_ANSWER, STAR_ANSWER], "answers in the report");
    let typed = squash(&format!("{STRONG_ANSWER} {STAR_ANSWER}"));
    let mut evidence = Vec::new();
    for e in c.find_all(Locator::Css(".evidence")).await? {
        evidence.push(squash(&e.text().await?));
    }
    assert!(
        evidence.iter().any(|e| !e.is_empty() && typed.contains(e)),
        "some evidence quotes the candidate's answers: {evidence:?}"
    );

    shots.take(c, "6-report").await?;
    lap("done");
    Ok(())
}

/// The candidate records the first question's answer with Chromium's fake microphone;
/// the recording is uploaded in chunks and recorded as that question's answer, returned.
async fn audio_scenario(
    app: &TestApp,
    c: &Client,
    shots: &Screenshots,
    progress: &Progress,
) -> Result<kaoguan_store::MediaAnswer, CmdError> {
    let t0 = Instant::now();
    let lap = |what: &'static str| {
        println!("{:>6} ms  {what}", t0.elapsed().as_millis());
        *progress.lock().unwrap() = what;
    };

    let Invitation {
        application_id,
        token,
        q1_id,
        q1,
        q2,
    } = invite_to_sample_job(app, json!(["audio", "text"]), false, CANDIDATE).await;
    let (q1, q2) = (q1.as_str(), q2.as_str());

    c.goto(&app.url(&format!("/i/{token}"))).await?;
    wait_for_page(c, "notice-page").await;
    c.find(Locator::Id("consent-accept")).await?.click().await?;
    devices::check_devices(c, shots, false).await?;
    lap("devices checked");
    let practice = answer(c, shots, "a1-practice", "", PRACTICE_ANSWER).await?;
    assert!(practice.practice, "{practice:?}");
    lap("practice answered");

    // Question 1 takes audio: the recorder is offered next to the text box.
    wait_for_question(c, "question 1", q1).await;
    start_recording(c).await?;
    lap("recording");
    // About 3 s of the fake microphone's beeps, watching the level meter meanwhile.
    let mut level = 0.0_f64;
    let recording_until = Instant::now() + Duration::from_millis(3200);
    while Instant::now() < recording_until {
        let v = c
            .execute(
                "return Number(document.getElementById('record-level').value);",
                vec![],
            )
            .await?;
        level = level.max(v.as_f64().unwrap_or(0.0));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("highest microphone level: {level}");
    assert!(level > 0.0, "the level meter never moved");
    let w = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await?;
    assert!(
        w[0].as_u64() <= w[1].as_u64(),
        "the recorder scrolls sideways at phone width: {w}"
    );
    shots.take(c, "a2-recording").await?;
    c.find(Locator::Id("record-stop")).await?.click().await?;

    // Stopping flushes and completes the upload, and the portal moves on.
    wait_until("question 2 after the recording", STEP, || async move {
        let s = portal(c).await?;
        if let Some(b) = &s.banner {
            panic!("the portal shows an error after recording: {b:?} ({s:?})");
        }
        Ok(if s.question == q2 {
            Ok(())
        } else {
            Err(format!("{s:?}"))
        })
    })
    .await;
    lap("recording uploaded, question 2 shown");
    shots.take(c, "a3-question-2").await?;

    let media = app
        .services
        .store
        .get_media_answer(
            app.org,
            application_id.parse().unwrap(),
            q1_id.parse().unwrap(),
        )
        .await
        .expect("read the media answer")
        .expect("question 1 has a recorded answer");
    assert!(media.size_bytes > 0, "{media:?}");
    assert!(
        media.content_type.starts_with("audio/"),
        "{}",
        media.content_type
    );
    println!(
        "recorded {} bytes of {}",
        media.size_bytes, media.content_type
    );
    lap("done");
    Ok(media)
}

#[tokio::test]
async fn candidate_interviews_in_the_browser_and_hr_reads_the_report() {
    if browser::skip_requested() {
        return;
    }
    let t0 = Instant::now();
    let (browser, app) = tokio::join!(browser::launch(), spawn_app());
    println!("{:>6} ms  browser and server up", t0.elapsed().as_millis());
    let client = browser.client.clone();
    let shots = Screenshots::from_env(&browser);
    let progress = Progress::new(Mutex::new("browser and server up"));
    let reached = progress.clone();
    // Run the scenario as its own task so the browser session is ended even if it panics.
    let outcome =
        tokio::spawn(async move { scenario(&app, &client, &shots, &reached).await }).await;
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

#[tokio::test]
async fn candidate_records_an_audio_answer_with_the_microphone() {
    if browser::skip_requested() {
        return;
    }
    let t0 = Instant::now();
    let (browser, app) = tokio::join!(browser::launch(), spawn_app());
    println!("{:>6} ms  browser and server up", t0.elapsed().as_millis());
    let client = browser.client.clone();
    let shots = Screenshots::from_env(&browser);
    let progress = Progress::new(Mutex::new("browser and server up"));
    let reached = progress.clone();
    let outcome =
        tokio::spawn(async move { audio_scenario(&app, &client, &shots, &reached).await }).await;
    browser.close().await;
    match outcome {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => panic!(
            "WebDriver command failed after “{}”: {e}",
            progress.lock().unwrap()
        ),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("the scenario did not finish: {e}"),
    }
}

/// A candidate invited to the sample job whose first question takes `modes`, with face
/// counting switched on for the job when `faces`.
pub struct Invitation {
    pub application_id: String,
    pub token: String,
    pub q1_id: String,
    /// The texts of questions 1 and 2, as the portal shows them.
    pub q1: String,
    pub q2: String,
}

pub async fn invite_to_sample_job(
    app: &TestApp,
    modes: serde_json::Value,
    faces: bool,
    candidate: &str,
) -> Invitation {
    let mut job = sample_job();
    job["questions"][0]["modes"] = modes;
    let r = app.post("/api/v1/jobs", job).await;
    assert_eq!(r.status, reqwest::StatusCode::CREATED, "{}", r.body);
    let job_id = r.body["id"].as_str().unwrap().to_string();
    let q1_id = r.body["questions"][0]["id"].as_str().unwrap().to_string();
    if faces {
        let r = app
            .call(
                reqwest::Method::PUT,
                &format!("/api/v1/jobs/{job_id}/face-detection"),
                Some(json!({"enabled": true})),
                None,
            )
            .await;
        assert_eq!(r.status, reqwest::StatusCode::OK, "{}", r.body);
    }
    let (application_id, token) = app.invite(&job_id, candidate).await;
    let questions = sample_job()["questions"].clone();
    Invitation {
        application_id,
        token,
        q1_id,
        q1: questions[0]["text"].as_str().unwrap().to_string(),
        q2: questions[1]["text"].as_str().unwrap().to_string(),
    }
}
