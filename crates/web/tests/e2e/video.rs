//! A video answer recorded in the portal with Chromium's fake camera and microphone: the
//! candidate sees the preview, the recording uploads as the question's answer, and the
//! decoder the transcription worker uses reads the audio track out of Chromium's own
//! video WebM (a live recording: clusters of unknown size, video track first). The job
//! opts in to face counting: the detector runs in the page and only counts arrive.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use kaoguan_domain::AnswerMode;
use serde_json::json;

use crate::browser::{self, wait_until, Screenshots};
use crate::common::{spawn_app, TestApp};
use crate::{
    answer, devices, invite_to_sample_job, portal, start_recording, wait_for_question, Invitation,
    Progress, PRACTICE_ANSWER, STEP,
};

async fn video_scenario(
    app: &TestApp,
    c: &Client,
    shots: &Screenshots,
    progress: &Progress,
) -> Result<(), CmdError> {
    let lap = |what: &'static str| *progress.lock().unwrap() = what;
    // This job opts in to counting faces during video answers.
    let Invitation {
        application_id,
        token,
        q1_id,
        q1,
        q2,
    } = invite_to_sample_job(app, json!(["video", "text"]), true, "Video").await;
    let (q1, q2) = (q1.as_str(), q2.as_str());

    c.goto(&app.url(&format!("/i/{token}"))).await?;
    crate::wait_for_page(c, "notice-page").await;
    let notice = c.find(Locator::Id("record-body")).await?.text().await?;
    assert!(
        notice.contains("录像") || notice.contains("video"),
        "the notice says video may be recorded: {notice:?}"
    );
    assert!(
        notice.contains("人脸") || notice.contains("faces"),
        "the notice says faces are counted: {notice:?}"
    );
    c.find(Locator::Id("consent-accept")).await?.click().await?;
    devices::check_devices(c, shots, true).await?;
    answer(c, shots, "v1-practice", "", PRACTICE_ANSWER).await?;
    lap("practice answered");

    wait_for_question(c, "question 1", q1).await;
    start_recording(c).await?;
    wait_until("the camera preview while recording", STEP, || async move {
        let v = c
            .execute(
                "const v = document.getElementById('record-preview');
                 return !v.hidden && v.videoWidth > 0;",
                vec![],
            )
            .await?;
        Ok(if v == true {
            Ok(())
        } else {
            Err(v.to_string())
        })
    })
    .await;
    lap("recording video");
    // The face detector loads in the page and reports every few checks: record until
    // the server has some, and at least 3.5 s.
    let application: kaoguan_domain::ApplicationId = application_id.parse().unwrap();
    let started = Instant::now();
    loop {
        let reported = app
            .services
            .store
            .list_integrity(app.org, application)
            .await
            .expect("read integrity")
            .into_iter()
            .find_map(|r| r.counts.faces())
            .map_or(0, |f| f.checks());
        if reported >= 5 && started.elapsed() >= Duration::from_millis(3500) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(40),
            "no face counts from the browser after 40 s (last: {reported} checks)"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    lap("faces counted");
    let w = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await?;
    assert!(
        w[0].as_u64() <= w[1].as_u64(),
        "the video recorder scrolls sideways at phone width: {w}"
    );
    shots.take(c, "v2-recording").await?;
    c.find(Locator::Id("record-stop")).await?.click().await?;
    wait_until("question 2 after the video", STEP, || async move {
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
    let hidden = c
        .execute(
            "return document.getElementById('record-preview').hidden;",
            vec![],
        )
        .await?;
    assert_eq!(hidden, true, "the camera preview is gone after the answer");
    lap("video uploaded");

    // Chromium's fake camera shows a test pattern, not a person: every check saw no face.
    let integrity = app
        .services
        .store
        .list_integrity(app.org, application)
        .await
        .expect("read integrity");
    let faces = integrity
        .iter()
        .find(|r| r.question_id.to_string() == q1_id)
        .and_then(|r| r.counts.faces())
        .expect("face counts for the video answer");
    println!(
        "faces: {} checks, {} without a face, {} with several",
        faces.checks(),
        faces.no_face(),
        faces.multiple_faces()
    );
    assert!(faces.checks() >= 5, "{faces:?}");
    assert_eq!(faces.no_face(), faces.checks(), "{faces:?}");
    assert_eq!(faces.multiple_faces(), 0, "{faces:?}");

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
    assert_eq!(media.kind, AnswerMode::Video, "{media:?}");
    assert!(
        media.content_type.starts_with("video/"),
        "{}",
        media.content_type
    );
    let key = kaoguan_objects::ObjectKey::parse(&media.object_key).expect("a stored key");
    let bytes = kaoguan_objects::read_all(app.services.objects.as_ref(), &key)
        .expect("the recording decrypts");
    assert_eq!(bytes.len() as i64, media.size_bytes);
    let pcm = kaoguan_media::decode::to_pcm16k(&bytes, Some(&media.content_type))
        .unwrap_or_else(|e| panic!("the audio track of {} decodes: {e}", media.content_type));
    let rms = (pcm
        .samples
        .iter()
        .map(|s| f64::from(*s).powi(2))
        .sum::<f64>()
        / pcm.samples.len().max(1) as f64)
        .sqrt();
    println!(
        "video answer: {} bytes of {}, {:.2} s of audio, RMS {rms:.4}",
        bytes.len(),
        media.content_type,
        pcm.duration_s()
    );
    assert!(
        pcm.duration_s() > 2.5,
        "about 3.5 s recorded: {}",
        pcm.duration_s()
    );
    assert!(
        rms > 0.001,
        "the fake microphone's beeps are in the audio track: {rms}"
    );
    lap("done");
    Ok(())
}

#[tokio::test]
async fn candidate_answers_on_video_its_audio_decodes_and_faces_are_counted() {
    if browser::skip_requested() {
        return;
    }
    let (browser, app) = tokio::join!(browser::launch(), spawn_app());
    let client = browser.client.clone();
    let shots = Screenshots::from_env(&browser);
    let progress = Progress::new(Mutex::new("browser and server up"));
    let reached = progress.clone();
    let outcome =
        tokio::spawn(async move { video_scenario(&app, &client, &shots, &reached).await }).await;
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
