//! Highlights (回答亮点), notes for the hiring team (给面试官的提示) and feedback a
//! candidate may be sent (给候选人的反馈), derived only from the evidence the scorer found,
//! in the question's language.
//!
//! The two audiences get different texts on purpose. HR notes name the rubric's key points
//! and red flags and quote the answer, so the next interviewer knows what to probe. The
//! candidate feedback never names a rubric item: the question bank is reused, and a
//! thank-you letter that lists what the scorer looks for would hand the rubric to the next
//! applicant.

use kaoguan_domain::Language;

use crate::types::{KeyPointResult, RedFlagResult, StarResult};

/// What feedback is built from.
pub struct Evidence<'a> {
    pub language: Language,
    pub key_points: &'a [KeyPointResult],
    pub red_flags: &'a [RedFlagResult],
    pub star: Option<&'a StarResult>,
    pub specificity: f64,
    pub structure: f64,
    pub flags: &'a [String],
}

const MAX_ITEMS: usize = 4;
const QUOTE_CHARS: usize = 80;

/// Shortens a quote for display, on a character boundary.
pub fn quote(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= QUOTE_CHARS {
        s.to_string()
    } else {
        let mut q: String = s.chars().take(QUOTE_CHARS).collect();
        // In Latin text, cut at the last space rather than inside a word; Chinese has no
        // spaces and any character boundary reads fine.
        let next_is_letter = s
            .chars()
            .nth(QUOTE_CHARS)
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if next_is_letter {
            if let Some(i) = q.rfind(' ').filter(|&i| i > q.len() / 2) {
                q.truncate(i);
            }
        }
        q.push('…');
        q
    }
}

pub fn highlights(e: &Evidence) -> Vec<String> {
    let zh = e.language == Language::Zh;
    let mut out = Vec::new();
    // Nothing counts as a highlight in an answer capped for gaming or evasion.
    if e.flags.iter().any(|f| f != "too_short") {
        return out;
    }
    let mut covered: Vec<&KeyPointResult> = e.key_points.iter().filter(|k| k.covered).collect();
    covered.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    for k in covered.iter().take(3) {
        let ev = quote(k.evidence.as_deref().unwrap_or_default());
        out.push(if zh {
            format!("覆盖要点「{}」:“{}”", k.point, ev)
        } else {
            format!("Covers “{}”: “{}”", k.point, ev)
        });
    }
    if let Some(s) = e.star {
        if s.parts_present() == 4 {
            out.push(if zh {
                "STAR结构完整:情境、任务、行动和结果都讲清楚了。".into()
            } else {
                "Complete STAR structure: situation, task, action and result are all described."
                    .into()
            });
        }
    }
    if e.specificity >= 0.75 && out.len() < MAX_ITEMS {
        out.push(if zh {
            "回答有具体细节(数字、时间、工具或原话),可信度高。".into()
        } else {
            "Concrete details (numbers, timeframes, tools or exact wording) make the answer credible.".into()
        });
    }
    if e.structure >= 0.75 && out.len() < MAX_ITEMS {
        out.push(if zh {
            "条理清晰,步骤和条件分明。".into()
        } else {
            "Well structured: clear steps and conditions.".into()
        });
    }
    out.truncate(MAX_ITEMS);
    out
}

pub fn suggestions(e: &Evidence) -> Vec<String> {
    let zh = e.language == Language::Zh;
    let mut out = Vec::new();
    for f in e.flags {
        let s = match (f.as_str(), zh) {
            ("too_short", true) => "回答过短,无法判断;请用几句完整的话说明你的思路和做法。",
            ("too_short", false) => "The answer is too short to judge; explain your approach in a few full sentences.",
            ("keyword_list", true) => "只罗列关键词不算回答;请用完整的句子说明你会怎么做、为什么。",
            ("keyword_list", false) => "A list of keywords is not an answer; explain in full sentences what you would do and why.",
            ("question_echo", true) => "不要复述题目,请直接给出你自己的做法。",
            ("question_echo", false) => "Don't restate the question; answer it with your own approach.",
            ("addresses_scorer", true) => "请直接回答问题;针对评分的指令会被忽略。",
            ("addresses_scorer", false) => "Answer the question itself; instructions to the scorer are ignored.",
            ("off_topic", true) => "回答偏离了题目,请围绕问题本身作答。",
            ("off_topic", false) => "The answer drifts away from the question; stay on what was asked.",
            ("evasive", true) => "即使没有直接经验,也可以说明你会如何一步步处理。",
            ("evasive", false) => "Even without direct experience, describe step by step how you would approach it.",
            _ => continue,
        };
        out.push(s.to_string());
    }
    let uncovered = e.key_points.iter().filter(|k| !k.covered).count();
    if uncovered > 0 && !e.flags.iter().any(|f| f == "too_short") {
        out.push(if zh {
            "把你会采取的具体步骤和每一步的理由说完整,而不只是表态。".into()
        } else {
            "Spell out the concrete steps you would take and why, not only your stance.".into()
        });
    }
    if let Some(s) = e.star {
        let parts: [(bool, &str, &str); 4] = [
            (s.situation, "情境(当时的背景)", "situation (the context)"),
            (
                s.task,
                "任务(你的目标或职责)",
                "task (your goal or responsibility)",
            ),
            (
                s.action,
                "行动(你具体做了什么)",
                "action (what you did yourself)",
            ),
            (
                s.result,
                "结果(最终成效,最好有数据)",
                "result (the outcome, ideally measured)",
            ),
        ];
        let missing: Vec<&str> = parts
            .iter()
            .filter(|p| !p.0)
            .map(|p| if zh { p.1 } else { p.2 })
            .collect();
        if !missing.is_empty() {
            out.push(if zh {
                format!("按STAR结构补充:{}", missing.join("、"))
            } else {
                format!(
                    "Follow the STAR structure; add the {}",
                    missing.join(", the ")
                )
            });
        }
    }
    if e.specificity < 0.35 && !e.flags.iter().any(|f| f == "too_short") {
        out.push(if zh {
            "加入具体细节:数字、时间、工具或具体做法。".into()
        } else {
            "Add concrete details: numbers, timeframes, tools or specific steps.".into()
        });
    }
    out
}

/// Notes for the hiring team on one answer: what it contradicts or only mentions, which
/// red flags it raised (with the sentence), which key points it left out, missing STAR
/// parts and answer problems — each phrased as what to do about it in the next round.
pub fn hr_notes(e: &Evidence) -> Vec<String> {
    let zh = e.language == Language::Zh;
    let mut out = Vec::new();
    for r in e.red_flags {
        out.push(if zh {
            format!(
                "出现风险信号「{}」:“{}”。请在下一轮核实。",
                r.flag,
                quote(&r.evidence)
            )
        } else {
            format!(
                "Red flag “{}”: “{}”. Verify it in the next round.",
                r.flag,
                quote(&r.evidence)
            )
        });
    }
    for k in e.key_points.iter().filter(|k| k.contradicted()) {
        let ev = quote(k.evidence.as_deref().unwrap_or_default());
        out.push(if zh {
            format!("回答与要点「{}」相反:“{ev}”。建议追问其真实做法。", k.point)
        } else {
            format!(
                "The answer goes against “{}”: “{ev}”. Ask what they would really do.",
                k.point
            )
        });
    }
    for k in e.key_points.iter().filter(|k| k.mentioned_only()) {
        let ev = quote(k.evidence.as_deref().unwrap_or_default());
        out.push(if zh {
            format!(
                "提到了「{}」,但没有说自己会这样做:“{ev}”。可追问具体做法。",
                k.point
            )
        } else {
            format!(
                "Mentions “{}” without saying they would do it: “{ev}”. Ask how.",
                k.point
            )
        });
    }
    // The points left out are listed with the key points already; the note only says
    // what to do about them.
    let missing = e
        .key_points
        .iter()
        .filter(|k| !k.covered && k.relation.is_none())
        .count();
    if missing > 0 {
        out.push(if zh {
            format!("有 {missing} 个评分要点没有谈到,下一轮可逐一追问。")
        } else if missing == 1 {
            "One key point was not addressed; probe it in the next round.".to_string()
        } else {
            format!("{missing} key points were not addressed; probe them in the next round.")
        });
    }
    if let Some(s) = e.star {
        let parts = [
            (s.situation, "情境", "situation"),
            (s.task, "任务", "task"),
            (s.action, "行动", "action"),
            (s.result, "结果", "result"),
        ];
        let absent: Vec<&str> = parts
            .iter()
            .filter(|p| !p.0)
            .map(|p| if zh { p.1 } else { p.2 })
            .collect();
        if !absent.is_empty() {
            out.push(if zh {
                format!("经历描述缺少{},可请候选人补充。", absent.join("、"))
            } else {
                format!(
                    "The example lacks its {}; ask the candidate to fill it in.",
                    absent.join(", ")
                )
            });
        }
    }
    for f in e.flags {
        let s = match (f.as_str(), zh) {
            ("too_short", true) => "回答过短,无法据此判断,建议人工面试时重新提问。",
            ("too_short", false) => "Too short to judge; ask the question again in a human interview.",
            ("keyword_list", true) => "只罗列了关键词,没有说明做法;得分已封顶。",
            ("keyword_list", false) => "Only lists keywords without saying what they would do; the score is capped.",
            ("question_echo", true) => "主要在复述题目,没有给出自己的做法;得分已封顶。",
            ("question_echo", false) => "Mostly restates the question; the score is capped.",
            ("addresses_scorer", true) => "回答中有针对评分系统的指令(已被忽略),请人工审阅这道题。",
            ("addresses_scorer", false) => "The answer contains instructions to the scorer (ignored); review it yourself.",
            ("off_topic", true) => "回答偏离题目。",
            ("off_topic", false) => "The answer is off topic.",
            ("evasive", true) => "回避了问题(例如称没有相关经验),没有说明会如何处理;可追问。",
            ("evasive", false) => "Evades the question (e.g. claims no experience) without saying how they would handle it; probe it.",
            _ => continue,
        };
        out.push(s.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_shortened_on_char_boundaries() {
        let long = "很".repeat(200);
        let q = quote(&long);
        assert_eq!(q.chars().count(), QUOTE_CHARS + 1);
    }

    #[test]
    fn english_quotes_end_between_words() {
        let long = "upgraded the delivery tracking system ".repeat(5);
        let q = quote(&long);
        assert!(q.ends_with('…'));
        let body = q.trim_end_matches('…');
        assert!(
            long.starts_with(body) && long[body.len()..].starts_with(' '),
            "{q}"
        );
    }
}
