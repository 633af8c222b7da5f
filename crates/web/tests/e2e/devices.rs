//! The device check before the first question of an interview with spoken answers, with
//! Chromium's fake microphone and camera (granted without a prompt): the level meter
//! moves, the camera shows when a question takes video, a 3-second test recording gets a
//! player, and continuing leads to the first question. With permission denied, the page
//! says so and offers the text answers instead.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};

use crate::browser::{self, wait_until, MediaPrompt, Screenshots};
use crate::common::{sample_job, spawn_app, TestApp};
use crate::{wait_for_page, Progress, STEP};

/// Passes the device check; the caller then meets the practice question. `video`: some
/// question takes video, so the camera is checked too.
pub async fn check_devices(c: &Client, shots: &Screenshots, video: bool) -> Result<(), CmdError> {
    wait_for_page(c, "device-page").await;
    let test = c.find(Locator::Id("device-test")).await?;
    assert!(
        !test.is_displayed().await?,
        "no test recording before the devices are on"
    );
    c.find(Locator::Id("device-start")).await?.click().await?;

    // The fake microphone beeps: the meter must move within a few seconds.
    let mut level = 0.0_f64;
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until && level <= 0.0 {
        let v = c
            .execute(
                "return Number(document.getElementById('device-level').value);",
                vec![],
            )
            .await?;
        level = level.max(v.as_f64().unwrap_or(0.0));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(level > 0.0, "the device check's level meter never moved");
    let preview = c
        .execute(
            "const v = document.getElementById('device-preview');
             return [!document.getElementById('device-preview-box').hidden, v.videoWidth || 0];",
            vec![],
        )
        .await?;
    if video {
        wait_until("the camera preview", STEP, || async move {
            let v = c
                .execute(
                    "const v = document.getElementById('device-preview');
                     return !document.getElementById('device-preview-box').hidden && v.videoWidth > 0;",
                    vec![],
                )
                .await?;
            Ok(if v == true { Ok(()) } else { Err(format!("{v}")) })
        })
        .await;
    } else {
        assert_eq!(
            preview[0], false,
            "no camera for audio-only interviews: {preview}"
        );
    }

    c.wait()
        .at_most(STEP)
        .for_element(Locator::Css("#device-test:not([hidden])"))
        .await?
        .click()
        .await?;
    // Three seconds of recording, then the player gets the recording as its source.
    let player = if video {
        "device-playback-video"
    } else {
        "device-playback-audio"
    };
    let src = wait_until("the test recording in the player", STEP, || async move {
        let v = c
            .execute(
                "const a = document.getElementById(arguments[0]);
                 const box = document.getElementById('device-playback-box');
                 return box.hidden || a.hidden ? '' : a.currentSrc || a.src || '';",
                vec![player.into()],
            )
            .await?;
        let src = v.as_str().unwrap_or_default().to_string();
        Ok(if src.starts_with("blob:") {
            Ok(src)
        } else {
            Err(format!("src {src:?}"))
        })
    })
    .await;
    println!("test recording at {src}");
    // The recording is playable: the browser parsed its header. (Chromium's WebM from
    // MediaRecorder has no duration until played through, so readiness is the signal.)
    wait_until("the test recording loaded", STEP, || async move {
        let v = c
            .execute(
                "const a = document.getElementById(arguments[0]);
                 return a.error ? 'error ' + a.error.code : a.readyState;",
                vec![player.into()],
            )
            .await?;
        Ok(match v.as_u64() {
            Some(state) if state >= 1 => Ok(()),
            _ => Err(format!("readyState {v}")),
        })
    })
    .await;

    let w = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await?;
    assert!(
        w[0].as_u64() <= w[1].as_u64(),
        "the device check scrolls sideways at phone width: {w}"
    );
    shots
        .take(
            c,
            if video {
                "d1-devices-video"
            } else {
                "a0-devices"
            },
        )
        .await?;
    c.find(Locator::Id("device-continue"))
        .await?
        .click()
        .await?;
    Ok(())
}

/// With the microphone and camera refused, the check says so, points to the text answers,
/// and still lets the candidate continue.
pub async fn denied_devices_fall_back_to_text(
    c: &Client,
    shots: &Screenshots,
) -> Result<(), CmdError> {
    wait_for_page(c, "device-page").await;
    c.find(Locator::Id("device-start")).await?.click().await?;
    let status = wait_until("the refusal explained", STEP, || async move {
        let v = c
            .execute(
                "const s = document.getElementById('device-status');
                 return s.hidden ? '' : s.textContent;",
                vec![],
            )
            .await?;
        let text = v.as_str().unwrap_or_default().to_string();
        Ok(
            if text.contains("文字作答") || text.contains("answer in writing") {
                Ok(text)
            } else {
                Err(text)
            },
        )
    })
    .await;
    println!("denied: {status}");
    assert!(
        !c.find(Locator::Id("device-test"))
            .await?
            .is_displayed()
            .await?,
        "nothing to test without devices"
    );
    shots.take(c, "d2-devices-denied").await?;
    c.find(Locator::Id("device-continue"))
        .await?
        .click()
        .await?;
    Ok(())
}

async fn devices_scenario(
    app: &TestApp,
    c: &Client,
    prompt: MediaPrompt,
    shots: &Screenshots,
    progress: &Progress,
) -> Result<(), CmdError> {
    let mut job = sample_job();
    job["questions"][0]["modes"] = serde_json::json!(["audio", "video", "text"]);
    let r = app.post("/api/v1/jobs", job).await;
    assert_eq!(r.status, reqwest::StatusCode::CREATED, "{}", r.body);
    let job_id = r.body["id"].as_str().unwrap().to_string();

    let (_, token) = app.invite(&job_id, "Camera").await;
    c.goto(&app.url(&format!("/i/{token}"))).await?;
    wait_for_page(c, "notice-page").await;
    c.find(Locator::Id("consent-accept")).await?.click().await?;
    match prompt {
        MediaPrompt::Allow => check_devices(c, shots, true).await?,
        MediaPrompt::Deny => denied_devices_fall_back_to_text(c, shots).await?,
    }
    *progress.lock().unwrap() = "devices checked";
    // Continuing reaches the questions, the practice one first.
    let s = wait_for_page(c, "question-page").await;
    assert!(s.practice, "{s:?}");
    Ok(())
}

async fn run(prompt: MediaPrompt) {
    let (browser, app) = tokio::join!(browser::launch_with(prompt), spawn_app());
    let client = browser.client.clone();
    let shots = Screenshots::from_env(&browser);
    let progress = Progress::new(Mutex::new("browser and server up"));
    let reached = progress.clone();
    let outcome =
        tokio::spawn(
            async move { devices_scenario(&app, &client, prompt, &shots, &reached).await },
        )
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

#[tokio::test]
async fn the_device_check_shows_the_camera_for_video_questions() {
    if browser::skip_requested() {
        return;
    }
    run(MediaPrompt::Allow).await;
}

#[tokio::test]
async fn the_device_check_offers_text_when_permission_is_refused() {
    if browser::skip_requested() {
        return;
    }
    run(MediaPrompt::Deny).await;
}
