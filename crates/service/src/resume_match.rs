//! How well a resume matches its job's description by meaning, beside the screening rule:
//! each requirement the description states is compared with every sentence of the resume
//! by the local sentence model, and the resume sentences that support a requirement are
//! kept with where they stand, so HR reads the evidence rather than trusting a number.
//!
//! Similarity of sentence embeddings measures topic — whether the resume speaks of the
//! work the description asks for — which is what this match is for; it is advice shown
//! beside the rule's verdict and is never read by screening or by any rule. It runs as a
//! background task queued with the intake: the model is CPU work, and an upload of many
//! resumes must not wait for it.

use kaoguan_domain::{ApplicationId, OrgId};
use kaoguan_scoring::embed::{cosine, Embedder};
use kaoguan_scoring::Calibration;
use serde::{Deserialize, Serialize};

use crate::{ServiceResult, Services};

/// Most requirements read from one description and sentences from one resume: beyond
/// them the text is boilerplate, and the model's time grows with both.
const MAX_REQUIREMENTS: usize = 40;
const MAX_SENTENCES: usize = 300;
/// A requirement counts as supported from this credit on.
const SUPPORTED: f64 = 0.5;
/// Supporting sentences kept per match.
const MAX_SUPPORTS: usize = 6;

/// The match of one resume against its job's description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ResumeMatch {
    /// 0–100: the mean over the description's requirements of how well the resume's best
    /// sentence for each says the same thing.
    pub score: f64,
    /// The model compared with.
    pub model: String,
    /// How many requirements the description was read as, and how many are supported.
    pub requirements: usize,
    pub supported: usize,
    /// The best supporting sentences, strongest first.
    pub supports: Vec<Support>,
}

/// A resume sentence that supports one requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Support {
    pub requirement: String,
    pub sentence: String,
    /// Byte offsets of the sentence in the resume's stored text.
    pub start: usize,
    pub end: usize,
    /// 0–1: the model's similarity on its calibrated scale.
    pub strength: f64,
}

/// Compares a resume's text with a job description. `None` when either gives nothing to
/// compare (no description, no sentences) or the model returns nothing.
pub fn compare(
    embedder: &dyn Embedder,
    calibration: &Calibration,
    description: &str,
    resume: &str,
) -> Option<ResumeMatch> {
    let requirements: Vec<&str> = units(description)
        .into_iter()
        .filter(|(t, _)| !is_heading(t))
        .map(|(t, _)| t)
        .take(MAX_REQUIREMENTS)
        .collect();
    let sentences: Vec<(&str, usize)> = units(resume)
        .into_iter()
        .filter(|(t, _)| t.chars().count() >= 6)
        .take(MAX_SENTENCES)
        .collect();
    if requirements.is_empty() || sentences.is_empty() {
        return None;
    }
    let texts: Vec<&str> = requirements
        .iter()
        .copied()
        .chain(sentences.iter().map(|(t, _)| *t))
        .collect();
    let vectors = embedder.embed(&texts);
    if vectors.len() != texts.len() || vectors.iter().any(Vec::is_empty) {
        return None;
    }
    let (req_vecs, sent_vecs) = vectors.split_at(requirements.len());
    let scale = |c: f64| {
        let span = (calibration.cosine_ceiling - calibration.cosine_floor).max(1e-6);
        ((c - calibration.cosine_floor) / span).clamp(0.0, 1.0)
    };
    let mut best: Vec<(usize, usize, f64)> = req_vecs
        .iter()
        .enumerate()
        .map(|(r, rv)| {
            let (s, c) = sent_vecs
                .iter()
                .enumerate()
                .map(|(s, sv)| (s, cosine(rv, sv)))
                .fold((0, f64::MIN), |a, b| if b.1 > a.1 { b } else { a });
            (r, s, scale(c))
        })
        .collect();
    let score = best.iter().map(|b| b.2).sum::<f64>() / best.len() as f64 * 100.0;
    let supported = best.iter().filter(|b| b.2 >= SUPPORTED).count();
    best.sort_by(|a, b| b.2.total_cmp(&a.2));
    let mut supports: Vec<Support> = Vec::new();
    for (r, s, strength) in best {
        if strength < SUPPORTED || supports.len() == MAX_SUPPORTS {
            break;
        }
        let (sentence, start) = sentences[s];
        if supports.iter().any(|x| x.start == start) {
            continue;
        }
        supports.push(Support {
            requirement: requirements[r].to_string(),
            sentence: sentence.to_string(),
            start,
            end: start + sentence.len(),
            strength: (strength * 100.0).round() / 100.0,
        });
    }
    Some(ResumeMatch {
        score: (score * 10.0).round() / 10.0,
        model: embedder.model_id().to_string(),
        requirements: requirements.len(),
        supported,
        supports,
    })
}

/// The text's lines split at sentence ends, list marks trimmed, with each unit's byte
/// offset: `1. 三年以上柜面经验；熟悉反洗钱规定。` → `三年以上柜面经验`, `熟悉反洗钱规定`.
fn units(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut start = line_start;
        for piece in line.split_inclusive(['。', '；', ';', '！', '!', '？', '?', '\n']) {
            let end = start + piece.len();
            let raw = &text[start..end];
            let trimmed_start = raw.trim_start_matches(|c: char| {
                c.is_whitespace()
                    || c.is_ascii_digit()
                    || matches!(
                        c,
                        '-' | '•'
                            | '·'
                            | '*'
                            | '、'
                            | '.'
                            | '('
                            | ')'
                            | '（'
                            | '）'
                            | '●'
                            | '■'
                            | '▪'
                    )
            });
            let unit = trimmed_start.trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '。' | '；' | ';' | '！' | '!' | '？' | '?' | '.')
            });
            if unit.chars().count() >= 4 {
                out.push((unit, start + (raw.len() - trimmed_start.len())));
            }
            start = end;
        }
        line_start += line.len();
    }
    out
}

/// A section title of a description ("岗位职责：", "Requirements:"), not a requirement.
fn is_heading(unit: &str) -> bool {
    let t = unit.trim();
    (t.ends_with(':') || t.ends_with('：')) && t.chars().count() <= 16
}

/// Compares an application's resume with its job's description and keeps the result.
/// Nothing is kept when there is nothing to compare.
pub async fn run(services: &Services, org: OrgId, application: ApplicationId) -> ServiceResult<()> {
    let app = services.store.get_application(org, application).await?;
    let job = services.store.get_job(org, app.job_id).await?;
    let Some(resume) = services.store.get_resume(org, application).await? else {
        return Ok(());
    };
    let scorer = std::sync::Arc::clone(&services.scorer);
    let description = job.description;
    let text = resume.text;
    let found = tokio::task::spawn_blocking(move || {
        compare(
            &*scorer.embedder(),
            &scorer.calibration(),
            &description,
            &text,
        )
    })
    .await
    .map_err(|e| anyhow::anyhow!("resume match stopped: {e}"))?;
    if let Some(found) = found {
        let value = serde_json::to_value(&found).map_err(anyhow::Error::from)?;
        services
            .store
            .set_resume_match(org, application, &value)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use kaoguan_scoring::embed::LexicalEmbedder;

    use super::*;

    #[test]
    fn descriptions_split_into_requirements_with_offsets() {
        let text = "岗位职责：\n1. 办理柜面业务；熟悉反洗钱规定。\n- Three years of teller work.\n";
        let got: Vec<&str> = units(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            got,
            vec![
                "岗位职责：",
                "办理柜面业务",
                "熟悉反洗钱规定",
                "Three years of teller work"
            ]
        );
        for (unit, at) in units(text) {
            assert_eq!(&text[at..at + unit.len()], unit);
        }
        assert!(is_heading("岗位职责："));
        assert!(!is_heading("办理柜面业务"));
    }

    #[test]
    fn the_resume_sentences_that_say_the_requirements_support_them() {
        let description = "任职要求：\n熟悉银行柜面业务和现金管理。\n具备反洗钱合规意识。\n";
        let teller = "张伟\n2019.07-至今 招商银行 柜员\n负责银行柜面业务和现金管理，全年零差错。\n参加反洗钱合规培训并通过考核。\n爱好：篮球";
        let cook =
            "李雷\n2018-2024 海底捞 厨师\n负责后厨菜品制作与食材采购。\n参加食品安全培训。\n";
        let cal = kaoguan_scoring::Calibration::LEXICAL;
        let good = compare(&LexicalEmbedder, &cal, description, teller).expect("a match");
        let poor = compare(&LexicalEmbedder, &cal, description, cook).expect("a match");
        assert_eq!(good.requirements, 2);
        assert!(good.score > poor.score, "{good:?} vs {poor:?}");
        assert_eq!(good.model, LexicalEmbedder::MODEL_ID);
        let first = &good.supports[0];
        assert_eq!(&teller[first.start..first.end], first.sentence);
        assert!(good
            .supports
            .iter()
            .any(|s| s.sentence.contains("柜面业务和现金管理")));
        assert!(compare(&LexicalEmbedder, &cal, "", teller).is_none());
        assert!(compare(&LexicalEmbedder, &cal, description, "").is_none());
    }
}
