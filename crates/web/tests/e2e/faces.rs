//! Face counts with a person in front of the camera. Chromium's default fake camera shows
//! a test pattern, so video.rs can only see "no face"; here the camera plays a still photo
//! of a real face (fixtures/README.md says where it comes from), once with one person and
//! once with the same person twice, and the counts the server stored must say so.
//!
//! The detector runs in the page exactly as for a candidate: nothing here touches its
//! options or its input, so a failure means the product would miss a real face too.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use kaoguan_domain::{ApplicationId, FaceCounts};
use serde_json::json;

use crate::browser::{self, wait_until, Screenshots};
use crate::common::{spawn_app, TestApp};
use crate::{
    answer, invite_to_sample_job, portal, start_recording, wait_for_page, wait_for_question,
    Invitation, Progress, PRACTICE_ANSWER, STEP,
};

/// Checks to wait for before stopping. The page reports every fifth check while
/// recording (and the rest when the recording stops), so 5 is the first report the
/// server sees; each check takes a second or two of CPU in headless Chromium.
const MIN_CHECKS: u32 = 5;
/// Generous for MIN_CHECKS on a busy 2-core machine (the model loads first).
const COUNTING: Duration = Duration::from_secs(45);

/// A still picture the fake camera shows, and what it holds.
struct Camera {
    file: &'static str,
    /// The picture's size: the preview must have it, or Chromium ignored the file.
    size: (u64, u64),
    faces: usize,
}

const ONE_PERSON: Camera = Camera {
    file: "one-face.mjpeg",
    size: (320, 240),
    faces: 1,
};

const TWO_PEOPLE: Camera = Camera {
    file: "two-faces.mjpeg",
    size: (480, 320),
    faces: 2,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/fixtures")
        .join(name)
}

/// The camera's frame size as the page sees it in `video_id`, once it plays.
async fn frame_size(c: &Client, video_id: &str) -> (u64, u64) {
    wait_until(&format!("the camera in #{video_id}"), STEP, || async move {
        let v = c
            .execute(
                "const v = document.getElementById(arguments[0]);
                 return [v.videoWidth || 0, v.videoHeight || 0];",
                vec![video_id.into()],
            )
            .await?;
        let size = (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0));
        Ok(if size.0 > 0 {
            Ok(size)
        } else {
            Err(v.to_string())
        })
    })
    .await
}

async fn stored_faces(app: &TestApp, application: ApplicationId) -> Option<FaceCounts> {
    app.services
        .store
        .list_integrity(app.org, application)
        .await
        .expect("read integrity")
        .into_iter()
        .find_map(|r| r.counts.faces())
}

/// Records question 1 on video with `camera` in front of it until the server holds at
/// least MIN_CHECKS face checks, and returns the counts stored for that answer.
async fn record_in_front_of(
    app: &TestApp,
    c: &Client,
    shots: &Screenshots,
    camera: &Camera,
    progress: &Progress,
) -> Result<FaceCounts, CmdError> {
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
    } = invite_to_sample_job(app, json!(["video", "text"]), true, "Faces").await;
    let application: ApplicationId = application_id.parse().unwrap();
    let (q1, q2) = (q1.as_str(), q2.as_str());

    c.goto(&app.url(&format!("/i/{token}"))).await?;
    wait_for_page(c, "notice-page").await;
    c.find(Locator::Id("consent-accept")).await?.click().await?;
    // The device check is where the camera first opens: make sure it is our picture
    // (the default fake camera would answer the page's 640×480 request in full).
    wait_for_page(c, "device-page").await;
    c.find(Locator::Id("device-start")).await?.click().await?;
    let seen = frame_size(c, "device-preview").await;
    assert_eq!(
        seen, camera.size,
        "the camera shows {} (Chromium did not use the file?)",
        camera.file
    );
    shots
        .take(c, &format!("f1-devices-{}-face", camera.faces))
        .await?;
    c.find(Locator::Id("device-continue"))
        .await?
        .click()
        .await?;
    answer(c, shots, "f2-practice", "", PRACTICE_ANSWER).await?;
    lap("practice answered");

    wait_for_question(c, "question 1", q1).await;
    start_recording(c).await?;
    assert_eq!(frame_size(c, "record-preview").await, camera.size);
    lap("recording video");
    let started = Instant::now();
    loop {
        let checks = stored_faces(app, application)
            .await
            .map_or(0, |f| f.checks());
        if checks >= MIN_CHECKS {
            break;
        }
        assert!(
            started.elapsed() < COUNTING,
            "fewer than {MIN_CHECKS} face checks reached the server after {COUNTING:?} \
             (last: {checks}): did the detector load and run?"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    lap("faces counted");
    shots
        .take(c, &format!("f3-recording-{}-face", camera.faces))
        .await?;
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
    lap("video uploaded");

    let faces = app
        .services
        .store
        .list_integrity(app.org, application)
        .await
        .expect("read integrity")
        .into_iter()
        .find(|r| r.question_id.to_string() == q1_id)
        .and_then(|r| r.counts.faces())
        .expect("face counts stored for the video answer");
    println!(
        "{}: {} checks, {} without a face, {} with several ({:.1} s recording)",
        camera.file,
        faces.checks(),
        faces.no_face(),
        faces.multiple_faces(),
        started.elapsed().as_secs_f64()
    );
    lap("done");
    Ok(faces)
}

/// Starts a browser whose camera shows `camera` and a server, runs the recording, and
/// returns the stored counts (tearing the browser down whatever happened).
async fn run(camera: &'static Camera) -> Option<FaceCounts> {
    if browser::skip_requested() {
        return None;
    }
    let file = fixture(camera.file);
    let (browser, app) = tokio::join!(browser::launch_with_camera(&file), spawn_app());
    let client = browser.client.clone();
    let shots = Screenshots::from_env(&browser);
    let progress = Progress::new(Mutex::new("browser and server up"));
    let reached = progress.clone();
    let outcome =
        tokio::spawn(
            async move { record_in_front_of(&app, &client, &shots, camera, &reached).await },
        )
        .await;
    browser.close().await;
    match outcome {
        Ok(Ok(faces)) => Some(faces),
        Ok(Err(e)) => panic!(
            "WebDriver command failed after “{}”: {e}",
            progress.lock().unwrap()
        ),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("the scenario did not finish: {e}"),
    }
}

#[tokio::test]
async fn a_face_in_front_of_the_camera_is_counted_as_present() {
    let Some(faces) = run(&ONE_PERSON).await else {
        return;
    };
    assert!(faces.checks() >= MIN_CHECKS, "{faces:?}");
    // A still picture gets the same answer at every check (no miss in any run so far).
    // One odd frame is tolerated so the test does not hang on it; a detector that does
    // not see this face misses every check and fails here.
    assert!(
        faces.no_face() <= 1,
        "the face went unseen in {} of {} checks: {faces:?}",
        faces.no_face(),
        faces.checks()
    );
    assert_eq!(faces.multiple_faces(), 0, "one person, one face: {faces:?}");
}

#[tokio::test]
async fn two_faces_in_front_of_the_camera_are_counted_as_more_than_one() {
    let Some(faces) = run(&TWO_PEOPLE).await else {
        return;
    };
    assert!(faces.checks() >= MIN_CHECKS, "{faces:?}");
    assert!(
        faces.multiple_faces() + 1 >= faces.checks(),
        "two people were seen as several in only {} of {} checks: {faces:?}",
        faces.multiple_faces(),
        faces.checks()
    );
    assert!(faces.no_face() <= 1, "{faces:?}");
}
