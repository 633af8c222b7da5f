//! Which scoring engine the benchmark loads. Add a variant (and its loader in
//! [`Engine::load`]) when a new engine arrives; everything else takes the built `Scorer`.

use std::sync::Arc;
use std::time::Instant;

use kaoguan_scoring::Scorer;

use crate::corpus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// The built-in lexical engine (`Scorer::lexical`): jieba + stemmed English terms.
    Lexical,
}

impl Engine {
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Lexical => "lexical",
        }
    }

    /// Builds the scorer and says how long loading took (dictionaries, model files).
    pub fn load(&self) -> anyhow::Result<(Arc<Scorer>, f64)> {
        let start = Instant::now();
        let scorer = match self {
            Engine::Lexical => Scorer::lexical(),
        };
        // Engines may load lazily (the lexical one reads its Chinese dictionary on first
        // use): score one mixed answer so loading is counted here, not in the first pass.
        let warm = corpus::Corpus::generate(2, 0);
        for (q, text) in &warm.items {
            std::hint::black_box(scorer.score_answer(&warm.questions[*q], text));
        }
        Ok((Arc::new(scorer), start.elapsed().as_secs_f64() * 1000.0))
    }
}
