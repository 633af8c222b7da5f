//! Fitting a sentence-embedding model's similarity scale.
//!
//! Cosines of different models live on different scales: multilingual-e5 gives unrelated
//! sentences about 0.75 and paraphrases about 0.9, another model 0.1 and 0.7. The scorer
//! needs to know where "unrelated" ends and "same meaning" begins for the model it runs, so
//! it measures them on a fixed set of anchor sentences: small groups that say the same
//! thing in different words (and in both languages), about everyday work. Pairs within a
//! group are paraphrases; pairs across groups are unrelated. The anchors are generic and
//! deliberately unlike any rubric or evaluation answer, so the fitted scale says nothing
//! about particular questions, only about the model.

use crate::coverage::Calibration;
use crate::embed::{cosine, Embedder};

/// Groups of sentences with the same meaning. Mixed zh/en groups make the scale hold
/// across languages, as candidates switch between them.
const ANCHORS: &[&[&str]] = &[
    &[
        "I missed the train, so I arrived at the office late this morning.",
        "Because the train left without me, I got to work late today.",
        "今天早上没赶上火车，所以上班迟到了。",
    ],
    &[
        "Please send me the sales figures for last month before Friday.",
        "Could you email me last month's sales numbers by Friday?",
        "请在周五之前把上个月的销售数据发给我。",
    ],
    &[
        "The printer on the third floor is out of paper again.",
        "三楼的打印机又没纸了。",
        "Again there is no paper left in the third-floor printer.",
    ],
    &[
        "我们下周二上午十点开会讨论新产品的定价。",
        "下周二十点的会议要讨论新产品怎么定价。",
        "Next Tuesday at ten we meet to discuss pricing for the new product.",
    ],
    &[
        "She has been learning to play the piano for three years.",
        "她学钢琴已经三年了。",
        "For three years now she has taken piano lessons.",
    ],
    &[
        "The warehouse needs two more forklifts before the holiday season.",
        "节日旺季之前仓库还需要再添两台叉车。",
        "Before the holidays the warehouse must get two additional forklifts.",
    ],
    &[
        "天气太热了，空调坏了，大家都没法专心工作。",
        "The air conditioning broke in the heat and nobody could concentrate.",
        "空调坏了又这么热，谁都静不下心来干活。",
    ],
    &[
        "He booked a hotel near the airport for the conference.",
        "为了参加会议，他在机场附近订了酒店。",
        "For the conference he reserved a room at a hotel close to the airport.",
    ],
];

/// Where unrelated pairs end: this quantile of their cosines maps to 0, so that nearly all
/// unrelated text earns nothing.
const UNRELATED_QUANTILE: f64 = 0.9;
/// Where paraphrases begin: this quantile of paraphrase cosines maps to 1. The median, not
/// the maximum: an answer sentence that says a key point in its own words is a paraphrase
/// with extra content, so it rarely reaches the best anchor pairs.
const PARAPHRASE_QUANTILE: f64 = 0.5;

/// The measured scale of a model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub unrelated: f64,
    pub paraphrase: f64,
}

/// Measures the model on the anchors. `None` when the model cannot separate paraphrases
/// from unrelated text at all (a broken or random model): it must not be used for scoring.
pub fn measure(embedder: &dyn Embedder) -> Option<Scale> {
    let texts: Vec<&str> = ANCHORS.iter().flat_map(|g| g.iter().copied()).collect();
    let vectors = embedder.embed(&texts);
    if vectors.len() != texts.len() || vectors.iter().any(|v| v.is_empty()) {
        return None;
    }
    let mut group = Vec::new();
    for (g, items) in ANCHORS.iter().enumerate() {
        group.extend(std::iter::repeat_n(g, items.len()));
    }
    let (mut same, mut other) = (Vec::new(), Vec::new());
    for i in 0..texts.len() {
        for j in i + 1..texts.len() {
            let c = cosine(&vectors[i], &vectors[j]);
            if group[i] == group[j] {
                same.push(c);
            } else {
                other.push(c);
            }
        }
    }
    let scale = Scale {
        unrelated: quantile(&mut other, UNRELATED_QUANTILE),
        paraphrase: quantile(&mut same, PARAPHRASE_QUANTILE),
    };
    (scale.paraphrase - scale.unrelated > 0.02).then_some(scale)
}

impl Calibration {
    /// This calibration with the cosine range set from a measured [`Scale`].
    pub fn with_scale(mut self, scale: Scale) -> Self {
        self.cosine_floor = scale.unrelated;
        self.cosine_ceiling = scale.paraphrase;
        self
    }
}

/// Removes `q`'s direction from `v` and renormalises: what a text says beyond the topic
/// it shares with the question.
pub fn without_direction(v: &mut [f32], q: &[f32]) {
    if v.len() != q.len() || v.is_empty() {
        return;
    }
    let qq: f32 = q.iter().map(|x| x * x).sum();
    if qq <= 0.0 {
        return;
    }
    let dot: f32 = v.iter().zip(q).map(|(a, b)| a * b).sum::<f32>() / qq;
    v.iter_mut().zip(q).for_each(|(a, b)| *a -= dot * b);
    let n: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|a| *a /= n);
    }
}

fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let pos = q.clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::LexicalEmbedder;

    /// Gives every sentence of a group the same direction plus a little noise per text, so
    /// paraphrases are close and groups are orthogonal.
    struct GroupEmbedder;

    impl Embedder for GroupEmbedder {
        fn model_id(&self) -> &str {
            "test-group"
        }
        fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
            texts
                .iter()
                .map(|t| {
                    let g = ANCHORS.iter().position(|g| g.contains(t)).unwrap();
                    let mut v = vec![0.05f32; ANCHORS.len() + 1];
                    v[g] = 1.0;
                    v[ANCHORS.len()] = (t.len() % 7) as f32 / 10.0;
                    v
                })
                .collect()
        }
    }

    #[test]
    fn a_separating_model_gets_a_scale_between_its_unrelated_and_paraphrase_cosines() {
        let s = measure(&GroupEmbedder).expect("separates");
        assert!(s.unrelated < 0.5, "{s:?}");
        assert!(s.paraphrase > 0.8, "{s:?}");
        let c = Calibration::NEURAL_DEFAULT.with_scale(s);
        assert_eq!(c.cosine_floor, s.unrelated);
        assert_eq!(c.cosine_ceiling, s.paraphrase);
    }

    #[test]
    fn a_model_that_cannot_tell_paraphrases_apart_is_refused() {
        struct Constant;
        impl Embedder for Constant {
            fn model_id(&self) -> &str {
                "constant"
            }
            fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
                texts.iter().map(|_| vec![1.0, 0.0]).collect()
            }
        }
        assert_eq!(measure(&Constant), None);
        struct Broken;
        impl Embedder for Broken {
            fn model_id(&self) -> &str {
                "broken"
            }
            fn embed(&self, _: &[&str]) -> Vec<Vec<f32>> {
                Vec::new()
            }
        }
        assert_eq!(measure(&Broken), None);
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&mut [3.0, 1.0, 2.0], 0.5), 2.0);
        assert!((quantile(&mut [0.0, 1.0], 0.9) - 0.9).abs() < 1e-12);
        assert_eq!(quantile(&mut [], 0.5), 0.0);
    }

    #[test]
    fn the_lexical_embedder_barely_links_languages() {
        // Documents why the lexical engine keeps its own fixed scale: translations share
        // no terms, so its "paraphrase" level is low.
        if let Some(s) = measure(&LexicalEmbedder) {
            assert!(s.paraphrase < 0.5, "{s:?}");
        }
    }
}
