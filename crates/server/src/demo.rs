//! `kaoguan demo`: a demo organisation with a user per role, six jobs drawn from the seed
//! articles (and one in English), and candidates at different stages with real reports.
//!
//! Loading is idempotent: users keep their ids (their printed password is reset), jobs
//! that exist by title are left alone. Each run adds one fresh try-it-yourself invitation
//! per language, since a link is shown only once and cannot be printed again.

use anyhow::Context;
use kaoguan_domain::{Email, Role};
use kaoguan_service::auth::{self, NewStaff};
use kaoguan_service::{interview, invitations, jobs, Services};
use kaoguan_web::routes::api::dto::{CreateInvitation, CreateJob};
use serde::Deserialize;

const DEMO_JSON: &str = include_str!("../demo/demo.json");
/// Printed with the logins; demo data only.
pub const DEMO_PASSWORD: &str = "kaoguan-demo-2026";

#[derive(Deserialize)]
struct DemoFile {
    organisation: DemoOrg,
    jobs: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct DemoOrg {
    name: String,
    timezone: String,
}

#[derive(Deserialize)]
struct DemoCandidate {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    stage: String,
    #[serde(default)]
    answers: Vec<String>,
}

#[derive(Deserialize)]
struct DemoJobCandidates {
    #[serde(default)]
    candidates: Vec<DemoCandidate>,
    /// Set before the candidates arrive, so their interviews and reports run them.
    #[serde(default)]
    pipeline_rules: Vec<kaoguan_domain::PipelineRule>,
    /// Whether the demo interviewer is assigned every candidate of the job (so that
    /// signing in as them shows something).
    #[serde(default)]
    assign_interviewer: bool,
}

pub struct DemoSummary {
    pub org: String,
    pub users: Vec<(String, Role)>,
    pub jobs_created: usize,
    pub jobs_total: usize,
    pub try_links: Vec<(String, String)>,
}

impl DemoSummary {
    pub fn print(&self, public_url: &str) {
        println!();
        println!("Kaoguan demo · {}", self.org);
        println!(
            "  jobs: {} ({} created now)",
            self.jobs_total, self.jobs_created
        );
        println!("  HR console: {public_url}/login");
        println!("  sign in as (password {DEMO_PASSWORD}):");
        for (email, role) in &self.users {
            println!("    {:<12} {email}", role.as_str());
        }
        println!("  try the candidate portal (a fresh link each run):");
        for (job, url) in &self.try_links {
            println!("    {job}: {url}");
        }
        println!("  API: {public_url}/api/v1/openapi.json (token: kaoguan admin token --email hr@demo.example.com)");
        println!();
    }
}

const USERS: &[(&str, Role, Option<&str>, &str)] = &[
    ("admin@demo.example.com", Role::Admin, None, "管理员 Admin"),
    ("hr@demo.example.com", Role::Hr, None, "招聘专员 HR"),
    (
        "head@demo.example.com",
        Role::DeptHead,
        Some("零售银行部"),
        "部门负责人 Dept Head",
    ),
    (
        "interviewer@demo.example.com",
        Role::Interviewer,
        Some("零售银行部"),
        "面试官 Interviewer",
    ),
];

pub async fn load(services: &Services) -> anyhow::Result<DemoSummary> {
    let file: DemoFile = serde_json::from_str(DEMO_JSON).context("demo.json is malformed")?;
    let org = auth::ensure_org(
        services,
        &file.organisation.name,
        &file.organisation.timezone,
    )
    .await?;

    let mut users = Vec::new();
    let mut hr = None;
    let mut interviewer = None;
    for (email, role, dept, name) in USERS {
        let email: Email = email.parse()?;
        let user = match services.store.find_credentials(&email).await? {
            Some(existing) => {
                auth::set_password(services, &email, DEMO_PASSWORD.to_string()).await?;
                existing.user
            }
            None => {
                auth::create_user(
                    services,
                    NewStaff {
                        org: org.id,
                        email: email.clone(),
                        display_name: name.to_string(),
                        role: *role,
                        department: dept.map(String::from),
                        password: DEMO_PASSWORD.to_string(),
                    },
                )
                .await?
            }
        };
        if *role == Role::Hr {
            hr = Some(kaoguan_service::Staff { user: user.clone() });
        }
        if *role == Role::Interviewer {
            interviewer = Some(user.id);
        }
        users.push((email.to_string(), *role));
    }
    let hr = hr.context("demo has no HR user")?;
    let recruiter = hr.recruiter()?;

    let existing: Vec<String> = jobs::list_jobs(services, &hr)
        .await?
        .into_iter()
        .map(|j| j.title)
        .collect();
    let mut created = 0;
    let mut try_links = Vec::new();
    let mut seen_languages = Vec::new();
    for raw in &file.jobs {
        let spec: CreateJob = serde_json::from_value(raw.clone()).context("demo job")?;
        let title = spec.title.clone();
        let candidates: DemoJobCandidates = serde_json::from_value(raw.clone())?;
        let draft = spec.parse().with_context(|| format!("demo job {title}"))?;
        let job = if existing.contains(&title) {
            let all = jobs::list_jobs(services, &hr).await?;
            let id = all
                .iter()
                .find(|j| j.title == title)
                .map(|j| j.id)
                .context("job vanished")?;
            jobs::get_job(services, &hr, id).await?
        } else {
            let job = jobs::create_job(services, &recruiter, &draft).await?;
            if !candidates.pipeline_rules.is_empty() {
                kaoguan_service::rules::set_rules(
                    services,
                    &recruiter,
                    job.id,
                    &candidates.pipeline_rules,
                )
                .await
                .with_context(|| format!("demo rules for {title}"))?;
            }
            if let (true, Some(user)) = (candidates.assign_interviewer, interviewer) {
                kaoguan_service::assignments::assign(services, &recruiter, job.id, None, user)
                    .await?;
            }
            for c in &candidates.candidates {
                add_candidate(services, &recruiter, job.id, c)
                    .await
                    .with_context(|| format!("demo candidate for {title}"))?;
            }
            created += 1;
            job
        };
        if !seen_languages.contains(&job.language) {
            seen_languages.push(job.language);
            let trial = CreateInvitation {
                name: "体验候选人 Demo Candidate".into(),
                email: None,
                phone: None,
            }
            .parse()?;
            let inv = invitations::invite(services, &recruiter, job.id, &trial).await?;
            try_links.push((title.clone(), inv.interview_url));
        }
    }
    // Reports for the finished demo interviews, through the same queue the server uses.
    while let kaoguan_jobs::ExecutionOutcome::TaskCompleted { .. }
    | kaoguan_jobs::ExecutionOutcome::TaskFailed { .. } =
        kaoguan_jobs::try_execute_task(services).await?
    {}
    Ok(DemoSummary {
        org: org.name,
        users,
        jobs_created: created,
        jobs_total: file.jobs.len(),
        try_links,
    })
}

/// Walks a demo candidate through the candidate API as far as their stage says.
async fn add_candidate(
    services: &Services,
    recruiter: &kaoguan_service::Recruiter,
    job: kaoguan_domain::JobId,
    c: &DemoCandidate,
) -> anyhow::Result<()> {
    let candidate = CreateInvitation {
        name: c.name.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
    }
    .parse()?;
    let inv = invitations::invite(services, recruiter, job, &candidate).await?;
    let token = inv
        .interview_url
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    match c.stage.as_str() {
        "invited" => {}
        "refused" => {
            interview::consent(services, &token, false).await?;
        }
        "in_progress" => {
            interview::consent(services, &token, true).await?;
            interview::answer(
                services,
                &token,
                interview::PRACTICE_ID,
                "你好，我是一名求职者。",
            )
            .await?;
        }
        "scored" => {
            interview::consent(services, &token, true).await?;
            interview::answer(
                services,
                &token,
                interview::PRACTICE_ID,
                "你好，我是一名求职者。",
            )
            .await?;
            for text in &c.answers {
                let step = interview::next(services, &token).await?;
                let q = step
                    .question
                    .context("demo candidate has more answers than questions")?;
                interview::answer(services, &token, &q.id, text).await?;
            }
            interview::finish(services, &token).await?;
        }
        other => anyhow::bail!("unknown demo stage {other:?}"),
    }
    Ok(())
}
