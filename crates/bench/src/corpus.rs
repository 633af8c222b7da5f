//! A deterministic corpus of ~200-character answers, generated from the templates in
//! [`crate::topics`]: Chinese, English and mixed answers of varying quality against
//! 5-point rubrics. The same seed always gives the same corpus.

use kaoguan_scoring::QuestionInput;
use serde_json::{json, Value};

use crate::topics::{Language, Topic, EN, ZH};

/// The answer length the benchmark is about, in characters (not bytes).
pub const TARGET_CHARS: usize = 200;
const MIN_CHARS: usize = TARGET_CHARS * 9 / 10;
const MAX_CHARS: usize = TARGET_CHARS * 6 / 5;

/// splitmix64: tiny, deterministic and good enough to vary templates.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Both languages, English first.
pub fn languages() -> [&'static Language; 2] {
    [&EN, &ZH]
}

/// The question of `topic` as the scorer takes it.
pub fn question_input(lang: &Language, topic: &Topic, id: &str) -> QuestionInput {
    let mut q = question_json(topic);
    q["id"] = json!(id);
    q["language"] = json!(lang.code);
    serde_json::from_value(q).expect("the templates form valid questions")
}

/// The question of `topic` as the jobs API takes it.
pub fn question_json(topic: &Topic) -> Value {
    json!({
        "kind": topic.kind,
        "text": topic.question,
        "competencies": [topic.competency],
        "think_seconds": 30,
        "answer_seconds": 180,
        "modes": ["text"],
        "rubric": {"key_points": topic.key_points, "red_flags": [topic.red_flag]},
    })
}

/// A 6-question job in `lang` for the API.
pub fn job_json(lang: &Language, title: &str) -> Value {
    let questions: Vec<Value> = lang.topics.iter().map(question_json).collect();
    json!({
        "title": title,
        "department": "Benchmark",
        "language": lang.code,
        "description": "A generated job for kaoguan-bench.",
        "competencies": [
            {"key": "service", "name": "Service orientation", "weight": 40},
            {"key": "teamwork", "name": "Teamwork", "weight": 30},
            {"key": "execution", "name": "Execution", "weight": 30}
        ],
        "questions": questions,
    })
}

fn fill(template: &str, lang: &Language, rng: &mut Rng) -> String {
    let mut out = template.to_string();
    for (slot, values) in [
        ("{n}", lang.numbers),
        ("{x}", lang.things),
        ("{t}", lang.times),
    ] {
        while let Some(at) = out.find(slot) {
            out.replace_range(at..at + slot.len(), rng.pick(values));
        }
    }
    out
}

fn chars(parts: &[String], joiner: &str) -> usize {
    let text: usize = parts.iter().map(|p| p.chars().count()).sum();
    text + joiner.chars().count() * parts.len().saturating_sub(1)
}

/// One answer of roughly [`TARGET_CHARS`] characters to topic `topic` of `lang`. Quality
/// varies: weak answers cover one or two key points and pad with filler, strong ones cover
/// most; about a third of Chinese answers borrow an English sentence (mixed language).
pub fn answer(lang: &Language, topic: usize, rng: &mut Rng) -> String {
    let t = &lang.topics[topic];
    let covered = 1 + rng.below(t.moves.len());
    let mut order: Vec<usize> = (0..t.moves.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut chosen: Vec<usize> = order[..covered].to_vec();
    chosen.sort_unstable();
    let mut parts: Vec<String> = chosen
        .iter()
        .map(|&i| fill(t.moves[i], lang, rng))
        .collect();
    if lang.code == ZH.code && rng.below(3) == 0 {
        let at = rng.below(parts.len() + 1);
        let borrowed = fill(rng.pick(EN.topics[topic].moves), &EN, rng);
        parts.insert(at, borrowed);
    }
    let mut spare = order[covered..].iter();
    while chars(&parts, lang.joiner) < MIN_CHARS {
        let next = match spare.next() {
            Some(&i) if rng.below(2) == 0 => fill(t.moves[i], lang, rng),
            _ => fill(rng.pick(lang.fillers), lang, rng),
        };
        parts.push(next);
    }
    while parts.len() > 1 && chars(&parts, lang.joiner) > MAX_CHARS {
        parts.pop();
    }
    parts.join(lang.joiner)
}

/// Questions and (question index, answer) pairs to score.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub questions: Vec<QuestionInput>,
    pub items: Vec<(usize, String)>,
}

impl Corpus {
    /// `n` answers alternating English and Chinese over all twelve questions.
    pub fn generate(n: usize, seed: u64) -> Corpus {
        let mut questions = Vec::new();
        for lang in languages() {
            for (i, t) in lang.topics.iter().enumerate() {
                questions.push(question_input(lang, t, &format!("{}-{i}", lang.code)));
            }
        }
        let mut rng = Rng::new(seed);
        let items = (0..n)
            .map(|k| {
                let li = k % 2;
                let topic = (k / 2 + rng.below(2)) % 6;
                let text = answer(languages()[li], topic, &mut rng);
                (li * 6 + topic, text)
            })
            .collect();
        Corpus { questions, items }
    }

    /// Mean answer length in characters.
    pub fn mean_chars(&self) -> f64 {
        let total: usize = self.items.iter().map(|(_, a)| a.chars().count()).sum();
        total as f64 / self.items.len().max(1) as f64
    }
}
