//! A spoken answer through the whole product: espeak-ng speaks a known English answer, the
//! candidate API takes the recording, the worker decodes and transcribes it with the local
//! Whisper model, and the scored report carries the transcript, its segments and the
//! delivery measures. Needs `KAOGUAN_TEST_WHISPER_MODEL` (scripts/test.sh installs
//! whisper-base and sets it) and espeak-ng; skipped with a note otherwise.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use kaoguan_domain::{Email, Role};
use kaoguan_service::auth::{self, NewStaff};
use serde_json::{json, Value};

const SPOKEN: &str = "First I would apologise to the customer. Then I would send an express \
                      replacement by courier for tomorrow. If that fails I would offer a full refund.";

fn whisper_model() -> Option<PathBuf> {
    let m = std::env::var_os("KAOGUAN_TEST_WHISPER_MODEL").map(PathBuf::from);
    if m.is_none() {
        eprintln!("KAOGUAN_TEST_WHISPER_MODEL is not set: skipping the spoken-answer test");
    }
    m
}

fn speak(text: &str, out: &std::path::Path) -> bool {
    match Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-w"])
        .arg(out)
        .arg(text)
        .status()
    {
        Ok(s) => s.success(),
        Err(_) => false,
    }
}

fn job() -> Value {
    json!({
        "title": "Customer Support Specialist",
        "department": "Customer Success",
        "language": "en",
        "competencies": [{"key": "service", "name": "Service orientation", "weight": 100}],
        "questions": [{
            "kind": "situational",
            "text": "A customer's gift arrived broken and the party is tomorrow. What do you do?",
            "competencies": ["service"],
            "think_seconds": 30, "answer_seconds": 180, "modes": ["audio", "text"],
            "rubric": {
                "key_points": [
                    "apologises to the customer",
                    "sends an express replacement before the party",
                    "offers a refund as a fallback"
                ],
                "red_flags": ["blames the courier"]
            }
        }]
    })
}

#[tokio::test]
async fn a_spoken_answer_is_transcribed_and_scored() {
    let Some(model) = whisper_model() else { return };
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("answer.wav");
    assert!(
        speak(SPOKEN, &wav),
        "espeak-ng is needed for this test (Debian package espeak-ng)"
    );

    let mut config = kaoguan::config::Config::load(
        None,
        &kaoguan::config::Overrides {
            listen: Some("127.0.0.1:0".into()),
            data_dir: Some(dir.path().join("data")),
        },
    )
    .unwrap();
    config.scoring.engine = kaoguan::config::EngineChoice::Lexical;
    config.speech.model_file = Some(model);
    // The product's default detector when it is installed (scripts/test.sh installs it).
    if let Some(vad) = std::env::var_os("KAOGUAN_TEST_SILERO_MODEL") {
        config.speech.vad = kaoguan::config::VadChoice::Silero;
        config.speech.vad_file = Some(vad.into());
    }
    let services = kaoguan::build_services(&config).await.unwrap();
    assert!(services.transcription.is_some(), "the speech model loads");

    let org = auth::ensure_org(&services, "Speech Org", "Asia/Shanghai")
        .await
        .unwrap();
    auth::create_user(
        &services,
        NewStaff {
            org: org.id,
            email: "hr@speech.example.com".parse::<Email>().unwrap(),
            display_name: String::new(),
            role: Role::Hr,
            department: None,
            password: "a-long-test-password-1".into(),
        },
    )
    .await
    .unwrap();
    let bearer = auth::issue_api_token(&services, &"hr@speech.example.com".parse().unwrap(), "t")
        .await
        .unwrap()
        .expose()
        .to_string();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    config.server.public_url = Some(base.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(kaoguan::run(config, services, listener, async move {
        let _ = rx.await;
    }));
    let http = reqwest::Client::new();
    let staff = |path: &str| http.get(format!("{base}{path}")).bearer_auth(&bearer);

    let r = http
        .post(format!("{base}/api/v1/jobs"))
        .bearer_auth(&bearer)
        .json(&job())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let job_id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r: Value = http
        .post(format!("{base}/api/v1/jobs/{job_id}/invitations"))
        .bearer_auth(&bearer)
        .json(&json!({"name": "Speaker", "email": "speaker@example.com"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let app_id = r["application_id"].as_str().unwrap().to_string();
    let token = r["interview_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let iv = |p: &str| format!("{base}/api/v1/interview/{token}{p}");

    let ok = |r: reqwest::Response| {
        assert!(r.status().is_success(), "{}", r.status());
        r
    };
    ok(http
        .post(iv("/consent"))
        .json(&json!({"accept": true}))
        .send()
        .await
        .unwrap());
    ok(http.get(iv("/next")).send().await.unwrap());
    ok(http
        .post(iv("/answers"))
        .json(&json!({"question_id": "practice", "text": "Hello, I am ready."}))
        .send()
        .await
        .unwrap());
    let next: Value = ok(http.get(iv("/next")).send().await.unwrap())
        .json()
        .await
        .unwrap();
    let qid = next["question"]["id"].as_str().unwrap().to_string();
    let r = http
        .post(iv(&format!("/answers/{qid}/media")))
        .header("content-type", "audio/wav")
        .body(std::fs::read(&wav).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    ok(http.post(iv("/finish")).send().await.unwrap());

    // Transcription and scoring run in the embedded worker.
    let started = Instant::now();
    let report = loop {
        let r: Value = staff(&format!("/api/v1/applications/{app_id}/report"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if r["status"] != "pending" {
            break r;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "no report after 10 minutes: {r}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert_eq!(report["status"], "ready", "{report}");
    let answer = &report["answers"][0];
    let transcript = answer["transcript"]
        .as_str()
        .expect("a transcript")
        .to_lowercase();
    for word in ["customer", "replacement", "courier", "tomorrow", "refund"] {
        assert!(
            transcript.contains(word),
            "{word:?} missing from {transcript:?}"
        );
    }
    let segments = answer["segments"].as_array().expect("segments");
    assert!(!segments.is_empty());
    let first = &segments[0];
    assert!(
        first["start"].as_f64().unwrap() >= 0.0 && first["end"].as_f64() > first["start"].as_f64()
    );
    assert!(
        answer["delivery"]["rate"]["per_min_speech"]
            .as_f64()
            .unwrap()
            > 60.0,
        "{}",
        answer["delivery"]
    );
    // The transcript was scored: the spoken key points are covered, with quoted evidence.
    let covered = answer["key_points"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["covered"] == true && k["evidence"].is_string())
        .count();
    assert!(covered >= 2, "{}", answer["key_points"]);
    assert!(report["total"].as_f64().unwrap() > 20.0, "{report}");

    tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// One candidate's three short answers through the local engine in one call: their speech
/// shares whisper windows, and each answer still gets its own words, and only its own.
#[test]
fn one_candidates_short_answers_are_transcribed_together_each_with_its_own_words() {
    use kaoguan::transcription::LocalTranscription;
    use kaoguan_media::vad;
    use kaoguan_service::media::{MediaInput, Transcription};

    let Some(model) = whisper_model() else { return };
    let dir = tempfile::tempdir().unwrap();
    // Distinct words per answer, so a word in the wrong answer is caught.
    let answers = [
        (
            "First I would apologise and send an express replacement.",
            ["apologi", "replacement"],
        ),
        ("I added an index to the orders table.", ["index", "order"]),
        ("Next week I will learn the violin.", ["week", "violin"]),
    ];
    let mut recordings = Vec::new();
    for (i, (text, _)) in answers.iter().enumerate() {
        let wav = dir.path().join(format!("answer{i}.wav"));
        assert!(speak(text, &wav), "espeak-ng is needed for this test");
        recordings.push(std::fs::read(&wav).unwrap());
    }
    let detector = match std::env::var_os("KAOGUAN_TEST_SILERO_MODEL") {
        Some(f) => vad::Detector::Silero(
            std::sync::Arc::new(vad::silero::SileroVad::load(std::path::Path::new(&f)).unwrap()),
            vad::silero::SileroConfig::default(),
        ),
        None => vad::Detector::default(),
    };
    let engine = LocalTranscription::load(&model, 2, detector).unwrap();
    let no_terms: Vec<String> = Vec::new();
    let inputs: Vec<MediaInput<'_>> = recordings
        .iter()
        .map(|media| MediaInput {
            media,
            content_type: "audio/wav",
            vocabulary: &no_terms,
        })
        .collect();
    let results = engine.transcribe_many(&inputs, kaoguan_domain::Language::En);
    assert_eq!(results.len(), answers.len());
    for (i, result) in results.iter().enumerate() {
        let t = result.as_ref().expect("transcribed");
        let text = t.text.to_lowercase();
        for (j, (_, words)) in answers.iter().enumerate() {
            for w in words {
                assert_eq!(
                    text.contains(w),
                    i == j,
                    "answer {i} {} “{w}”: {text:?}",
                    if i == j {
                        "lacks its word"
                    } else {
                        "holds another's word"
                    }
                );
            }
        }
        // Segment times stay inside the answer's own recording.
        let pcm = kaoguan_media::decode::to_pcm16k(&recordings[i], Some("audio/wav")).unwrap();
        let duration = pcm.samples.len() as f64 / 16_000.0;
        assert!(!t.segments.is_empty(), "{t:?}");
        for (start, end, _) in &t.segments {
            assert!(
                0.0 <= *start && start <= end && *end <= duration + 0.01,
                "{t:?}"
            );
        }
    }
}
