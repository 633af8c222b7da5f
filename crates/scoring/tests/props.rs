//! Property tests: the scorer never panics and stays in range on arbitrary text.

mod common;

use kaoguan_scoring::Scorer;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z ,.!?']{0,200}",
        "[\u{4e00}-\u{9fa5}，。！？、 ]{0,120}",
        "[\u{4e00}-\u{9fa5}a-z0-9 .,。😀🙂👍\u{200d}\u{0301}%“”'\"\n]{0,200}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn score_answer_never_panics_and_stays_in_range(answer in text()) {
        let scorer = Scorer::lexical();
        for q in [common::cold_chain(), common::reconciliation(), common::persuasion()] {
            let s = scorer.score_answer(&q, &answer);
            prop_assert!((0.0..=100.0).contains(&s.total), "total {}", s.total);
            prop_assert!(s.dimensions.values().all(|d| (0.0..=100.0).contains(d)));
            prop_assert!(s.key_points.iter().all(|k| (0.0..=1.0).contains(&k.similarity)));
            let sum: f64 = s.features.iter().map(|f| f.contribution).sum();
            prop_assert!((sum - s.total).abs() < 0.2, "contributions {} vs total {}", sum, s.total);
        }
    }

    #[test]
    fn arbitrary_rubrics_do_not_panic(point in text(), flag in text(), answer in text()) {
        let mut q = common::cold_chain();
        q.text = point.clone();
        q.rubric.key_points = vec![point];
        q.rubric.red_flags = vec![flag];
        let s = Scorer::lexical().score_answer(&q, &answer);
        prop_assert!((0.0..=100.0).contains(&s.total));
    }
}
