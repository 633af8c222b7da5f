//! The facts a rule's condition reads, and facts of the right shape to check paths against.

use chrono::{DateTime, Utc};
use kaoguan_domain::Trigger;
use kaoguan_store::{Application, Job};
use serde_json::{json, Map, Value};

use crate::report::ReportBody;

/// The facts' top-level names and what each trigger provides.
pub(super) fn provides(trigger: Trigger) -> &'static [&'static str] {
    match trigger {
        Trigger::ReportReady => &["report", "application", "candidate"],
        Trigger::Screened => &["screening", "application", "candidate"],
        Trigger::InterviewFinished | Trigger::StageTimeout => &["application", "candidate"],
    }
}

/// What a condition can read, as JSON.
///
/// - `report`: `total` (0–100), `band` (`strongly_recommend`, `recommend`, `undecided`,
///   `not_recommended`), `status` (`ready`, `insufficient_data`), `dimensions.<key>`
///   (0–100), `flags` (answer flags such as `off_topic`, `evasive`), `red_flags` and
///   `contradicted_points` (counts);
/// - `application`: `stage`, `status`, `days_in_stage`;
/// - `candidate`: `has_email`, `has_phone`;
/// - `screening` (resume intake): `passed` (every clause of the job's screening rule held)
///   and `score` (the share of clauses that held, 0–100).
///
/// Candidates' names and contact details are never facts.
pub(super) fn facts(
    app: &Application,
    report: Option<(&Job, &ReportBody)>,
    screening: Option<&Value>,
    now: DateTime<Utc>,
) -> Map<String, Value> {
    let since = app.stage_changed_at.unwrap_or(app.created_at);
    let days = (now - since).num_minutes().max(0) as f64 / (24.0 * 60.0);
    let mut facts = Map::new();
    facts.insert(
        "application".into(),
        json!({
            "stage": app.stage.as_str(),
            "status": app.status.as_str(),
            "days_in_stage": (days * 100.0).round() / 100.0,
        }),
    );
    facts.insert(
        "candidate".into(),
        json!({
            "has_email": app.candidate_email.is_some(),
            "has_phone": app.candidate_phone.is_some(),
        }),
    );
    if let Some((job, body)) = report {
        facts.insert("report".into(), report_facts(job, body));
    }
    if let Some(s) = screening {
        facts.insert(
            "screening".into(),
            json!({"passed": s.get("passed").cloned().unwrap_or(json!(false)),
                   "score": s.get("score").cloned().unwrap_or(json!(0.0))}),
        );
    }
    facts
}

pub(super) fn report_facts(job: &Job, body: &ReportBody) -> Value {
    let recommendation = crate::report::recommend(job, body.status, body.total, body);
    let (red_flags, flags) = crate::report::filter_facts(body);
    let dimensions: Map<String, Value> = body
        .dimensions
        .iter()
        .map(|d| (d.key.clone(), json!(round2(d.score))))
        .collect();
    json!({
        "total": round2(body.total),
        "band": recommendation.band.as_str(),
        "status": body.status.as_str(),
        "dimensions": dimensions,
        "flags": flags,
        "red_flags": red_flags,
        "contradicted_points": body.answers.iter().flat_map(|a| &a.key_points).filter(|k| k.contradicted()).count(),
    })
}

pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Facts of the right shape for `job` and `trigger`, for checking which paths exist.
pub(super) fn sample_facts(job: &Job, trigger: Trigger) -> Map<String, Value> {
    let mut facts = Map::new();
    facts.insert(
        "application".into(),
        json!({"stage": "", "status": "", "days_in_stage": 0.0}),
    );
    facts.insert(
        "candidate".into(),
        json!({"has_email": false, "has_phone": false}),
    );
    if provides(trigger).contains(&"screening") {
        facts.insert("screening".into(), json!({"passed": false, "score": 0.0}));
    }
    if provides(trigger).contains(&"report") {
        let dimensions: Map<String, Value> = job
            .model
            .competencies
            .iter()
            .map(|c| (c.key.to_string(), json!(0.0)))
            .collect();
        facts.insert(
            "report".into(),
            json!({"total": 0.0, "band": "", "status": "", "dimensions": dimensions,
                   "flags": [], "red_flags": 0, "contradicted_points": 0}),
        );
    }
    facts
}
