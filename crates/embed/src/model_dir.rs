//! A standard Hugging Face model directory: `config.json`, `model.safetensors`,
//! `tokenizer.json` — the layout of `intfloat/multilingual-e5-small` as users download it,
//! and what [`crate::convert`] writes.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::EmbedError;

pub const CONFIG_FILE: &str = "config.json";
pub const WEIGHTS_FILE: &str = "model.safetensors";
pub const TOKENIZER_FILE: &str = "tokenizer.json";

/// The fields of a BERT-family `config.json` this engine reads.
#[derive(Clone, Debug, Deserialize)]
pub struct BertConfig {
    pub model_type: String,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    #[serde(default = "one")]
    pub type_vocab_size: usize,
    pub vocab_size: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f32,
    pub hidden_act: String,
    #[serde(default)]
    pub pad_token_id: Option<usize>,
}

fn one() -> usize {
    1
}

fn default_eps() -> f32 {
    1e-12
}

impl BertConfig {
    pub fn head_dim(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }

    /// Row of the position table used for the first token: XLM-RoBERTa numbers positions
    /// from `pad_token_id + 1` (rows below are never used), BERT from 0.
    pub fn position_offset(&self) -> usize {
        if self.model_type == "xlm-roberta" {
            self.pad_token_id.unwrap_or(1) + 1
        } else {
            0
        }
    }

    /// Longest input the position table allows, `<s>` and `</s>` included.
    pub fn max_sequence(&self) -> usize {
        self.max_position_embeddings
            .saturating_sub(self.position_offset())
    }

    fn validate(&self, path: &Path) -> Result<(), EmbedError> {
        if self.model_type != "bert" && self.model_type != "xlm-roberta" {
            return Err(EmbedError::Unsupported(format!(
                "model_type {:?} (expected \"bert\" or \"xlm-roberta\")",
                self.model_type
            )));
        }
        if self.hidden_act != "gelu" {
            return Err(EmbedError::Unsupported(format!(
                "hidden_act {:?} (only exact \"gelu\" is implemented)",
                self.hidden_act
            )));
        }
        let sizes = [
            self.hidden_size,
            self.num_hidden_layers,
            self.num_attention_heads,
            self.intermediate_size,
            self.vocab_size,
            self.type_vocab_size,
        ];
        if sizes.contains(&0) || self.head_dim() * self.num_attention_heads != self.hidden_size {
            return Err(EmbedError::format(
                path,
                "sizes must be positive and hidden_size divisible by num_attention_heads",
            ));
        }
        // <s>, at least one content token, </s>.
        if self.max_sequence() < 3 {
            return Err(EmbedError::format(
                path,
                "max_position_embeddings too small",
            ));
        }
        Ok(())
    }
}

/// An opened, validated model directory (the files are checked to exist; weights and
/// tokenizer are read by [`crate::bert`] and [`crate::tokenize`]).
#[derive(Clone, Debug)]
pub struct ModelDir {
    pub root: PathBuf,
    pub config: BertConfig,
    /// The raw `config.json`, hashed into the model id.
    pub config_bytes: Vec<u8>,
}

impl ModelDir {
    pub fn open(root: &Path) -> Result<Self, EmbedError> {
        for file in [CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE] {
            let p = root.join(file);
            if !p.is_file() {
                return Err(EmbedError::io(
                    p,
                    std::io::Error::new(std::io::ErrorKind::NotFound, "missing model file"),
                ));
            }
        }
        let path = root.join(CONFIG_FILE);
        let config_bytes = std::fs::read(&path).map_err(|e| EmbedError::io(&path, e))?;
        let config: BertConfig = serde_json::from_slice(&config_bytes)
            .map_err(|e| EmbedError::format(&path, e.to_string()))?;
        config.validate(&path)?;
        Ok(Self {
            root: root.to_path_buf(),
            config,
            config_bytes,
        })
    }

    pub fn weights_path(&self) -> PathBuf {
        self.root.join(WEIGHTS_FILE)
    }

    pub fn tokenizer_path(&self) -> PathBuf {
        self.root.join(TOKENIZER_FILE)
    }
}
