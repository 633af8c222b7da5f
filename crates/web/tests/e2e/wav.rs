//! Browsers without MediaRecorder (older in-app browsers such as WeChat's X5 kernel): the
//! portal records the answer with Web Audio as 16 kHz mono 16-bit WAV, streamed through
//! the same chunked upload, and the server decodes it.

use std::sync::Mutex;
use std::time::Instant;

use fantoccini::error::CmdError;
use kaoguan_store::MediaAnswer;
use serde_json::{json, Value};

use crate::browser::{self, cdp, Screenshots};
use crate::common::{spawn_app, TestApp};
use crate::{audio_scenario, Progress};

/// Runs before any page script: this browser has no MediaRecorder at all.
const NO_MEDIA_RECORDER: &str = "delete window.MediaRecorder; window.MediaRecorder = undefined;";

#[tokio::test]
async fn candidate_records_audio_as_wav_without_media_recorder() {
    if browser::skip_requested() {
        return;
    }
    let t0 = Instant::now();
    let (browser, app) = tokio::join!(browser::launch(), spawn_app());
    println!("{:>6} ms  browser and server up", t0.elapsed().as_millis());
    let client = browser.client.clone();
    cdp(
        &client,
        &browser.driver_url(),
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": NO_MEDIA_RECORDER }),
    )
    .await;
    let shots = Screenshots::from_env(&browser);
    let progress = Progress::new(Mutex::new("browser and server up"));
    let reached = progress.clone();
    let outcome = tokio::spawn(async move {
        let media = audio_scenario(&app, &client, &shots, &reached).await?;
        let removed = client
            .execute("return typeof window.MediaRecorder;", vec![])
            .await?;
        Ok::<_, CmdError>((app, media, removed))
    })
    .await;
    browser.close().await;
    let (app, media, removed) = match outcome {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => panic!(
            "WebDriver command failed after “{}”: {e}",
            progress.lock().unwrap()
        ),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("the scenario did not finish: {e}"),
    };
    check(&app, &media, &removed);
}

/// The stored answer is a WAV the decoder reads, with the microphone's sound in it.
fn check(app: &TestApp, media: &MediaAnswer, removed: &Value) {
    assert_eq!(removed, "undefined", "the page ran without MediaRecorder");
    assert_eq!(media.content_type, "audio/wav", "{media:?}");
    // About 3 s at 16 kHz, 2 bytes a sample: well over one second's worth.
    assert!(media.size_bytes > 16_000 * 2, "{media:?}");
    let key = kaoguan_objects::ObjectKey::parse(&media.object_key).expect("a stored key");
    let bytes = kaoguan_objects::read_all(app.services.objects.as_ref(), &key)
        .expect("the recording decrypts");
    assert_eq!(bytes.len() as i64, media.size_bytes);
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[8..16], b"WAVEfmt ");
    assert_eq!(&bytes[36..40], b"data");
    assert_eq!((bytes.len() - 44) % 2, 0, "whole 16-bit samples");
    let pcm = kaoguan_media::decode::to_pcm16k(&bytes, Some(&media.content_type))
        .unwrap_or_else(|e| panic!("the WAV answer decodes: {e}"));
    let rms = (pcm
        .samples
        .iter()
        .map(|s| f64::from(*s).powi(2))
        .sum::<f64>()
        / pcm.samples.len().max(1) as f64)
        .sqrt();
    println!(
        "wav answer: {} bytes, {:.2} s of audio, RMS {rms:.4}",
        bytes.len(),
        pcm.duration_s()
    );
    assert!(
        (2.5..6.0).contains(&pcm.duration_s()),
        "about 3 s recorded: {}",
        pcm.duration_s()
    );
    assert!(
        rms > 0.001,
        "the fake microphone's beeps were recorded: {rms}"
    );
}
