//! Shared by the API and browser tests: the real server on port 0, on a fresh database
//! (PostgreSQL when `KAOGUAN_TEST_DATABASE_URL` is set, else SQLite), with a clock the
//! test moves and a worker the test drives step by step.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use chrono::Utc;
use kaoguan_domain::{Email, OrgId, Role};
use kaoguan_jobs::{try_execute_task, ExecutionOutcome};
use kaoguan_scoring::Scorer;
use kaoguan_service::auth::{self, NewStaff};
use kaoguan_service::{ManualClock, ServiceSettings, Services};
use kaoguan_store::sql::SqlStore;
use kaoguan_store::testing::TestDb;
use kaoguan_web::AppState;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub const PASSWORD: &str = "test-password-123";
/// The per-answer upload limit in tests: small, so the limit is cheap to exceed.
pub const MAX_UPLOAD_BYTES: u64 = 2 * 1024 * 1024;

/// Building the scorer loads the Chinese dictionary; share one across tests.
fn scorer() -> Arc<Scorer> {
    static SCORER: OnceLock<Arc<Scorer>> = OnceLock::new();
    SCORER.get_or_init(|| Arc::new(Scorer::lexical())).clone()
}

pub struct TestApp {
    pub base: String,
    pub services: Services,
    pub clock: Arc<ManualClock>,
    pub client: reqwest::Client,
    pub org: OrgId,
    pub hr_email: String,
    /// HR's API bearer token.
    pub token: String,
    /// The plain directory under the encrypting object store, to inspect what is on disk.
    pub media_dir: std::path::PathBuf,
    _media: tempfile::TempDir,
    _db: TestDb,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

pub async fn spawn_app() -> TestApp {
    let db = TestDb::from_env().await;
    // The server opens the database by URL, as `kaoguan serve` would.
    let store = SqlStore::connect(&db.url)
        .await
        .expect("connect to the test database");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let media = tempfile::tempdir().expect("a media directory");
    let objects = kaoguan_objects::EncryptedStore::new(
        kaoguan_objects::LocalDirStore::new(media.path()).expect("media store"),
        kaoguan_objects::Keyring::new(kaoguan_objects::MediaKey::generate(), vec![]),
    );
    let services = Services {
        store: Arc::new(store),
        scorer: scorer(),
        clock: clock.clone(),
        settings: Arc::new(ServiceSettings {
            public_url: base.clone(),
            answer_grace_seconds: 5,
            session_hours: 12,
            media_max_upload_bytes: MAX_UPLOAD_BYTES,
        }),
        task_wakeup: Arc::new(tokio::sync::Notify::new()),
        llm: None,
        rubric_judge: None,
        objects: Arc::new(objects),
        transcription: None,
    };
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let state = AppState {
        services: services.clone(),
        secure_cookies: false,
    };
    tokio::spawn(kaoguan_web::serve(state, listener, async move {
        let _ = rx.await;
    }));

    let org = auth::ensure_org(&services, "Test Org", "Asia/Shanghai")
        .await
        .unwrap();
    let hr_email = "hr@test.example.com".to_string();
    create_user(&services, org.id, &hr_email, Role::Hr, None).await;
    let token = auth::issue_api_token(&services, &hr_email.parse().unwrap(), "test")
        .await
        .unwrap();
    TestApp {
        base,
        services,
        clock,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap(),
        org: org.id,
        hr_email,
        token: token.expose().to_string(),
        media_dir: media.path().to_path_buf(),
        _media: media,
        _db: db,
        _shutdown: tx,
    }
}

pub async fn create_user(
    services: &Services,
    org: OrgId,
    email: &str,
    role: Role,
    department: Option<&str>,
) {
    auth::create_user(
        services,
        NewStaff {
            org,
            email: email.parse::<Email>().unwrap(),
            display_name: String::new(),
            role,
            department: department.map(String::from),
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap();
}

pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl TestApp {
    /// A bearer token for a new member of staff of `org` with `role`.
    pub async fn staff_token(
        &self,
        org: OrgId,
        email: &str,
        role: Role,
        department: Option<&str>,
    ) -> String {
        create_user(&self.services, org, email, role, department).await;
        auth::issue_api_token(&self.services, &email.parse().unwrap(), "test")
            .await
            .unwrap()
            .expose()
            .to_string()
    }

    /// Makes inserts into `table` fail until [`TestApp::heal`] (fault injection).
    pub async fn break_inserts_into(&self, table: &str) {
        self._db.break_inserts_into(table).await;
    }

    pub async fn heal(&self, table: &str) {
        self._db.heal(table).await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A JSON request with HR's bearer token (or `token` if given).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> Reply {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token
            .or(Some(self.token.as_str()))
            .filter(|t| !t.is_empty())
        {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request failed");
        let status = resp.status();
        let text = resp.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply { status, body }
    }

    /// A console page's HTML, with the client's cookies (sign in first).
    pub async fn page(&self, path: &str) -> String {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body), None).await
    }

    /// A `multipart/form-data` POST with HR's bearer token.
    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Reply {
        let resp = self
            .client
            .post(self.url(path))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        Reply {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        }
    }

    /// The candidate's side: no bearer.
    pub async fn candidate(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.call(method, path, body, Some("")).await
    }

    /// Creates the standard two-question test job and returns its JSON.
    pub async fn create_job(&self) -> Value {
        let r = self.post("/api/v1/jobs", sample_job()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body
    }

    /// Invites a candidate; returns (application id, token).
    pub async fn invite(&self, job_id: &str, name: &str) -> (String, String) {
        let r = self
            .post(
                &format!("/api/v1/jobs/{job_id}/invitations"),
                json!({"name": name, "email": email_of(name)}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let url = r.body["interview_url"].as_str().unwrap().to_string();
        assert!(
            url.starts_with(&self.base),
            "link {url} is built on the public URL"
        );
        let token = url.rsplit('/').next().unwrap().to_string();
        (
            r.body["application_id"].as_str().unwrap().to_string(),
            token,
        )
    }

    /// Consents and answers the practice question.
    pub async fn start_interview(&self, token: &str) {
        let r = self
            .candidate(
                Method::POST,
                &format!("/api/v1/interview/{token}/consent"),
                Some(json!({"accept": true})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = self
            .candidate(
                Method::GET,
                &format!("/api/v1/interview/{token}/next"),
                None,
            )
            .await;
        assert_eq!(r.body["practice"], true, "{}", r.body);
        let r = self
            .candidate(
                Method::POST,
                &format!("/api/v1/interview/{token}/answers"),
                Some(json!({"question_id": "practice", "text": "Hello, I am a candidate."})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }

    /// Fetches the next question and answers it; returns its id.
    pub async fn answer_next(&self, token: &str, text: &str) -> String {
        let r = self
            .candidate(
                Method::GET,
                &format!("/api/v1/interview/{token}/next"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let qid = r.body["question"]["id"]
            .as_str()
            .expect("a question")
            .to_string();
        let r = self
            .candidate(
                Method::POST,
                &format!("/api/v1/interview/{token}/answers"),
                Some(json!({"question_id": qid, "text": text})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        qid
    }

    /// Runs queued background tasks until none is left; returns how many ran.
    pub async fn drain_tasks(&self) -> usize {
        let mut n = 0;
        loop {
            match try_execute_task(&self.services).await.unwrap() {
                ExecutionOutcome::EmptyQueue => return n,
                ExecutionOutcome::TaskCompleted { .. } => n += 1,
                ExecutionOutcome::TaskFailed { kind, .. } => panic!("task {kind} failed"),
            }
        }
    }
}

pub const STRONG_ANSWER: &str = "First I would apologise sincerely and acknowledge how frustrating it is that the gift arrived broken with the party tomorrow. I would take the order number, ask exactly what is damaged and request a photo. Then I would check stock and arrange an express replacement by courier for tomorrow morning, or offer local pickup from our store. If we cannot meet the deadline I would offer a full refund immediately. Finally I would confirm the plan by email, follow up after delivery, and report the packaging problem to the warehouse team.";
pub const WEAK_ANSWER: &str = "I would tell the customer to contact the courier.";

pub fn sample_job() -> Value {
    json!({
        "title": "Customer Support Specialist",
        "department": "Customer Success",
        "language": "en",
        "description": "Handles customer calls and tickets.",
        "competencies": [
            {"key": "service", "name": "Service orientation", "weight": 60, "indicators": ["calms upset customers"]},
            {"key": "problem_solving", "name": "Problem solving", "weight": 40}
        ],
        "questions": [
            {
                "kind": "situational",
                "text": "A customer calls: the gift they ordered arrived broken and the party is tomorrow. How do you handle it?",
                "competencies": ["service", "problem_solving"],
                "think_seconds": 30, "answer_seconds": 120, "modes": ["text"],
                "rubric": {
                    "key_points": [
                        "apologises sincerely and acknowledges the frustration",
                        "gathers the facts: order number, what is damaged, photo",
                        "offers an express replacement or local pickup before the deadline",
                        "offers a refund as a fallback",
                        "confirms the plan, follows up and reports the packaging problem"
                    ],
                    "red_flags": ["blames the courier or the customer without helping"]
                }
            },
            {
                "kind": "behavioral",
                "text": "Tell us about a time you solved a difficult problem for a customer.",
                "competencies": ["problem_solving"],
                "think_seconds": 30, "answer_seconds": 120, "modes": ["text"],
                "rubric": {
                    "key_points": [
                        "describes the situation and the customer's problem",
                        "explains their own goal or responsibility",
                        "describes the concrete actions they took",
                        "states a measurable result"
                    ],
                    "red_flags": ["no concrete example"]
                }
            }
        ]
    })
}

/// The email `TestApp::invite` gives a candidate: one per name, so two candidates of one
/// job are two people (a job refuses a second application with the same email).
pub fn email_of(name: &str) -> String {
    let slug: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if slug.is_empty() {
        let hex: String = name.bytes().map(|b| format!("{b:02x}")).collect();
        format!("c{hex}@example.com")
    } else {
        format!("{slug}@example.com")
    }
}
