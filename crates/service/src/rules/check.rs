//! Rules checked when saved: the pipeline, the condition's syntax, every path it reads.

use kaoguan_domain::{DomainError, JobId, PipelineRule, Trigger};
use kaoguan_rules::{CompileError, Condition};
use kaoguan_store::Job;
use serde_json::{Map, Value};

use super::facts::sample_facts;
use crate::{Recruiter, ServiceResult, Services};

/// Checks `rules` for `job`: each rule's trigger, stage and action against the pipeline,
/// and its condition's syntax and every field it reads against what its trigger provides.
pub fn check(job: &Job, rules: &[PipelineRule]) -> Result<(), DomainError> {
    if rules.len() > kaoguan_domain::rule::MAX_RULES {
        return Err(DomainError::new("rules", "at most 50 rules per job")
            .zh("每个岗位最多 50 条规则。")
            .en("A job may have at most 50 rules."));
    }
    let pipeline = job.pipeline();
    for (i, rule) in rules.iter().enumerate() {
        let within = format!("rules[{i}]");
        rule.check(&pipeline).map_err(|e| e.within(&within))?;
        let condition = compile(rule).map_err(|e| e.within(&within))?;
        check_paths(&condition, &sample_facts(job, rule.on), rule.on)
            .map_err(|e| e.within(&within))?;
    }
    Ok(())
}

pub(super) fn compile(rule: &PipelineRule) -> Result<Condition, DomainError> {
    Condition::compile(rule.condition_text()).map_err(|e| match e {
        CompileError::Syntax {
            line,
            column,
            message,
        } => DomainError::new(
            "if",
            format!("syntax error at line {line}, column {column}: {message}"),
        )
        .zh(format!(
            "条件第 {line} 行第 {column} 列有语法错误（{message}）。"
        ))
        .en(format!(
            "The condition has a syntax error at line {line}, column {column} ({message})."
        )),
        CompileError::TooLong => DomainError::new("if", "is longer than 500 characters")
            .zh("条件不能超过 500 个字符。")
            .en("The condition must be at most 500 characters."),
        CompileError::TooDeep => DomainError::new("if", "nests brackets too deeply")
            .zh("条件的括号嵌套过深。")
            .en("The condition nests brackets too deeply."),
        CompileError::Empty => DomainError::new("if", "is empty")
            .zh("条件为空。")
            .en("The condition is empty."),
    })
}

/// Every path the condition reads must exist in the trigger's facts (a dimension key the
/// competency model lacks, `report` on a trigger that has no report, a typo).
pub(super) fn check_paths(
    condition: &Condition,
    sample: &Map<String, Value>,
    trigger: Trigger,
) -> Result<(), DomainError> {
    for path in condition.paths() {
        let mut at: Option<&Value> = sample.get(&path[0]);
        if at.is_none() {
            let name = &path[0];
            return Err(if name == "report" {
                DomainError::new(
                    "if",
                    format!(
                        "there is no report yet when a rule on {} runs",
                        trigger.as_str()
                    ),
                )
                .zh("这个时机还没有报告，条件不能读取 report。")
                .en(format!(
                    "There is no report yet when a rule on {} runs.",
                    trigger.as_str()
                ))
            } else {
                DomainError::new("if", format!("unknown name {name:?}"))
                    .zh(format!(
                        "条件中的“{}”无法识别，可用 report、application、candidate。",
                        name.escape_debug()
                    ))
                    .en(format!(
                        "The condition reads {name:?}, which is not known; use report, application or candidate."
                    ))
            });
        }
        for (depth, field) in path.iter().enumerate().skip(1) {
            at = at.and_then(|v| v.as_object()).and_then(|o| o.get(field));
            if at.is_none() {
                let dotted = path[..=depth].join(".");
                return Err(DomainError::new("if", format!("unknown field {dotted}"))
                    .zh(format!("条件中的“{}”不存在。", dotted.escape_debug()))
                    .en(format!(
                        "The condition reads {dotted}, which does not exist."
                    )));
            }
        }
    }
    Ok(())
}

/// Whether the job has rules on `trigger`: the change that fires it then queues their run
/// in its own transaction.
pub fn has_rules_on(job: &Job, trigger: Trigger) -> bool {
    job.pipeline_rules.iter().any(|r| r.on == trigger)
}

/// Replaces the job's rules after checking them.
pub async fn set_rules(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    rules: &[PipelineRule],
) -> ServiceResult<Job> {
    let job = services.store.get_job(who.org(), id).await?;
    check(&job, rules)?;
    services
        .store
        .set_pipeline_rules(who.org(), id, rules, services.clock.now())
        .await?;
    Ok(services.store.get_job(who.org(), id).await?)
}
