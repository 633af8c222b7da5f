//! Report latency over HTTP: complete candidate interviews of a 6-question job against the
//! in-process server, then the time from sending `finish` until
//! `GET /api/v1/applications/{id}/report` first answers with a status other than `pending`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use reqwest::Method;
use serde::Serialize;
use serde_json::{json, Value};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::corpus::{self, Rng};
use crate::server::Server;
use crate::stats;

/// How often the report is polled.
pub const POLL: Duration = Duration::from_millis(20);
/// A report not ready after this long counts as a failure of the run.
const GIVE_UP: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    pub interviews: usize,
    pub concurrency: usize,
    pub questions_per_interview: usize,
    pub poll_ms: u64,
    /// finish → report ready, per interview, in milliseconds (resolution: `poll_ms`).
    pub samples_ms: Vec<f64>,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    /// Candidate-side API requests (consent, next, answers, finish), in milliseconds.
    pub request_ms_p50: f64,
    pub request_ms_p95: f64,
    /// Report statuses seen (`ready`, `insufficient_data`, …) and how often.
    pub statuses: BTreeMap<String, usize>,
    pub wall_seconds: f64,
}

#[derive(Clone)]
struct Api {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    /// A JSON request; `hr` adds the bearer token. Fails on any non-2xx status.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        hr: bool,
    ) -> anyhow::Result<Value> {
        let mut req = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        if hr {
            req = req.bearer_auth(&self.token);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req
            .send()
            .await
            .with_context(|| format!("{method} {path}"))?;
        let status = resp.status();
        let text = resp.text().await?;
        if !status.is_success() {
            bail!("{method} {path}: {status}: {text}");
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

/// One finished interview: its finish→ready time, report status and request times.
struct Outcome {
    ready_ms: f64,
    status: String,
    requests_ms: Vec<f64>,
}

/// Runs `interviews` interviews, `concurrency` at a time, alternating an English and a
/// Chinese job.
pub async fn measure(
    server: &Server,
    interviews: usize,
    concurrency: usize,
    seed: u64,
) -> anyhow::Result<Latency> {
    let api = Api {
        client: reqwest::Client::builder().build()?,
        base: server.base.clone(),
        token: server.token.clone(),
    };
    let mut jobs = Vec::new();
    for lang in corpus::languages() {
        let job = corpus::job_json(lang, &format!("Benchmark job ({})", lang.code));
        let created = api
            .call(Method::POST, "/api/v1/jobs", Some(job), true)
            .await?;
        let id = created["id"].as_str().context("job id")?.to_string();
        jobs.push((lang.code, id));
    }

    let started = Instant::now();
    let gate = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut set = JoinSet::new();
    for i in 0..interviews {
        let (api, gate) = (api.clone(), gate.clone());
        let (lang, job) = jobs[i % jobs.len()].clone();
        set.spawn(async move {
            let _permit = gate.acquire_owned().await?;
            interview(&api, lang, &job, i, seed).await
        });
    }
    let mut outcomes = Vec::new();
    while let Some(done) = set.join_next().await {
        outcomes.push(done.context("interview task panicked")??);
    }
    let wall_seconds = started.elapsed().as_secs_f64();

    let samples_ms: Vec<f64> = outcomes.iter().map(|o| o.ready_ms).collect();
    let requests: Vec<f64> = outcomes
        .iter()
        .flat_map(|o| o.requests_ms.clone())
        .collect();
    let mut statuses = BTreeMap::new();
    for o in &outcomes {
        *statuses.entry(o.status.clone()).or_insert(0) += 1;
    }
    Ok(Latency {
        interviews,
        concurrency,
        questions_per_interview: 6,
        poll_ms: POLL.as_millis() as u64,
        p50_ms: stats::median(&samples_ms),
        p95_ms: stats::percentile(&samples_ms, 95.0),
        max_ms: stats::max(&samples_ms),
        request_ms_p50: stats::median(&requests),
        request_ms_p95: stats::percentile(&requests, 95.0),
        samples_ms,
        statuses,
        wall_seconds,
    })
}

/// Invite → consent → practice → every question → finish → poll the report.
async fn interview(
    api: &Api,
    lang_code: &str,
    job: &str,
    n: usize,
    seed: u64,
) -> anyhow::Result<Outcome> {
    let lang = corpus::languages()
        .into_iter()
        .find(|l| l.code == lang_code)
        .context("language")?;
    let invite =
        json!({"name": format!("Candidate {n}"), "email": format!("c{n}@bench.example.com")});
    let inv = api
        .call(
            Method::POST,
            &format!("/api/v1/jobs/{job}/invitations"),
            Some(invite),
            true,
        )
        .await?;
    let app_id = inv["application_id"]
        .as_str()
        .context("application id")?
        .to_string();
    let url = inv["interview_url"].as_str().context("interview url")?;
    let token = url
        .rsplit('/')
        .next()
        .context("interview token")?
        .to_string();
    let base = format!("/api/v1/interview/{token}");

    let mut requests_ms = Vec::new();
    let mut timed =
        async |method: Method, path: String, body: Option<Value>| -> anyhow::Result<Value> {
            let start = Instant::now();
            let v = api.call(method, &path, body, false).await;
            requests_ms.push(start.elapsed().as_secs_f64() * 1000.0);
            v
        };
    timed(
        Method::POST,
        format!("{base}/consent"),
        Some(json!({"accept": true})),
    )
    .await?;
    timed(Method::GET, format!("{base}/next"), None).await?;
    let practice = json!({"question_id": "practice", "text": "Hello, I am ready."});
    timed(Method::POST, format!("{base}/answers"), Some(practice)).await?;

    let mut rng = Rng::new(seed ^ (n as u64).wrapping_mul(0x9E37_79B9));
    loop {
        let next = timed(Method::GET, format!("{base}/next"), None).await?;
        if next["done"] == true {
            break;
        }
        let q = &next["question"];
        let text = q["text"].as_str().context("question text")?;
        let topic = lang
            .topics
            .iter()
            .position(|t| t.question == text)
            .context("a question of the benchmark job")?;
        let answer = corpus::answer(lang, topic, &mut rng);
        let body = json!({"question_id": q["id"], "text": answer});
        timed(Method::POST, format!("{base}/answers"), Some(body)).await?;
    }

    let finished = Instant::now();
    timed(Method::POST, format!("{base}/finish"), None).await?;
    let report_path = format!("/api/v1/applications/{app_id}/report");
    loop {
        let report = api.call(Method::GET, &report_path, None, true).await?;
        let status = report["status"].as_str().unwrap_or("missing");
        if status != "pending" {
            return Ok(Outcome {
                ready_ms: finished.elapsed().as_secs_f64() * 1000.0,
                status: status.to_string(),
                requests_ms,
            });
        }
        if finished.elapsed() > GIVE_UP {
            bail!("report of {app_id} still pending after {GIVE_UP:?}");
        }
        tokio::time::sleep(POLL).await;
    }
}
