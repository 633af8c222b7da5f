//! The rules editor of a job (rows of trigger, condition and action; save or preview) and
//! the review queue where people confirm or override the rejections rules propose.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::{DomainError, JobId, PipelineRule, RejectReason, Trigger};
use kaoguan_service::reviews::{self, ReviewView, Verdict};
use kaoguan_service::rules::{self, PreviewRow};
use kaoguan_service::{jobs, ServiceError};
use kaoguan_store::{Job, ReviewStatus};

use super::form::FormFields;
use super::{console_post, page_result, render, Chrome, StageNames};
use crate::extract::Console;
use crate::i18n::Lang;
use crate::routes::api::parse_id;
use crate::state::AppState;

/// Empty rows the editor offers for new rules.
const SPARE_ROWS: usize = 2;

/// One rule as the editor's form holds it: text, as typed.
#[derive(Debug, Clone, Default)]
pub struct RuleRow {
    pub name: String,
    pub on: String,
    pub condition: String,
    pub action: String,
    pub stage: String,
    pub hours: String,
}

impl RuleRow {
    fn of(rule: &PipelineRule) -> Self {
        Self {
            name: rule.name.clone().unwrap_or_default(),
            on: rule.on.as_str().to_string(),
            condition: rule.condition.clone().unwrap_or_default(),
            action: rule.action.to_string(),
            stage: rule
                .stage
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            hours: rule.after_hours.map(|h| h.to_string()).unwrap_or_default(),
        }
    }

    fn is_blank(&self) -> bool {
        self.condition.trim().is_empty() && self.action.trim().is_empty()
    }

    /// The row as a rule; an error names what is wrong in the console's words.
    fn parse(&self) -> Result<PipelineRule, DomainError> {
        let on = match self.on.as_str() {
            "interview_finished" => Trigger::InterviewFinished,
            "report_ready" => Trigger::ReportReady,
            "stage_timeout" => Trigger::StageTimeout,
            _ => {
                return Err(DomainError::new("on", "choose when the rule runs")
                    .zh("请选择规则的触发时机。")
                    .en("Choose when the rule runs."))
            }
        };
        let timeout = on == Trigger::StageTimeout;
        let after_hours = match self.hours.trim() {
            "" => None,
            h if timeout => Some(h.parse::<u32>().map_err(|_| {
                DomainError::new("after_hours", "must be a whole number of hours")
                    .zh("超时时长须为整数小时。")
                    .en("The wait must be a whole number of hours.")
            })?),
            _ => None,
        };
        let stage = match self.stage.trim() {
            "" => None,
            s if timeout => Some(s.parse()?),
            _ => None,
        };
        Ok(PipelineRule {
            name: Some(self.name.trim().to_string()).filter(|n| !n.is_empty()),
            on,
            condition: Some(self.condition.trim().to_string()).filter(|c| !c.is_empty()),
            action: self.action.parse()?,
            stage,
            after_hours,
        })
    }
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    c: Chrome,
    job: Job,
    stages: StageNames,
    rows: Vec<RuleRow>,
    error: Option<String>,
    preview: Option<Vec<PreviewRow>>,
}

impl RulesPage {
    /// The actions a rule may take on this job, as (value, label).
    fn actions(&self) -> Vec<(String, String)> {
        let mut out = vec![(
            "advance".to_string(),
            self.c.t("rules.do.advance").to_string(),
        )];
        for s in self.stages.pipeline().stages() {
            if s.key.as_str() != kaoguan_domain::stage::HIRED {
                out.push((
                    format!("move:{}", s.key),
                    format!("{}{}", self.c.t("rules.do.move"), s.name),
                ));
            }
        }
        for (value, key) in [
            ("propose_reject", "rules.do.propose_reject"),
            ("notify:hr", "rules.do.notify_hr"),
            ("notify:dept_head", "rules.do.notify_dept_head"),
            ("notify:interviewer", "rules.do.notify_interviewer"),
        ] {
            out.push((value.to_string(), self.c.t(key).to_string()));
        }
        out
    }

    fn triggers(&self) -> Vec<(&'static str, &str)> {
        ["interview_finished", "report_ready", "stage_timeout"]
            .into_iter()
            .map(|t| (t, self.c.t(trigger_key(t))))
            .collect()
    }

    /// Ordered stages a timeout may wait in.
    fn timeout_stages(&self) -> Vec<(String, String)> {
        self.stages
            .pipeline()
            .stages()
            .iter()
            .filter(|s| !s.key.is_final())
            .map(|s| (s.key.to_string(), s.name.clone()))
            .collect()
    }

    fn dimension_keys(&self) -> String {
        self.job
            .model
            .competencies
            .iter()
            .map(|c| format!("report.dimensions.{} ({})", c.key, c.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn stage_name(&self, key: &str) -> String {
        key.parse()
            .map(|k| self.stages.name(&k))
            .unwrap_or_else(|_| key.to_string())
    }

    fn verdict_text(&self, v: &kaoguan_service::rules::RuleVerdict) -> String {
        verdict_words(self.c.lang, &self.stages, v)
    }
}

fn trigger_key(t: &str) -> &'static str {
    match t {
        "interview_finished" => "rules.on.interview_finished",
        "report_ready" => "rules.on.report_ready",
        _ => "rules.on.stage_timeout",
    }
}

/// A rule's verdict in words: "第 1 条规则：执行 · 推进到下一阶段" / "Rule 1: acts · Advance…".
pub fn verdict_words(
    lang: Lang,
    stages: &StageNames,
    v: &kaoguan_service::rules::RuleVerdict,
) -> String {
    let mut result = lang
        .t(match v.result {
            "acted" => "rules.result.acted",
            "not_met" => "rules.result.not_met",
            "skipped" => "rules.result.skipped",
            "not_yet" => "rules.result.not_yet",
            "already_ran" => "rules.result.already_ran",
            _ => "rules.result.error",
        })
        .to_string();
    if v.result == "acted" {
        if let Ok(action) = v.action.parse::<kaoguan_domain::RuleAction>() {
            result = format!("{result} · {}", action_words(lang, stages, &action));
        }
    }
    let name = v
        .name
        .as_ref()
        .map(|n| format!("“{n}”"))
        .unwrap_or_default();
    match lang {
        Lang::Zh => format!("第 {} 条规则{name}：{result}", v.rule),
        Lang::En if name.is_empty() => format!("Rule {}: {result}", v.rule),
        Lang::En => format!("Rule {} {name}: {result}", v.rule),
    }
}

fn action_words(lang: Lang, stages: &StageNames, action: &kaoguan_domain::RuleAction) -> String {
    match action {
        kaoguan_domain::RuleAction::MoveTo(s) => {
            format!("{}{}", lang.t("rules.do.move"), stages.name(s))
        }
        kaoguan_domain::RuleAction::Notify(r) => lang
            .t(match r {
                kaoguan_domain::Role::DeptHead => "rules.do.notify_dept_head",
                kaoguan_domain::Role::Interviewer => "rules.do.notify_interviewer",
                _ => "rules.do.notify_hr",
            })
            .to_string(),
        kaoguan_domain::RuleAction::ProposeReject => lang.t("rules.do.propose_reject").to_string(),
        _ => lang.t("rules.do.advance").to_string(),
    }
}

/// A rule in one line: "报告生成时 · report.total >= 75 → 推进到下一阶段".
pub fn describe(lang: Lang, stages: &StageNames, rule: &PipelineRule) -> String {
    let mut when = lang.t(trigger_key(rule.on.as_str())).to_string();
    if let (Some(stage), Some(hours)) = (&rule.stage, rule.after_hours) {
        when = match lang {
            Lang::Zh => format!("在“{}”停留超过 {hours} 小时", stages.name(stage)),
            Lang::En => format!("After {hours} hours in {}", stages.name(stage)),
        };
    }
    let action = action_words(lang, stages, &rule.action);
    let name = rule
        .name
        .as_ref()
        .map(|n| format!("“{n}” "))
        .unwrap_or_default();
    match &rule.condition {
        Some(c) if !c.trim().is_empty() => format!("{name}{when} · {c} → {action}"),
        _ => format!("{name}{when} → {action}"),
    }
}

fn rows_from(f: &FormFields) -> Vec<RuleRow> {
    let count: usize = f
        .one("count")
        .parse()
        .unwrap_or(0)
        .min(kaoguan_domain::rule::MAX_RULES + SPARE_ROWS);
    (0..count)
        .filter(|i| f.one(&format!("drop_{i}")) != "1")
        .map(|i| RuleRow {
            name: f.one(&format!("name_{i}")).to_string(),
            on: f.one(&format!("on_{i}")).to_string(),
            condition: f.one(&format!("if_{i}")).to_string(),
            action: f.one(&format!("do_{i}")).to_string(),
            stage: f.one(&format!("stage_{i}")).to_string(),
            hours: f.one(&format!("hours_{i}")).to_string(),
        })
        .filter(|r| !r.is_blank())
        .collect()
}

fn with_spares(mut rows: Vec<RuleRow>) -> Vec<RuleRow> {
    rows.extend(std::iter::repeat_n(RuleRow::default(), SPARE_ROWS));
    rows
}

pub async fn edit_page(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> Response {
    page_result(
        console.lang,
        async {
            console.staff.recruiter()?;
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            let rows = with_spares(job.pipeline_rules.iter().map(RuleRow::of).collect());
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => render(&RulesPage {
                    stages: StageNames::of(&job, c.lang),
                    c,
                    job,
                    rows,
                    error: None,
                    preview: None,
                }),
                Err(r) => r,
            })
        }
        .await,
    )
}

/// Saves the rules (then back to the job), or previews them on the job's candidates; a
/// rule that does not check comes back in the editor, as typed, with what is wrong.
pub async fn save(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let console = &console;
    console_post(console, pairs, |f| async move {
        let who = console.staff.recruiter()?;
        let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
        let job = jobs::get_job(&state.services, &console.staff, id).await?;
        let rows = rows_from(&f);
        let parsed: Result<Vec<PipelineRule>, DomainError> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| r.parse().map_err(|e| e.within(&format!("rules[{i}]"))))
            .collect();
        let previewing = f.one("preview") == "1";
        let outcome = match parsed {
            Err(e) => Err(ServiceError::Invalid(e)),
            Ok(rules) if previewing => rules::preview(&state.services, &who, id, &rules)
                .await
                .map(Some),
            Ok(rules) => rules::set_rules(&state.services, &who, id, &rules)
                .await
                .map(|_| None),
        };
        let (error, preview) = match outcome {
            Ok(None) => {
                return Ok(Redirect::to(&format!("/jobs/{id}?tab=settings#rules")).into_response())
            }
            Ok(Some(preview)) => (None, Some(preview)),
            Err(ServiceError::Invalid(e)) => (Some(super::errors::invalid(console.lang, &e)), None),
            Err(e) => return Err(e),
        };
        let failed = error.is_some();
        let c = match Chrome::of(&state, console).await {
            Ok(c) => c,
            Err(r) => return Ok(r),
        };
        let mut r = render(&RulesPage {
            stages: StageNames::of(&job, c.lang),
            c,
            job,
            rows: with_spares(rows),
            error,
            preview,
        });
        if failed {
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        }
        Ok(r)
    })
    .await
}

#[derive(Template)]
#[template(path = "reviews.html")]
struct ReviewsPage {
    c: Chrome,
    pending: Vec<ReviewView>,
    decided: Vec<ReviewView>,
    can_decide: bool,
    reasons: Vec<&'static str>,
}

impl ReviewsPage {
    fn total(&self, r: &ReviewView) -> String {
        r.facts["total"]
            .as_f64()
            .map(|t| format!("{t:.1}"))
            .unwrap_or_else(|| "—".into())
    }

    fn band(&self, r: &ReviewView) -> String {
        match r.facts["band"].as_str() {
            Some(b) => self.c.t(&format!("band.{b}")).to_string(),
            None => "—".into(),
        }
    }

    fn status_label(&self, r: &ReviewView) -> &str {
        self.c.t(match r.status {
            "confirmed" => "reviews.status.confirmed",
            "overridden" => "reviews.status.overridden",
            _ => "reviews.status.pending",
        })
    }
}

pub async fn queue(State(state): State<AppState>, console: Console) -> Response {
    page_result(
        console.lang,
        async {
            let pending =
                reviews::list(&state.services, &console.staff, ReviewStatus::Pending).await?;
            let mut decided =
                reviews::list(&state.services, &console.staff, ReviewStatus::Confirmed).await?;
            decided.extend(
                reviews::list(&state.services, &console.staff, ReviewStatus::Overridden).await?,
            );
            decided.sort_by_key(|r| std::cmp::Reverse(r.decided_at));
            decided.truncate(20);
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => render(&ReviewsPage {
                    c,
                    pending,
                    decided,
                    can_decide: console.staff.recruiter().is_ok(),
                    reasons: RejectReason::ALL.iter().map(|r| r.as_str()).collect(),
                }),
                Err(r) => r,
            })
        }
        .await,
    )
}

/// Confirms or overrides one proposal from the queue.
pub async fn decide(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let console = &console;
    console_post(console, pairs, |f| async move {
        let who = console.staff.recruiter()?;
        let id = uuid::Uuid::parse_str(&id).map_err(|_| ServiceError::NotFound)?;
        let verdict = match f.one("decision") {
            "confirm" => Verdict::Confirm(f.one("category").parse()?),
            "override" => Verdict::Override,
            _ => {
                return Err(DomainError::new("decision", "expected confirm or override")
                    .zh("请选择确认淘汰或驳回建议。")
                    .en("Choose to confirm or override.")
                    .into())
            }
        };
        reviews::decide(
            &state.services,
            &who,
            &id.to_string(),
            verdict,
            f.one("reason"),
        )
        .await?;
        Ok(Redirect::to("/reviews").into_response())
    })
    .await
}
