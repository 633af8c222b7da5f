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
