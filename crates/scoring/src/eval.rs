//! The evaluation protocol: how well a scorer orders graded answers.
//!
//! An evaluation file is the offline input (`question`, `answers`) plus `labels` (a 1–5
//! grade per answer) and optionally `types` (what kind of answer each one is, e.g.
//! `excellent`, `stance-reversal`, `keyword-list`; see `../shared/eval/README.md`).
//!
//! [`evaluate`] reports, per question, Spearman's rho between totals and labels and the
//! pairwise ordering accuracy; over all questions, the mean of both, how many adversarial
//! answers reach the lowest label ≥ 4 answer of their question (the target is 0), and the
//! mean total per answer type. Anything fitted must be evaluated on questions it was not
//! fitted on: [`leave_one_question_out`] runs a fit per held-out question.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::calibrate::spearman;
use crate::offline::{parse_question, OfflineError};
use crate::{AnswerScore, QuestionInput, Relation};

/// Answer types that imitate a good answer without being one: none of them may score as
/// high as a genuine label ≥ 4 answer of the same question.
pub const ADVERSARIAL_TYPES: [&str; 6] = [
    "stance-reversal",
    "negation",
    "keyword-list",
    "question-echo",
    "injection",
    "off-topic",
];

/// One graded question of an evaluation set.
#[derive(Clone, Debug)]
pub struct EvalQuestion {
    /// The file stem.
    pub name: String,
    pub question: QuestionInput,
    pub answers: Vec<String>,
    pub labels: Vec<f64>,
    /// One per answer when the file has them.
    pub types: Option<Vec<String>>,
}

/// Reads one evaluation file's text.
pub fn parse_file(name: &str, raw: &str) -> Result<EvalQuestion, OfflineError> {
    let root: Value = serde_json::from_str(raw).map_err(|e| OfflineError::Json(e.to_string()))?;
    let question = parse_question(root.get("question"))?;
    let strings = |key: &str| -> Result<Option<Vec<String>>, OfflineError> {
        match root.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| OfflineError::Invalid {
                            field: key.into(),
                            message: "must be an array of strings".into(),
                        })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(OfflineError::Invalid {
                field: key.into(),
                message: "must be an array of strings".into(),
            }),
        }
    };
    let answers = strings("answers")?.unwrap_or_default();
    let labels: Vec<f64> = root
        .get("labels")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    if labels.len() != answers.len() || answers.is_empty() {
        return Err(OfflineError::Invalid {
            field: "labels".into(),
            message: format!(
                "{} labels for {} answers: an evaluation file needs one grade per answer",
                labels.len(),
                answers.len()
            ),
        });
    }
    let types = strings("types")?;
    if types.as_ref().is_some_and(|t| t.len() != answers.len()) {
        return Err(OfflineError::Invalid {
            field: "types".into(),
            message: "must have one entry per answer".into(),
        });
    }
    Ok(EvalQuestion {
        name: name.to_string(),
        question,
        answers,
        labels,
        types,
    })
}

/// Every `*.json` file of a directory, sorted by name.
pub fn load_dir(dir: &Path) -> Result<Vec<EvalQuestion>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let raw = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let name = p.file_stem().unwrap_or_default().to_string_lossy();
            parse_file(&name, &raw).map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect()
}

/// The figures of one question.
#[derive(Clone, Debug)]
pub struct QuestionFigures {
    pub name: String,
    pub spearman: f64,
    /// Share of answer pairs with different labels that the totals order the same way
    /// (ties count half).
    pub pairwise: f64,
    pub totals: Vec<f64>,
    pub labels: Vec<f64>,
    pub types: Option<Vec<String>>,
}

/// An adversarial answer that scored at least as high as a genuine label ≥ 4 answer.
#[derive(Clone, Debug)]
pub struct Breach {
    pub question: String,
    pub answer: usize,
    pub kind: String,
    pub total: f64,
    /// The lowest total among the question's label ≥ 4 answers.
    pub good_total: f64,
}

/// The figures of a whole evaluation run.
#[derive(Clone, Debug)]
pub struct EvalReport {
    pub questions: Vec<QuestionFigures>,
    pub mean_spearman: f64,
    pub mean_pairwise: f64,
    pub breaches: Vec<Breach>,
    /// Answers graded 1 that score at least as high as a label ≥ 4 answer of their question
    /// (the older files have no types, so this is their check).
    pub label1_breaches: usize,
    /// Mean total and count per answer type.
    pub by_type: BTreeMap<String, (f64, usize)>,
}

impl EvalReport {
    /// Breaches per adversarial type, every type listed (zeros included).
    pub fn breaches_by_type(&self) -> BTreeMap<&'static str, usize> {
        ADVERSARIAL_TYPES
            .iter()
            .map(|t| (*t, self.breaches.iter().filter(|b| b.kind == *t).count()))
            .collect()
    }
}

/// Scores every answer with `total` and computes the figures.
pub fn evaluate(
    questions: &[EvalQuestion],
    mut total: impl FnMut(&EvalQuestion, &str) -> f64,
) -> EvalReport {
    let mut figures = Vec::new();
    for q in questions {
        let totals: Vec<f64> = q.answers.iter().map(|a| total(q, a)).collect();
        figures.push(QuestionFigures {
            name: q.name.clone(),
            spearman: spearman(&q.labels, &totals),
            pairwise: pairwise(&q.labels, &totals),
            totals,
            labels: q.labels.clone(),
            types: q.types.clone(),
        });
    }
    report(figures)
}

/// Computes the run's figures from per-question totals.
pub fn report(questions: Vec<QuestionFigures>) -> EvalReport {
    let n = questions.len().max(1) as f64;
    let mean_spearman = questions.iter().map(|q| q.spearman).sum::<f64>() / n;
    let mean_pairwise = questions.iter().map(|q| q.pairwise).sum::<f64>() / n;
    let mut breaches = Vec::new();
    let mut label1_breaches = 0;
    let mut by_type: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for q in &questions {
        let good_total = q
            .labels
            .iter()
            .zip(&q.totals)
            .filter(|(l, _)| **l >= 4.0)
            .map(|(_, t)| *t)
            .fold(f64::INFINITY, f64::min);
        for (i, (&label, &t)) in q.labels.iter().zip(&q.totals).enumerate() {
            if label <= 1.0 && t >= good_total {
                label1_breaches += 1;
            }
            let Some(kind) = q.types.as_ref().map(|t| t[i].as_str()) else {
                continue;
            };
            let e = by_type.entry(kind.to_string()).or_insert((0.0, 0));
            e.0 += t;
            e.1 += 1;
            if ADVERSARIAL_TYPES.contains(&kind) && t >= good_total {
                breaches.push(Breach {
                    question: q.name.clone(),
                    answer: i,
                    kind: kind.to_string(),
                    total: t,
                    good_total,
                });
            }
        }
    }
    for v in by_type.values_mut() {
        v.0 /= v.1.max(1) as f64;
    }
    EvalReport {
        questions,
        mean_spearman,
        mean_pairwise,
        breaches,
        label1_breaches,
        by_type,
    }
}

/// Share of pairs with different labels that `totals` orders the same way; ties in the
/// totals count half. 1 when no pair differs.
pub fn pairwise(labels: &[f64], totals: &[f64]) -> f64 {
    let (mut agree, mut pairs) = (0.0, 0usize);
    for i in 0..labels.len() {
        for j in i + 1..labels.len() {
            if labels[i] == labels[j] {
                continue;
            }
            pairs += 1;
            let l = labels[i] - labels[j];
            let t = totals[i] - totals[j];
            if t == 0.0 {
                agree += 0.5;
            } else if (l > 0.0) == (t > 0.0) {
                agree += 1.0;
            }
        }
    }
    if pairs == 0 {
        1.0
    } else {
        agree / pairs as f64
    }
}

/// Leave-one-question-out: for each question, `fit` sees every other question and returns
/// a scoring function, which then scores the held-out question only. The figures are
/// therefore never in-sample.
pub fn leave_one_question_out<F, S>(questions: &[EvalQuestion], mut fit: F) -> EvalReport
where
    F: FnMut(&[&EvalQuestion]) -> S,
    S: FnMut(&EvalQuestion, &str) -> f64,
{
    let mut figures = Vec::new();
    for (k, held) in questions.iter().enumerate() {
        let rest: Vec<&EvalQuestion> = questions
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != k)
            .map(|(_, q)| q)
            .collect();
        let mut score = fit(&rest);
        let one = evaluate(std::slice::from_ref(held), &mut score);
        figures.extend(one.questions);
    }
    report(figures)
}

/// One answer's score on a few lines, for reading an evaluation run: total, the start of
/// the answer, each key point's similarity and relation (`+` covered, `-` contradicted,
/// `~` mentioned only), flags, red flags and the formula's terms.
pub fn describe(s: &AnswerScore, answer: &str) -> String {
    let points: Vec<String> = s
        .key_points
        .iter()
        .map(|k| {
            let mark = match (k.covered, k.relation) {
                (true, _) => "+",
                (false, Some(Relation::Contradicts)) => "-",
                (false, Some(Relation::Mentions)) => "~",
                _ => "",
            };
            format!("{:.2}{mark}", k.similarity)
        })
        .collect();
    let terms: Vec<String> = s
        .features
        .iter()
        .map(|f| format!("{}={:.2}→{:.1}", f.name, f.value, f.contribution))
        .collect();
    format!(
        "  {:>5.1} {}\n        points {} flags {:?} red {:?}\n        {}",
        s.total,
        answer.chars().take(60).collect::<String>(),
        points.join(" "),
        s.flags,
        s.red_flags.iter().map(|r| &r.flag).collect::<Vec<_>>(),
        terms.join(" ")
    )
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| question | spearman | pairwise | totals (label) |")?;
        writeln!(f, "|---|---|---|---|")?;
        for q in &self.questions {
            let cells: Vec<String> = q
                .totals
                .iter()
                .zip(&q.labels)
                .map(|(t, l)| format!("{t:.0}({l})"))
                .collect();
            writeln!(
                f,
                "| {} | {:.3} | {:.3} | {} |",
                q.name,
                q.spearman,
                q.pairwise,
                cells.join(" ")
            )?;
        }
        writeln!(
            f,
            "\nmean spearman {:.3}, mean pairwise accuracy {:.3} over {} questions",
            self.mean_spearman,
            self.mean_pairwise,
            self.questions.len()
        )?;
        let by: Vec<String> = self
            .breaches_by_type()
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        writeln!(
            f,
            "adversarial answers at or above a label ≥ 4 answer: {} ({}); label-1 answers: {}",
            self.breaches.len(),
            by.join(", "),
            self.label1_breaches
        )?;
        for b in &self.breaches {
            writeln!(
                f,
                "  {} answer {} ({}): {:.1} ≥ {:.1}",
                b.question, b.answer, b.kind, b.total, b.good_total
            )?;
        }
        writeln!(f, "mean total by type:")?;
        for (k, (m, n)) in &self.by_type {
            writeln!(f, "  {k:<16} {m:>5.1}  (n={n})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_counts_ties_half_and_ignores_equal_labels() {
        assert_eq!(pairwise(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), 1.0);
        assert_eq!(pairwise(&[1.0, 2.0, 3.0], &[30.0, 20.0, 10.0]), 0.0);
        assert_eq!(pairwise(&[1.0, 2.0], &[5.0, 5.0]), 0.5);
        assert_eq!(pairwise(&[2.0, 2.0], &[1.0, 9.0]), 1.0);
    }

    fn q(name: &str, labels: &[f64], types: &[&str]) -> EvalQuestion {
        let raw = serde_json::json!({
            "question": {"kind": "open", "language": "en", "text": "Why?",
                         "rubric": {"key_points": ["a reason"]}},
            "answers": labels.iter().enumerate().map(|(i, _)| format!("answer {i}")).collect::<Vec<_>>(),
            "labels": labels,
            "types": types,
        });
        parse_file(name, &raw.to_string()).unwrap()
    }

    #[test]
    fn breaches_are_adversarial_answers_reaching_a_good_one() {
        let qs = [q(
            "x",
            &[5.0, 4.0, 1.0, 1.0],
            &["excellent", "good", "keyword-list", "off-topic"],
        )];
        // The keyword list ties the good answer: a breach; the off-topic one is below.
        let totals = [90.0, 60.0, 60.0, 10.0];
        let r = evaluate(&qs, |_, a| {
            totals[a.trim_start_matches("answer ").parse::<usize>().unwrap()]
        });
        assert_eq!(r.breaches.len(), 1);
        assert_eq!(r.breaches[0].kind, "keyword-list");
        assert_eq!(r.label1_breaches, 1);
        assert_eq!(r.breaches_by_type()["keyword-list"], 1);
        assert_eq!(r.breaches_by_type()["injection"], 0);
        assert_eq!(r.by_type["excellent"], (90.0, 1));
        assert!(r.to_string().contains("keyword-list 1"));
    }

    #[test]
    fn leave_one_out_never_shows_a_question_to_its_own_fit() {
        let qs = [
            q("a", &[1.0, 5.0], &["weak", "excellent"]),
            q("b", &[5.0, 1.0], &["excellent", "weak"]),
            q("c", &[1.0, 5.0], &["weak", "excellent"]),
        ];
        let mut seen = Vec::new();
        let r = leave_one_question_out(&qs, |rest| {
            let names: Vec<String> = rest.iter().map(|q| q.name.clone()).collect();
            seen.push(names.clone());
            move |held: &EvalQuestion, a: &str| {
                assert!(!names.contains(&held.name));
                a.len() as f64
            }
        });
        assert_eq!(r.questions.len(), 3);
        assert_eq!(seen[1], vec!["a".to_string(), "c".to_string()]);
    }

    #[test]
    fn files_without_a_grade_per_answer_are_refused() {
        let raw = r#"{"question": {"kind": "open", "language": "en", "text": "Why?",
                       "rubric": {"key_points": ["a"]}}, "answers": ["x", "y"], "labels": [3]}"#;
        let e = parse_file("x", raw).unwrap_err();
        assert!(e.to_string().contains("labels"), "{e}");
    }
}
