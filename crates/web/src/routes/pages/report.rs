//! The report page (结构化面试报告): readable on screen and printable.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

use super::evidence;
use kaoguan_domain::{ApplicationId, RejectReason, ReportStatus, StageKey, UserId};
use kaoguan_service::media::playback;
use kaoguan_service::ratings::{self, RatingInput};
use kaoguan_service::report::{self, AnswerReport, ReportBody};
use kaoguan_service::{jobs, ServiceError};
use kaoguan_store::{Application, Job, Rating};

use super::{console_post, page_result, recruiter_post, render, Chrome, StageNames};
use crate::extract::Console;
use crate::routes::api::parse_id;
use crate::routes::api::recordings::media_response;
use crate::state::AppState;
use kaoguan_scoring::recommendation::{Reason, Recommendation};

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    c: Chrome,
    app: Application,
    job: Job,
    status: ReportStatus,
    body: Option<ReportBody>,
    recommendation: Option<Recommendation>,
    /// Every rating of this application; the form shows the viewer's own.
    ratings: Vec<Rating>,
    viewer: UserId,
    stages: StageNames,
    rules: kaoguan_service::rules::RuleHistory,
    pending_review: bool,
    /// Who is assigned this candidate (alone or with the whole job).
    assigned: Vec<kaoguan_service::assignments::AssignmentView>,
    /// Whom HR may assign; empty for everyone else.
    assignable: Vec<kaoguan_store::User>,
    scorecards: kaoguan_service::scorecards::ScorecardBoard,
    history: Vec<kaoguan_service::applications::StageMove>,
    /// Whether the viewer may see the candidate's contacts (HR always; see
    /// `kaoguan_service::org::sees_contacts`).
    contacts_visible: bool,
    comments: Vec<kaoguan_store::Comment>,
    /// Colleagues who can see the candidate, offered as @mentions.
    mentionable: Vec<kaoguan_store::User>,
    /// The resume the candidate applied with, if any.
    resume: Option<super::resume_card::ResumeCard>,
}

impl ReportPage {
    fn stage_name(&self, key: &StageKey) -> String {
        self.stages.name(key)
    }

    /// One run's verdicts in words, the rules that acted first.
    fn run_words(&self, run: &kaoguan_service::rules::RunView) -> Vec<String> {
        let verdicts: Vec<kaoguan_service::rules::RuleVerdict> = run
            .verdicts
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| {
                Some(kaoguan_service::rules::RuleVerdict {
                    rule: v["rule"].as_u64()? as usize,
                    name: v["name"].as_str().map(str::to_string),
                    action: v["do"].as_str()?.to_string(),
                    result: match v["result"].as_str()? {
                        "acted" => "acted",
                        "not_met" => "not_met",
                        "skipped" => "skipped",
                        _ => "error",
                    },
                    note: None,
                })
            })
            .collect();
        verdicts
            .iter()
            .map(|v| super::rules::verdict_words(self.c.lang, &self.stages, v))
            .collect()
    }

    /// The viewer's own card, to fill the form with.
    fn my_card(&self) -> Option<&kaoguan_service::scorecards::CardView> {
        let me = self.viewer.to_string();
        self.scorecards.cards.iter().find(|c| c.rater_id == me)
    }

    fn my_level(&self, key: &kaoguan_domain::CompetencyKey) -> u8 {
        self.my_card()
            .and_then(|c| c.ratings.get(key.as_str()))
            .map_or(0, |r| r.level)
    }

    fn my_evidence(&self, key: &kaoguan_domain::CompetencyKey) -> String {
        self.my_card()
            .and_then(|c| c.ratings.get(key.as_str()))
            .map(|r| r.evidence.clone())
            .unwrap_or_default()
    }

    fn is_my_recommendation(&self, value: &str) -> bool {
        self.my_card()
            .is_some_and(|c| c.recommendation.as_str() == value)
    }

    fn my_summary(&self) -> String {
        self.my_card()
            .and_then(|c| c.summary.clone())
            .unwrap_or_default()
    }

    fn anchor(&self, level: &u8) -> &'static str {
        kaoguan_domain::scorecard::anchor(*level, self.c.lang.language())
    }

    fn recommendations(&self) -> Vec<(&'static str, String)> {
        kaoguan_domain::scorecard::Recommendation::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str(),
                    self.c.t(&format!("card.rec.{}", r.as_str())).to_string(),
                )
            })
            .collect()
    }

    fn recommendation_name(&self, r: &kaoguan_domain::scorecard::Recommendation) -> String {
        self.c.t(&format!("card.rec.{}", r.as_str())).to_string()
    }

    /// One move in words: "AI面试 → 复试 · 规则“高分进复试”".
    fn move_words(&self, m: &kaoguan_service::applications::StageMove) -> String {
        let name = |k: &str| {
            StageKey::parse(k)
                .map(|k| self.stage_name(&k))
                .unwrap_or_else(|_| k.to_string())
        };
        let by = match (&m.rule, &m.person) {
            (Some(r), Some(p)) => format!("{p} · {}“{r}”", self.c.t("history.rule")),
            (Some(r), None) => format!("{}“{r}”", self.c.t("history.rule")),
            (None, Some(p)) => p.clone(),
            (None, None) => String::new(),
        };
        let reason = m
            .reason
            .as_ref()
            .map(|r| format!(" ({})", self.c.t(&format!("reason.{r}"))))
            .unwrap_or_default();
        format!("{} → {}{reason} · {by}", name(&m.from), name(&m.to))
    }

    fn trigger_name(&self, trigger: &str) -> &str {
        self.c.t(match trigger {
            "interview_finished" => "rules.on.interview_finished",
            "report_ready" => "rules.on.report_ready",
            _ => "rules.on.stage_timeout",
        })
    }

    fn recipient_name(&self, recipient: &str) -> String {
        self.c
            .t(&format!("rules.recipient.{recipient}"))
            .to_string()
    }

    /// The stage 通过 leads to, if any.
    fn next_stage(&self) -> Option<String> {
        let at = self.app.position();
        let from = match at.stage.as_str() {
            kaoguan_domain::stage::ON_HOLD => at.held_from.clone()?,
            _ => at.stage,
        };
        self.stages
            .pipeline()
            .after(&from)
            .map(|k| self.stage_name(k))
    }

    /// Rejected or withdrawn: only reopening applies.
    fn closed(&self) -> bool {
        matches!(
            self.app.stage.as_str(),
            kaoguan_domain::stage::REJECTED | kaoguan_domain::stage::WITHDRAWN
        )
    }

    /// Whether the interview is still open, so its link can be replaced or revoked.
    fn link_open(&self) -> bool {
        matches!(
            self.app.status,
            kaoguan_domain::ApplicationStatus::Invited
                | kaoguan_domain::ApplicationStatus::InProgress
        )
    }

    fn hired(&self) -> bool {
        self.app.stage.as_str() == kaoguan_domain::stage::HIRED
    }

    fn on_hold(&self) -> bool {
        self.app.stage.as_str() == kaoguan_domain::stage::ON_HOLD
    }

    fn reasons(&self) -> Vec<(&'static str, String)> {
        RejectReason::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str(),
                    self.c.t(&format!("reason.{}", r.as_str())).to_string(),
                )
            })
            .collect()
    }

    fn reason_label(&self, r: &RejectReason) -> String {
        self.c.t(&format!("reason.{}", r.as_str())).to_string()
    }

    /// Stages to reopen a closed application at.
    fn reopen_stages(&self) -> Vec<(String, String)> {
        self.stages
            .pipeline()
            .stages()
            .iter()
            .filter(|s| s.key.as_str() != kaoguan_domain::stage::HIRED)
            .map(|s| (s.key.to_string(), s.name.clone()))
            .collect()
    }

    fn mine<'a>(&'a self, question_id: &'a str) -> impl Iterator<Item = &'a Rating> + 'a {
        self.ratings
            .iter()
            .filter(move |r| r.rater_id == self.viewer && r.question_id.to_string() == question_id)
    }

    /// The viewer's rating of that answer on that competency; 0 when not rated yet.
    fn my_rating(&self, question_id: &str, competency: &str) -> i64 {
        self.mine(question_id)
            .find(|r| r.competency.as_str() == competency)
            .map_or(0, |r| r.rating)
    }

    fn my_note(&self, question_id: &str) -> String {
        self.mine(question_id)
            .find_map(|r| r.note.clone())
            .unwrap_or_default()
    }

    fn rating_count(&self, question_id: &str) -> usize {
        self.ratings
            .iter()
            .filter(|r| r.question_id.to_string() == question_id)
            .count()
    }

    fn status_key(&self) -> String {
        format!("rstatus.{}", self.status.as_str())
    }

    fn kind_key(&self, kind: &kaoguan_domain::QuestionKind) -> String {
        format!("q.kind.{}", kind.as_str())
    }

    fn dimension_name(&self, key: &str) -> String {
        self.job
            .model
            .competencies
            .iter()
            .find(|c| c.key.as_str() == key)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| key.to_string())
    }

    /// A formula term in words: `key_point_coverage` → "评分要点覆盖"; a cap names the
    /// problem that imposed it.
    fn feature_label(&self, name: &str) -> String {
        match name.strip_prefix("cap:") {
            Some(flag) => format!(
                "{}{}",
                self.c.lang.t("feature.cap"),
                self.c.lang.t(&format!("flag.{flag}"))
            ),
            None => self.c.lang.t(&format!("feature.{name}")).to_string(),
        }
    }

    /// What a formula term measures, for the table's hover text and small print.
    fn feature_help(&self, name: &str) -> String {
        let key = format!("feature.{name}.help");
        let text = self.c.lang.t(&key);
        if text == key {
            String::new()
        } else {
            text.to_string()
        }
    }

    /// A reason for the recommendation band, in words.
    fn reason(&self, r: &Reason) -> String {
        let t = |k: &str| self.c.lang.t(k).to_string();
        match r {
            Reason::TotalAtLeast { total, threshold } => t("band.reason.at_least")
                .replace("{total}", &self.num(total))
                .replace("{threshold}", &self.num(threshold)),
            Reason::TotalBelow { total, threshold } => t("band.reason.below")
                .replace("{total}", &self.num(total))
                .replace("{threshold}", &self.num(threshold)),
            Reason::RedFlags { count } => {
                t("band.reason.red_flags").replace("{n}", &count.to_string())
            }
            Reason::Contradicted { count } => {
                t("band.reason.contradicted").replace("{n}", &count.to_string())
            }
            Reason::InsufficientData => t("band.reason.insufficient"),
        }
    }

    /// A detected answer problem in words.
    /// A flag in words; one without a label yet is described generically rather than
    /// shown as its internal name.
    fn flag_label(&self, flag: &str) -> String {
        let key = format!("flag.{flag}");
        match self.c.lang.t(&key) {
            same if same == key => self.c.lang.t("flag.other").to_string(),
            label => label.to_string(),
        }
    }

    fn pct(&self, v: &f64) -> String {
        format!("{:.0}", v * 100.0)
    }

    fn num(&self, v: &f64) -> String {
        format!("{v:.1}")
    }

    fn secs(&self, v: &f64) -> String {
        format!("{v:.1}")
    }

    /// A time on the recording as the player takes it (`data-seek`).
    fn at(&self, secs: &f64) -> String {
        format!("{secs:.2}")
    }

    /// A time on the recording as people read it, `m:ss`.
    fn clock(&self, secs: &f64) -> String {
        let whole = secs.max(0.0).floor() as u64;
        format!("{}:{:02}", whole / 60, whole % 60)
    }

    /// Where a recorded answer's evidence quote was said: the start of the first segment
    /// it overlaps. `None` for text answers and quotes no segment holds.
    fn evidence_at(&self, answer: &AnswerReport, quote: &str) -> Option<f64> {
        answer.media.as_ref()?;
        evidence::locate(answer.segments.as_deref()?, quote)
    }
}

pub async fn page(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: ApplicationId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let view = report::get_report(&state.services, &console.staff, id).await?;
            let app =
                kaoguan_service::applications::get_application(&state.services, &console.staff, id)
                    .await?;
            let job = jobs::get_job(&state.services, &console.staff, app.job_id).await?;
            let ratings = ratings::list(&state.services, &console.staff, id).await?;
            let rules =
                kaoguan_service::rules::history(&state.services, &console.staff, id).await?;
            let pending_review =
                kaoguan_service::reviews::pending_for(&state.services, &console.staff, id)
                    .await?
                    .is_some();
            let assigned: Vec<_> =
                kaoguan_service::assignments::of_job(&state.services, &console.staff, app.job_id)
                    .await?
                    .into_iter()
                    .filter(|a| {
                        a.application_id.is_none()
                            || a.application_id.as_deref() == Some(id.to_string().as_str())
                    })
                    .collect();
            let assignable = match console.staff.recruiter() {
                Ok(who) => kaoguan_service::assignments::assignable(&state.services, &who).await?,
                Err(_) => Vec::new(),
            };
            let scorecards =
                kaoguan_service::scorecards::board(&state.services, &console.staff, id).await?;
            let history =
                kaoguan_service::applications::history(&state.services, &console.staff, id).await?;
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => render(&ReportPage {
                    resume: super::resume_card::card(&state, &console, id).await?,
                    comments: kaoguan_service::comments::list(&state.services, &console.staff, id)
                        .await?,
                    mentionable: kaoguan_service::comments::mentionable(
                        &state.services,
                        &console.staff,
                        id,
                    )
                    .await?,
                    contacts_visible: kaoguan_service::org::contacts_visible(
                        &state.services,
                        &console.staff,
                    )
                    .await?,
                    rules,
                    pending_review,
                    assigned,
                    assignable,
                    scorecards,
                    history,
                    stages: StageNames::of(&job, c.lang),
                    c,
                    app,
                    job,
                    status: view.status,
                    body: view.detail,
                    recommendation: view.recommendation,
                    ratings,
                    viewer: console.staff.user.id,
                }),
                Err(r) => r,
            })
        }
        .await,
    )
}

/// A recorded answer for the report page's player, with the session cookie: the same
/// bytes and ranges as the API's endpoint.
pub async fn recording(
    State(state): State<AppState>,
    console: Console,
    Path((id, question_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: ApplicationId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let question = parse_id(&question_id).map_err(|_| ServiceError::NotFound)?;
            let rec = playback::recording(&state.services, &console.staff, id, question).await?;
            Ok(media_response(&state.services, rec, &headers))
        }
        .await,
    )
}

/// Saves the viewer's ratings of one answer from the form under it; competencies left at
/// "—" are not rated.
/// 通过 / 待定 / 淘汰 / reopen from the report page; taken on the stage the page showed.
pub async fn decide(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(
        &console,
        &id,
        pairs,
        |who, id: ApplicationId, f| async move {
            let reason = match f.one("reason") {
                "" => None,
                r => Some(r.parse::<RejectReason>()?),
            };
            let stage = Some(f.one("stage")).filter(|s| !s.is_empty());
            let decision =
                crate::routes::api::dto::parse_decision(f.one("decision"), stage, reason)?;
            let expected = StageKey::parse(f.one("expected_stage"))?;
            let note = Some(f.one("note")).filter(|n| !n.trim().is_empty());
            kaoguan_service::decisions::decide(
                &state.services,
                &who,
                id,
                decision,
                note,
                Some(&expected),
            )
            .await?;
            Ok(Redirect::to(&format!("/applications/{id}#decision")).into_response())
        },
    )
    .await
}

/// A new interview link, shown once on its own page; the old link stops working.
pub async fn renew_link(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let c = &console;
    recruiter_post(
        &console,
        &id,
        pairs,
        |who, id: ApplicationId, _| async move {
            let inv = kaoguan_service::invitations::renew_link(&state.services, &who, id).await?;
            Ok(match Chrome::of(&state, c).await {
                Ok(c) => render(&NewLinkPage {
                    c,
                    application_id: id.to_string(),
                    name: inv.application.candidate_name,
                    url: inv.interview_url,
                }),
                Err(r) => r,
            })
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "new_link.html")]
struct NewLinkPage {
    c: Chrome,
    application_id: String,
    name: String,
    url: String,
}

/// Withdraws the interview link.
pub async fn revoke_link(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(
        &console,
        &id,
        pairs,
        |who, id: ApplicationId, _| async move {
            kaoguan_service::invitations::revoke_link(&state.services, &who, id).await?;
            Ok(Redirect::to(&format!("/applications/{id}#link")).into_response())
        },
    )
    .await
}

pub async fn rate(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let console = &console;
    console_post(console, pairs, |f| async move {
        let id: ApplicationId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
        let question_id = parse_id(f.one("question_id")).map_err(|_| ServiceError::NotFound)?;
        let note = Some(f.one("note").to_string());
        for (name, value) in f.pairs() {
            let (Some(key), false) = (name.strip_prefix("r_"), value.is_empty()) else {
                continue;
            };
            let rating: i64 = value.parse().map_err(|_| {
                kaoguan_domain::DomainError::new("rating", "must be 1 to 5")
                    .zh("评分须为 1 到 5 的整数。")
                    .en("The rating must be a whole number from 1 to 5.")
            })?;
            let input = RatingInput {
                question_id,
                competency: key.parse()?,
                rating,
                note: note.clone(),
            };
            ratings::rate(&state.services, &console.staff, id, input).await?;
        }
        let anchor: String = f
            .one("anchor")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        Ok(Redirect::to(&format!("/applications/{id}#{anchor}")).into_response())
    })
    .await
}
