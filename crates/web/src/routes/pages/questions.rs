//! The question editor: kind, text, dimensions, timings, modes and the rubric.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::{
    AnswerMode, CompetencyKey, DomainError, JobId, QuestionDraft, QuestionId, QuestionKind, Rubric,
};
use kaoguan_service::{jobs, ServiceError};
use kaoguan_store::{Job, Question};

use super::form::FormFields;
use super::{page_result, render, Chrome};
use crate::extract::Console;
use crate::routes::api::parse_id;
use crate::state::AppState;

/// The editor's field values, as typed (so a rejected form comes back as it was).
#[derive(Debug, Clone)]
pub struct QuestionFields {
    pub kind: String,
    pub text: String,
    pub competencies: Vec<String>,
    pub think_seconds: String,
    pub answer_seconds: String,
    pub modes: Vec<String>,
    pub key_points: String,
    pub red_flags: String,
    pub exemplars: String,
}

const EXEMPLAR_SEPARATOR: &str = "---";

impl QuestionFields {
    fn blank() -> Self {
        Self {
            kind: "situational".into(),
            text: String::new(),
            competencies: vec![],
            think_seconds: "30".into(),
            answer_seconds: "120".into(),
            modes: vec!["text".into()],
            key_points: String::new(),
            red_flags: String::new(),
            exemplars: String::new(),
        }
    }

    fn of(q: &Question) -> Self {
        Self {
            kind: q.kind.as_str().into(),
            text: q.text.clone(),
            competencies: q.competencies.iter().map(|k| k.to_string()).collect(),
            think_seconds: q.think_seconds.to_string(),
            answer_seconds: q.answer_seconds.to_string(),
            modes: q.modes.iter().map(|m| m.as_str().to_string()).collect(),
            key_points: q.rubric.key_points.join("\n"),
            red_flags: q.rubric.red_flags.join("\n"),
            exemplars: q
                .rubric
                .exemplars
                .join(&format!("\n{EXEMPLAR_SEPARATOR}\n")),
        }
    }

    fn from_form(f: &FormFields) -> Self {
        Self {
            kind: f.one("kind").into(),
            text: f.one("text").into(),
            competencies: f.all("competency"),
            think_seconds: f.one("think_seconds").into(),
            answer_seconds: f.one("answer_seconds").into(),
            modes: f.all("mode"),
            key_points: f.one("key_points").into(),
            red_flags: f.one("red_flags").into(),
            exemplars: f.one("exemplars").into(),
        }
    }

    fn parse(&self) -> Result<QuestionDraft, DomainError> {
        let kind: QuestionKind = self.kind.parse()?;
        let competencies = self
            .competencies
            .iter()
            .map(|k| k.parse::<CompetencyKey>())
            .collect::<Result<Vec<_>, _>>()?;
        // `label`: the field in words, in Chinese and English.
        let secs = |s: &str, field: &str, label: (&str, &str)| -> Result<u32, DomainError> {
            s.trim().parse().map_err(|_| {
                DomainError::new(field, "must be a whole number of seconds")
                    .zh(format!("{}须为整数秒。", label.0))
                    .en(format!("{} must be a whole number of seconds.", label.1))
            })
        };
        let modes = self
            .modes
            .iter()
            .map(|m| m.parse::<AnswerMode>())
            .collect::<Result<Vec<_>, _>>()?;
        let lines = |s: &str| -> Vec<String> {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        };
        let exemplars = self
            .exemplars
            .split(&format!("\n{EXEMPLAR_SEPARATOR}"))
            .map(|e| {
                e.trim()
                    .trim_start_matches(EXEMPLAR_SEPARATOR)
                    .trim()
                    .to_string()
            })
            .filter(|e| !e.is_empty())
            .collect();
        QuestionDraft::parse(
            kind,
            &self.text,
            competencies,
            secs(
                &self.think_seconds,
                "think_seconds",
                ("思考时间", "Think time"),
            )?,
            secs(
                &self.answer_seconds,
                "answer_seconds",
                ("作答时间", "Answer time"),
            )?,
            modes,
            Rubric {
                key_points: lines(&self.key_points),
                red_flags: lines(&self.red_flags),
                exemplars,
            },
        )
    }
}

#[derive(Template)]
#[template(path = "question.html")]
struct QuestionPage {
    c: Chrome,
    job: Job,
    /// `None` when adding a question.
    question_id: Option<String>,
    f: QuestionFields,
    error: Option<String>,
}

impl QuestionPage {
    fn has_competency(&self, key: &CompetencyKey) -> bool {
        self.f.competencies.iter().any(|k| k == key.as_str())
    }
    fn has_mode(&self, mode: &str) -> bool {
        self.f.modes.iter().any(|m| m == mode)
    }
}

async fn show(
    state: &AppState,
    console: &Console,
    job: Job,
    question_id: Option<String>,
    f: QuestionFields,
    error: Option<String>,
) -> Response {
    let c = match Chrome::of(state, console).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let invalid = error.is_some();
    let mut r = render(&QuestionPage {
        c,
        job,
        question_id,
        f,
        error,
    });
    if invalid {
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

pub async fn new_page(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            console.staff.recruiter()?;
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            Ok(show(&state, &console, job, None, QuestionFields::blank(), None).await)
        }
        .await,
    )
}

pub async fn edit_page(
    State(state): State<AppState>,
    console: Console,
    Path((id, qid)): Path<(String, String)>,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let qid: QuestionId = parse_id(&qid).map_err(|_| ServiceError::NotFound)?;
            console.staff.recruiter()?;
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            let q = job
                .questions
                .iter()
                .find(|q| q.id == qid)
                .ok_or(ServiceError::NotFound)?;
            let f = QuestionFields::of(q);
            Ok(show(&state, &console, job, Some(qid.to_string()), f, None).await)
        }
        .await,
    )
}

async fn save(
    state: AppState,
    console: Console,
    id: String,
    qid: Option<String>,
    pairs: Vec<(String, String)>,
) -> Response {
    let form = FormFields::new(pairs);
    if let Some(r) = console.csrf_rejection(form.one("csrf")) {
        return r;
    }
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let qid: Option<QuestionId> = qid
                .map(|q| parse_id(&q).map_err(|_| ServiceError::NotFound))
                .transpose()?;
            let who = console.staff.recruiter()?;
            let f = QuestionFields::from_form(&form);
            let result = match f.parse() {
                Ok(draft) => match qid {
                    Some(qid) => {
                        jobs::update_question(&state.services, &who, id, qid, &draft).await
                    }
                    None => jobs::add_question(&state.services, &who, id, &draft).await,
                },
                Err(e) => Err(e.into()),
            };
            match result {
                Ok(_) => Ok(Redirect::to(&format!("/jobs/{id}?tab=questions")).into_response()),
                Err(ServiceError::Invalid(e)) => {
                    let job = jobs::get_job(&state.services, &console.staff, id).await?;
                    Ok(show(
                        &state,
                        &console,
                        job,
                        qid.map(|q| q.to_string()),
                        f,
                        Some(super::errors::invalid(console.lang, &e)),
                    )
                    .await)
                }
                Err(e) => Err(e),
            }
        }
        .await,
    )
}

pub async fn create(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    save(state, console, id, None, pairs).await
}

pub async fn update(
    State(state): State<AppState>,
    console: Console,
    Path((id, qid)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    save(state, console, id, Some(qid), pairs).await
}

pub async fn archive(
    State(state): State<AppState>,
    console: Console,
    Path((id, qid)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = FormFields::new(pairs);
    if let Some(r) = console.csrf_rejection(form.one("csrf")) {
        return r;
    }
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let qid: QuestionId = parse_id(&qid).map_err(|_| ServiceError::NotFound)?;
            let who = console.staff.recruiter()?;
            jobs::archive_question(&state.services, &who, id, qid).await?;
            Ok(Redirect::to(&format!("/jobs/{id}?tab=questions")).into_response())
        }
        .await,
    )
}
