//! Stance in whole answers: a key point is credited only where the answer says the
//! candidate does it, a red flag raised only where the answer asserts it, and every
//! evidence link says how it relates to its item. Made-up questions from fields the dev set
//! does not use.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use kaoguan_domain::{Language, QuestionKind};
use kaoguan_scoring::{Judge, JudgePair, Relation, Scorer};

fn hotel() -> kaoguan_scoring::QuestionInput {
    question(
        "hotel-noise",
        QuestionKind::Situational,
        Language::Zh,
        "深夜有客人打电话到前台,投诉隔壁房间太吵,影响休息。你作为值班前台怎么处理?",
        &["service"],
        &[
            "先向客人道歉,表示理解他的感受",
            "上楼敲门提醒隔壁客人降低音量",
            "如果仍然吵闹,为投诉的客人免费换一间安静的房间",
            "事后记录投诉并告知值班经理",
        ],
        &[
            "与客人争辩或指责客人太敏感",
            "把责任推给隔壁客人或其他部门,不采取行动",
        ],
    )
}

#[test]
fn refused_points_are_contradicted_and_earn_nothing() {
    let q = hotel();
    let scorer = Scorer::lexical();
    let good = scorer.score_answer(
        &q,
        "我会先向客人道歉,说理解他休息不好的感受。然后马上上楼敲门,礼貌提醒隔壁客人降低音量。如果还是吵,我就免费给投诉的客人换一间安静的房间。事后我会记录这次投诉并告知值班经理。",
    );
    let reversed = scorer.score_answer(
        &q,
        "我不会上楼敲门提醒隔壁客人,那样会得罪他们。换房间也没必要,现在房源紧张。我会告诉客人酒店没办法管别的客人,记录投诉也是多此一举。",
    );
    assert!(
        good.key_points.iter().filter(|k| k.covered).count() >= 3,
        "{:#?}",
        good.key_points
    );
    for k in good.key_points.iter().filter(|k| k.covered) {
        assert_eq!(k.relation, Some(Relation::Supports));
    }
    let contradicted: Vec<_> = reversed
        .key_points
        .iter()
        .filter(|k| k.contradicted())
        .collect();
    assert!(contradicted.len() >= 2, "{:#?}", reversed.key_points);
    for k in &contradicted {
        assert!(!k.covered);
        // The report quotes what the answer said instead.
        assert!(k.evidence.is_some());
    }
    assert!(
        reversed.total + 25.0 < good.total,
        "{} vs {}",
        reversed.total,
        good.total
    );
}

#[test]
fn negated_red_flags_never_fire_and_asserted_ones_do() {
    let q = hotel();
    let scorer = Scorer::lexical();
    let calm = scorer.score_answer(
        &q,
        "我不会和客人争辩,也不会说客人太敏感。我会先道歉,再上楼提醒隔壁客人降低音量。",
    );
    assert!(calm.red_flags.is_empty(), "{:#?}", calm.red_flags);
    let blaming = scorer.score_answer(
        &q,
        "吵闹是隔壁客人的问题,跟我们前台没关系,我会让客人自己去找隔壁说。",
    );
    assert!(
        blaming
            .red_flags
            .iter()
            .any(|f| f.flag.contains("推给") && f.relation == Relation::Supports),
        "{:#?}",
        blaming.red_flags
    );
}

/// A judge that answers from a fixed rule and remembers what it was asked.
struct RuleJudge {
    says_yes: fn(&JudgePair) -> bool,
    asked: Mutex<Vec<JudgePair>>,
}

impl Judge for RuleJudge {
    fn id(&self) -> &str {
        "rule-judge"
    }

    fn judge(&self, pairs: &[JudgePair]) -> Vec<Option<f64>> {
        self.asked.lock().unwrap().extend(pairs.iter().cloned());
        pairs
            .iter()
            .map(|p| Some(if (self.says_yes)(p) { 0.9 } else { 0.1 }))
            .collect()
    }
}

#[test]
fn a_judge_decides_support_for_the_spans_it_reads() {
    let q = hotel();
    let answer = "我会先向客人道歉,表示理解。然后上楼敲门提醒隔壁客人降低音量。";
    let plain = Scorer::lexical().score_answer(&q, answer);
    assert!(plain.key_points[0].covered, "{:#?}", plain.key_points);

    // A judge that says no to everything: nothing is covered, and the cue reading's
    // support becomes a mere mention.
    let no = Arc::new(RuleJudge {
        says_yes: |_| false,
        asked: Mutex::new(Vec::new()),
    });
    let scorer = Scorer::lexical().with_judge(no.clone());
    assert!(
        scorer.version().ends_with("+rule-judge"),
        "{}",
        scorer.version()
    );
    let s = scorer.score_answer(&q, answer);
    assert!(
        s.key_points.iter().all(|k| !k.covered),
        "{:#?}",
        s.key_points
    );
    assert!(s.total < plain.total);
    let asked = no.asked.lock().unwrap();
    // At most two distinct spans per item, key points and red flags alike.
    let items = q.rubric.key_points.len() + q.rubric.red_flags.len();
    assert!(
        asked.len() <= 2 * items && !asked.is_empty(),
        "{}",
        asked.len()
    );
    assert!(asked.iter().any(|p| p.red_flag));
    drop(asked);

    // A judge that says yes only about apologies: only that point is covered.
    let apology = Arc::new(RuleJudge {
        says_yes: |p| !p.red_flag && p.item.contains("道歉") && p.span.contains("道歉"),
        asked: Mutex::new(Vec::new()),
    });
    let s = Scorer::lexical()
        .with_judge(apology)
        .score_answer(&q, answer);
    let covered: Vec<&str> = s
        .key_points
        .iter()
        .filter(|k| k.covered)
        .map(|k| k.point.as_str())
        .collect();
    assert_eq!(covered, vec!["先向客人道歉,表示理解他的感受"]);
}
