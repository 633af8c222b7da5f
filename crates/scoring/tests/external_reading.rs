//! An external model's reading decides the items it has claims for; the local reading
//! stands for the rest, and the formula is the same. Made-up question from a trade the dev
//! set does not use.

mod common;

use common::*;
use kaoguan_domain::{Language, QuestionKind};
use kaoguan_scoring::{ExternalReading, FlagReading, PointReading, Relation, Scorer};

fn warehouse() -> kaoguan_scoring::QuestionInput {
    question(
        "warehouse-count",
        QuestionKind::Situational,
        Language::Zh,
        "月底盘点时,你发现一批货的实物数量比系统少了20箱。你会怎么处理?",
        &["integrity"],
        &[
            "先复核:重新清点并核对出入库单据",
            "如实上报主管,不私自调整系统数量",
            "查明原因并提出防止再发生的办法",
        ],
        &["私自修改系统数量把差异抹平"],
    )
}

const ANSWER: &str = "我会先把这批货重新数一遍,再把这个月的出入库单据逐张核对。\
    确认确实少了20箱后,我会如实报告主管,系统里的数量我不会自己去改。\
    最后我会和同事一起查监控和签收记录,找出是哪个环节出了问题,并建议以后每周抽盘一次。";

#[test]
fn claims_decide_their_items_and_the_rest_stays_local() {
    let q = warehouse();
    let scorer = Scorer::lexical();
    let local = scorer.score_answer(&q, ANSWER);

    // The model reads point 1 as absent and point 2 as contradicted (wrongly, but the
    // point is that its claims decide), says nothing usable about point 3.
    let reading = ExternalReading {
        key_points: vec![
            Some(PointReading::Absent),
            Some(PointReading::Contradicts(
                "系统里的数量我不会自己去改".into(),
            )),
            None,
        ],
        red_flags: vec![None],
    };
    let read = scorer.score_answer_read(&q, ANSWER, Some(&reading));
    assert!(!read.key_points[0].covered);
    assert_eq!(read.key_points[0].relation, None);
    assert_eq!(read.key_points[0].evidence, None);
    assert_eq!(read.key_points[1].relation, Some(Relation::Contradicts));
    assert_eq!(
        read.key_points[1].evidence.as_deref(),
        Some("系统里的数量我不会自己去改")
    );
    assert_eq!(
        read.key_points[2], local.key_points[2],
        "no claim: the local reading stands"
    );
    assert!(
        read.total < local.total,
        "fewer covered points score lower: {} vs {}",
        read.total,
        local.total
    );
    let coverage = |s: &kaoguan_scoring::AnswerScore| {
        s.features
            .iter()
            .find(|f| f.name == "key_point_coverage")
            .map(|f| f.value)
            .unwrap()
    };
    assert!(coverage(&read) < coverage(&local));
}

#[test]
fn a_supported_point_earns_full_credit_and_an_asserted_flag_is_raised_with_its_quote() {
    let q = warehouse();
    let scorer = Scorer::lexical();
    let weak = "差了20箱也正常,我会在系统里把数量改成实际的,这样账就平了。";
    let local = scorer.score_answer(&q, weak);
    let reading = ExternalReading {
        key_points: vec![
            Some(PointReading::Absent),
            Some(PointReading::Absent),
            Some(PointReading::Absent),
        ],
        red_flags: vec![Some(FlagReading::Asserted(
            "我会在系统里把数量改成实际的".into(),
        ))],
    };
    let read = scorer.score_answer_read(&q, weak, Some(&reading));
    assert_eq!(read.red_flags.len(), 1);
    assert_eq!(read.red_flags[0].evidence, "我会在系统里把数量改成实际的");
    assert!(read.total <= local.total);

    let full = ExternalReading {
        key_points: vec![
            Some(PointReading::Supports("我会先把这批货重新数一遍".into())),
            Some(PointReading::Supports("我会如实报告主管".into())),
            Some(PointReading::Supports("找出是哪个环节出了问题".into())),
        ],
        red_flags: vec![Some(FlagReading::Absent)],
    };
    let read = scorer.score_answer_read(&q, ANSWER, Some(&full));
    assert!(read.key_points.iter().all(|k| k.covered));
    assert!(read.red_flags.is_empty());
    let coverage = read
        .features
        .iter()
        .find(|f| f.name == "key_point_coverage")
        .unwrap();
    assert_eq!(coverage.value, 1.0);
}

#[test]
fn no_reading_is_the_local_engine() {
    let q = warehouse();
    let scorer = Scorer::lexical();
    assert_eq!(
        scorer.score_answer_read(&q, ANSWER, None),
        scorer.score_answer(&q, ANSWER)
    );
    // An empty reading (the model answered nothing usable) changes nothing either.
    assert_eq!(
        scorer.score_answer_read(&q, ANSWER, Some(&ExternalReading::default())),
        scorer.score_answer(&q, ANSWER)
    );
}
