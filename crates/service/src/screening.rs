//! Screening resumes by a job's rule: a condition in the pipeline rules' language over the
//! facts read from the resume, e.g.
//! `education_level >= "本科" && years_experience >= 2 && skills.exists(s, s in ["Rust", "Go"])`.
//!
//! The rule is split at its top-level `&&` into clauses, each decided on its own, so HR
//! sees which requirement a candidate met and which not, with the values read ("学历 本科；
//! 工作年限 1.5"). A clause the resume gives no value for is "unknown", never a silent
//! pass. Education levels compare by rank: a level's name in quotes on the other side of a
//! comparison with `education_level` stands for its rank (1 高中及以下 … 5 博士).
//!
//! Screening never rejects: a failing verdict is a fact for the pipeline rules (`screened`),
//! which may propose a rejection for a person to confirm.

use std::sync::LazyLock;

use kaoguan_domain::{DomainError, EducationLevel};
use kaoguan_resume::Resume;
use kaoguan_rules::Condition;
use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The facts a screening rule reads, with their names in Chinese and English.
pub const FACTS: &[(&str, &str, &str)] = &[
    ("education_level", "学历", "Education"),
    ("years_experience", "工作年限", "Years of experience"),
    ("skills", "技能", "Skills"),
    ("graduation_year", "毕业年份", "Graduation year"),
    ("school", "学校", "School"),
    ("major", "专业", "Major"),
    ("employers", "工作单位", "Employers"),
    ("has_email", "有邮箱", "Has e-mail"),
    ("has_phone", "有手机", "Has phone"),
];

/// A compiled screening rule.
#[derive(Debug)]
pub struct ScreeningRule {
    source: String,
    clauses: Vec<(String, Condition)>,
}

/// How one clause went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reason {
    /// The clause as HR wrote it.
    pub clause: String,
    /// `pass`, `fail` or `unknown` (the resume does not say).
    pub result: String,
    /// The facts the clause reads and their values, as shown.
    pub values: Vec<ReasonValue>,
    /// The verdict as a sentence: "学历 本科，工作年限 1.5 年：不符合 years_experience >= 2".
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReasonValue {
    pub fact: String,
    pub zh: String,
    pub en: String,
}

/// A screening verdict, as kept on the application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Screening {
    /// Every clause passed (true when the job has no rule).
    pub passed: bool,
    /// The share of clauses passed, 0–100 (100 with no rule).
    pub score: f64,
    /// The rule decided, if any.
    pub rule: Option<String>,
    pub reasons: Vec<Reason>,
}

static EDU_LEFT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\beducation_level\s*(?:==|!=|>=|<=|>|<)\s*(?:"([^"]*)"|'([^']*)')"#)
        .expect("pattern")
});
static EDU_RIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:"([^"]*)"|'([^']*)')\s*(?:==|!=|>=|<=|>|<)\s*education_level\b"#)
        .expect("pattern")
});
static EDU_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\beducation_level\s+in\s+\[([^\]]*)\]").expect("pattern"));
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]*)"|'([^']*)'"#).expect("pattern"));

fn unknown_level(name: &str) -> DomainError {
    DomainError::new("screening_rule", format!("unknown education level {name:?}"))
        .zh(format!("“{name}”不是学历；可用：博士、硕士、本科、大专、高中及以下。"))
        .en(format!(
            "{name:?} is not an education level; use doctorate, master, bachelor, associate or high_school (or 博士, 硕士, 本科, 大专, 高中及以下)."
        ))
}

/// The clause with each education level's name in a comparison replaced by its rank.
fn ranks_for_levels(clause: &str) -> Result<String, DomainError> {
    let mut out = clause.to_string();
    for re in [&*EDU_LEFT, &*EDU_RIGHT] {
        let mut error = None;
        out = re
            .replace_all(&out, |c: &regex::Captures<'_>| {
                let lit = c.get(1).or_else(|| c.get(2)).expect("a quoted name");
                match EducationLevel::from_name(lit.as_str()) {
                    Some(level) => {
                        let whole = c.get(0).expect("match");
                        let (a, b) = (
                            lit.start() - whole.start() - 1,
                            lit.end() - whole.start() + 1,
                        );
                        let w = whole.as_str();
                        format!("{}{}{}", &w[..a], level.rank(), &w[b..])
                    }
                    None => {
                        error.get_or_insert_with(|| unknown_level(lit.as_str()));
                        c[0].to_string()
                    }
                }
            })
            .into_owned();
        if let Some(e) = error {
            return Err(e);
        }
    }
    let mut error = None;
    out = EDU_IN
        .replace_all(&out, |c: &regex::Captures<'_>| {
            let list = QUOTED.replace_all(&c[1], |q: &regex::Captures<'_>| {
                let name = q.get(1).or_else(|| q.get(2)).map_or("", |m| m.as_str());
                match EducationLevel::from_name(name) {
                    Some(level) => level.rank().to_string(),
                    None => {
                        error.get_or_insert_with(|| unknown_level(name));
                        q[0].to_string()
                    }
                }
            });
            format!("education_level in [{list}]")
        })
        .into_owned();
    match error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The rule's clauses: its parts joined by `&&` outside brackets and quotes.
fn clauses(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0usize);
    let bytes: Vec<(usize, char)> = source.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (at, c) = bytes[i];
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), '\\') => i += 1,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, '&') if depth == 0 && bytes.get(i + 1).is_some_and(|n| n.1 == '&') => {
                out.push(source[start..at].trim());
                start = at + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(source[start..].trim());
    out.retain(|c| !c.is_empty());
    out
}

impl ScreeningRule {
    /// Compiles and checks a rule: syntax, education level names, and that it reads only
    /// the screening facts.
    pub fn compile(source: &str) -> Result<Self, DomainError> {
        let source = source.trim();
        if source.chars().count() > kaoguan_rules::MAX_CHARS {
            return Err(
                DomainError::new("screening_rule", "is longer than 500 characters")
                    .zh("筛选条件不能超过 500 个字符。")
                    .en("The screening rule must be at most 500 characters."),
            );
        }
        // The whole rule must parse, so an unbalanced bracket is not split into clauses.
        Condition::compile(source).map_err(|e| syntax(&e.to_string()))?;
        let sample = sample_facts();
        let mut compiled = Vec::new();
        for clause in clauses(source) {
            let rewritten = ranks_for_levels(clause)?;
            let condition = Condition::compile(&rewritten).map_err(|e| syntax(&e.to_string()))?;
            for path in condition.paths() {
                if !sample.contains_key(&path[0]) {
                    let names: Vec<&str> = FACTS.iter().map(|f| f.0).collect();
                    return Err(DomainError::new(
                        "screening_rule",
                        format!(
                            "unknown fact {:?}; screening reads {}",
                            path[0],
                            names.join(", ")
                        ),
                    )
                    .zh(format!(
                        "筛选条件里的“{}”不是简历字段；可用：{}。",
                        path[0],
                        names.join("、")
                    ))
                    .en(format!(
                        "{:?} is not a resume fact; use {}.",
                        path[0],
                        names.join(", ")
                    )));
                }
            }
            // A clause of the wrong type (`years_experience + 1`, `skills > 3`) is refused
            // now, on facts of the right shape, not at the first candidate.
            match condition.evaluate(&sample) {
                Err(kaoguan_rules::EvalError::NotBoolean(t)) => {
                    return Err(DomainError::new(
                        "screening_rule",
                        format!("{clause:?} gives {t}, not true or false"),
                    )
                    .zh(format!("“{clause}”的结果不是“是/否”。"))
                    .en(format!("{clause:?} does not give true or false.")));
                }
                Err(kaoguan_rules::EvalError::Invalid(why)) => {
                    return Err(DomainError::new(
                        "screening_rule",
                        format!("{clause:?} cannot be decided: {why}"),
                    )
                    .zh(format!("“{clause}”无法判断（{why}），请检查比较的类型。"))
                    .en(format!(
                        "{clause:?} cannot be decided ({why}); check what it compares."
                    )));
                }
                _ => {}
            }
            compiled.push((clause.to_string(), condition));
        }
        Ok(Self {
            source: source.to_string(),
            clauses: compiled,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Decides the rule on a resume's facts.
    pub fn decide(&self, facts: &Map<String, Value>) -> Screening {
        let mut reasons = Vec::new();
        for (clause, condition) in &self.clauses {
            let result = match condition.evaluate(facts) {
                Ok(true) => "pass",
                Ok(false) => "fail",
                Err(_) => "unknown",
            };
            let mut read: Vec<String> = condition
                .paths()
                .into_iter()
                .map(|p| p[0].clone())
                .collect();
            read.dedup();
            let values: Vec<ReasonValue> = read.iter().map(|f| shown(f, facts.get(f))).collect();
            let zh_values: Vec<String> = values.iter().map(|v| v.zh.clone()).collect();
            let en_values: Vec<String> = values.iter().map(|v| v.en.clone()).collect();
            let (zh_word, en_word) = match result {
                "pass" => ("符合", "met"),
                "fail" => ("不符合", "not met"),
                _ => (
                    "无法判断（简历未写明）",
                    "unknown (the resume does not say)",
                ),
            };
            reasons.push(Reason {
                clause: clause.clone(),
                result: result.to_string(),
                zh: format!("{}：{zh_word} {clause}", zh_values.join("，")),
                en: format!("{}: {en_word}, {clause}", en_values.join(", ")),
                values,
            });
        }
        let passed_n = reasons.iter().filter(|r| r.result == "pass").count();
        let total = reasons.len().max(1);
        Screening {
            passed: passed_n == reasons.len(),
            score: (passed_n as f64 * 100.0 / total as f64).round(),
            rule: Some(self.source.clone()),
            reasons,
        }
    }
}

fn syntax(message: &str) -> DomainError {
    DomainError::new("screening_rule", message.to_string())
        .zh(format!("筛选条件有误：{message}。"))
        .en(format!("The screening rule is not valid: {message}."))
}

/// The verdict when a job has no screening rule: everyone passes.
pub fn no_rule() -> Screening {
    Screening {
        passed: true,
        score: 100.0,
        rule: None,
        reasons: Vec::new(),
    }
}

/// What a screening rule can read of a resume. Names, contacts and the sensitive facts
/// (age, gender, ID number…) are never among them.
pub fn facts(resume: &Resume, has_email: bool, has_phone: bool) -> Map<String, Value> {
    let mut f = Map::new();
    let text = |v: &Option<kaoguan_resume::Field<String>>| {
        v.as_ref().map_or(Value::Null, |x| json!(x.value))
    };
    f.insert(
        "education_level".into(),
        resume
            .education_level
            .as_ref()
            .map_or(Value::Null, |l| json!(l.value.rank())),
    );
    f.insert("years_experience".into(), json!(resume.years_experience));
    f.insert(
        "skills".into(),
        json!(resume
            .skills
            .iter()
            .map(|s| s.value.clone())
            .collect::<Vec<_>>()),
    );
    f.insert(
        "graduation_year".into(),
        resume
            .graduation_year
            .as_ref()
            .map_or(Value::Null, |y| json!(y.value)),
    );
    f.insert("school".into(), text(&resume.school));
    f.insert("major".into(), text(&resume.major));
    f.insert("employers".into(), json!(resume.employers()));
    f.insert("has_email".into(), json!(has_email));
    f.insert("has_phone".into(), json!(has_phone));
    f
}

fn sample_facts() -> Map<String, Value> {
    let mut f = Map::new();
    f.insert("education_level".into(), json!(3));
    f.insert("years_experience".into(), json!(1.5));
    f.insert("skills".into(), json!(["Excel"]));
    f.insert("graduation_year".into(), json!(2020));
    f.insert("school".into(), json!(""));
    f.insert("major".into(), json!(""));
    f.insert("employers".into(), json!([]));
    f.insert("has_email".into(), json!(true));
    f.insert("has_phone".into(), json!(true));
    f
}

/// A fact's value as people read it, in both languages.
fn shown(fact: &str, value: Option<&Value>) -> ReasonValue {
    let (zh_label, en_label) = FACTS
        .iter()
        .find(|f| f.0 == fact)
        .map_or((fact, fact), |f| (f.1, f.2));
    let (zh, en) = match (fact, value) {
        (_, None | Some(Value::Null)) => ("未写明".to_string(), "not given".to_string()),
        ("education_level", Some(v)) => {
            let level = v
                .as_i64()
                .and_then(|r| EducationLevel::ALL.into_iter().find(|l| l.rank() == r));
            level.map_or(("未写明".into(), "not given".into()), |l| {
                (l.zh().to_string(), l.en().to_string())
            })
        }
        ("years_experience", Some(v)) => {
            let y = v.as_f64().unwrap_or(0.0);
            (format!("{y} 年"), format!("{y} years"))
        }
        (_, Some(Value::Array(items))) => {
            let list: Vec<String> = items
                .iter()
                .map(|i| i.as_str().map_or(i.to_string(), str::to_string))
                .collect();
            if list.is_empty() {
                ("无".into(), "none".into())
            } else {
                (list.join("、"), list.join(", "))
            }
        }
        (_, Some(Value::Bool(b))) => (
            if *b { "是" } else { "否" }.into(),
            if *b { "yes" } else { "no" }.into(),
        ),
        (_, Some(Value::String(s))) => (s.clone(), s.clone()),
        (_, Some(v)) => (v.to_string(), v.to_string()),
    };
    ReasonValue {
        fact: fact.to_string(),
        zh: format!("{zh_label} {zh}"),
        en: format!("{en_label} {en}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts_of(level: Option<i64>, years: f64, skills: &[&str]) -> Map<String, Value> {
        let mut f = sample_facts();
        f.insert(
            "education_level".into(),
            level.map_or(Value::Null, |l| json!(l)),
        );
        f.insert("years_experience".into(), json!(years));
        f.insert("skills".into(), json!(skills));
        f
    }

    #[test]
    fn clauses_are_decided_one_by_one_with_their_values() {
        let rule = ScreeningRule::compile(
            r#"education_level >= "本科" && years_experience >= 2 && skills.exists(s, s in ["Rust", "Go"])"#,
        )
        .unwrap();
        let v = rule.decide(&facts_of(Some(3), 1.5, &["Go", "SQL"]));
        let results: Vec<&str> = v.reasons.iter().map(|r| r.result.as_str()).collect();
        assert_eq!(results, vec!["pass", "fail", "pass"]);
        assert!(!v.passed);
        assert_eq!(v.score, 67.0);
        assert_eq!(
            v.reasons[0].zh,
            "学历 本科：符合 education_level >= \"本科\""
        );
        assert_eq!(
            v.reasons[1].en,
            "Years of experience 1.5 years: not met, years_experience >= 2"
        );
        // Unknown is not a pass.
        let v = rule.decide(&facts_of(None, 5.0, &["Rust"]));
        assert_eq!(v.reasons[0].result, "unknown");
        assert!(!v.passed);
        let v = rule.decide(&facts_of(Some(5), 5.0, &["Rust"]));
        assert!(v.passed);
    }

    #[test]
    fn levels_compare_by_rank_in_either_language_and_order() {
        for (src, level, want) in [
            (r#"education_level >= "bachelor""#, 3, true),
            (r#"education_level > "本科""#, 3, false),
            (r#""硕士" <= education_level"#, 5, true),
            (r#"education_level in ["大专", 'high_school']"#, 2, true),
            (r#"education_level == "Master's""#, 4, true),
        ] {
            let v = ScreeningRule::compile(src)
                .unwrap()
                .decide(&facts_of(Some(level), 0.0, &[]));
            assert_eq!(v.passed, want, "{src}");
        }
    }

    #[test]
    fn bad_rules_are_refused_with_reasons() {
        for bad in [
            r#"education_level >= "本科生""#,
            "age < 35",
            "gender == 'male'",
            "years_experience >= ",
            "years_experience + 1",
        ] {
            let e = ScreeningRule::compile(bad).unwrap_err();
            assert!(e.zh_text().is_some() && e.en_text().is_some(), "{bad}");
        }
        assert_eq!(
            clauses(r#"a && (b && c) && d == "x && y""#),
            vec!["a", "(b && c)", r#"d == "x && y""#]
        );
    }
}
