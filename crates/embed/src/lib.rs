//! Local sentence embeddings (multilingual-e5-small) for the scorer.
//!
//! - [`model_dir`]: a standard Hugging Face model directory (`config.json`,
//!   `model.safetensors`, `tokenizer.json`), as users download it themselves or as
//!   [`convert`] writes it from the packaged 4-bit weights.
//! - [`bert`]: the encoder's forward pass on the CPU; [`embedder`]: the scorer's
//!   [`kaoguan_scoring::Embedder`] on top of it, with a bounded pool.
//! - [`catalog`]: the models Kaoguan knows how to install, with checksums.

pub mod bert;
pub mod catalog;
pub mod convert;
pub mod embedder;
pub mod error;
pub mod model_dir;
pub mod tokenize;
pub mod weights;

pub use error::EmbedError;

/// Arithmetic of the encoder's weight matrix products.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// int8 where the CPU has AVX-512 VNNI (about four times the multiply-adds per
    /// instruction), f32 elsewhere.
    #[default]
    Auto,
    /// f32 weights and sgemm everywhere: the reference.
    F32,
    /// int8 weights (one scale per output) and uint8 activations (one scale and zero
    /// point per token). Slower than f32 on CPUs without VNNI.
    Int8,
}

impl Precision {
    /// What `Auto` means on this CPU; the others as given.
    pub fn resolve(self) -> Precision {
        match self {
            Precision::Auto if kaoguan_kernels::int8_accelerated() => Precision::Int8,
            Precision::Auto => Precision::F32,
            p => p,
        }
    }
}
