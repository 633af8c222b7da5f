//! Streaming safetensors reader.
//!
//! The Hugging Face file is 470 MB of F32; mapping or reading it whole would double the
//! server's memory. Instead the file is read once, front to back, in small chunks: each
//! wanted tensor is converted straight into the form the engine keeps (F16 for the word
//! table, F32 for the rest), unwanted ones (the pooler) are skipped, and every byte goes
//! through SHA-256 on the way, so the model id costs no second pass.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use half::{bf16, f16};
use sha2::{Digest, Sha256};

use crate::EmbedError;

/// Element types the engine can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DType {
    F32,
    F16,
    BF16,
}

impl DType {
    fn size(self) -> usize {
        match self {
            DType::F32 => 4,
            DType::F16 | DType::BF16 => 2,
        }
    }
}

/// One entry of the header; `dtype` is `Err(name)` for types we cannot convert, so the
/// error is raised only if such a tensor is actually needed.
#[derive(Clone, Debug)]
pub struct TensorInfo {
    pub dtype: Result<DType, String>,
    pub shape: Vec<usize>,
    /// Absolute byte range in the file.
    pub start: u64,
    pub end: u64,
}

impl TensorInfo {
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }
}

/// How a wanted tensor is kept in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    F32,
    F16,
}

/// A loaded tensor.
#[derive(Debug)]
pub enum Loaded {
    F32(Vec<f32>),
    F16(Vec<f16>),
}

/// The parsed header of a `.safetensors` file.
#[derive(Debug)]
pub struct Header {
    pub path: PathBuf,
    pub tensors: BTreeMap<String, TensorInfo>,
    pub file_len: u64,
}

/// Headers beyond this are not plausible for a BERT checkpoint and would only be a way to
/// make us allocate.
const MAX_HEADER: u64 = 64 << 20;
const CHUNK: usize = 1 << 20;

impl Header {
    pub fn read(path: &Path) -> Result<Self, EmbedError> {
        let mut f = File::open(path).map_err(|e| EmbedError::io(path, e))?;
        let file_len = f.metadata().map_err(|e| EmbedError::io(path, e))?.len();
        let mut len8 = [0u8; 8];
        f.read_exact(&mut len8)
            .map_err(|_| EmbedError::format(path, "truncated safetensors header"))?;
        let n = u64::from_le_bytes(len8);
        if n > MAX_HEADER || 8 + n > file_len {
            return Err(EmbedError::format(
                path,
                "implausible safetensors header length",
            ));
        }
        let mut json = vec![0u8; n as usize];
        f.read_exact(&mut json)
            .map_err(|e| EmbedError::io(path, e))?;
        let raw: BTreeMap<String, serde_json::Value> = serde_json::from_slice(&json)
            .map_err(|e| EmbedError::format(path, format!("safetensors header: {e}")))?;
        let data_start = 8 + n;
        let mut tensors = BTreeMap::new();
        for (name, v) in raw {
            if name == "__metadata__" {
                continue;
            }
            let info: RawInfo = serde_json::from_value(v)
                .map_err(|e| EmbedError::format(path, format!("tensor {name}: {e}")))?;
            let dtype = match info.dtype.as_str() {
                "F32" => Ok(DType::F32),
                "F16" => Ok(DType::F16),
                "BF16" => Ok(DType::BF16),
                other => Err(other.to_string()),
            };
            let (start, end) = (
                data_start + info.data_offsets[0],
                data_start + info.data_offsets[1],
            );
            if start > end || end > file_len {
                return Err(EmbedError::format(
                    path,
                    format!("tensor {name}: data offsets outside the file"),
                ));
            }
            let t = TensorInfo {
                dtype,
                shape: info.shape,
                start,
                end,
            };
            if let Ok(d) = t.dtype {
                if (end - start) as usize != t.numel() * d.size() {
                    return Err(EmbedError::format(
                        path,
                        format!("tensor {name}: byte length does not match its shape"),
                    ));
                }
            }
            tensors.insert(name, t);
        }
        Ok(Self {
            path: path.to_path_buf(),
            tensors,
            file_len,
        })
    }

    /// Reads the wanted tensors (by their full names in the file) in one sequential pass
    /// and returns them with the SHA-256 of the whole file.
    pub fn load(
        &self,
        wanted: &HashMap<String, Keep>,
    ) -> Result<(HashMap<String, Loaded>, [u8; 32]), EmbedError> {
        let path = &self.path;
        let io = |e| EmbedError::io(path, e);
        for name in wanted.keys() {
            let t = self
                .tensors
                .get(name)
                .ok_or_else(|| EmbedError::format(path, format!("missing tensor {name}")))?;
            if let Err(d) = &t.dtype {
                return Err(EmbedError::Unsupported(format!(
                    "tensor {name} has dtype {d} (F32, F16 or BF16 expected)"
                )));
            }
        }
        let mut order: Vec<(&String, &TensorInfo)> = self.tensors.iter().collect();
        order.sort_by_key(|(_, t)| t.start);

        let mut r = HashingReader {
            inner: BufReader::with_capacity(CHUNK, File::open(path).map_err(io)?),
            hash: Sha256::new(),
            pos: 0,
        };
        let mut buf = vec![0u8; CHUNK];
        let mut out = HashMap::with_capacity(wanted.len());
        for (name, t) in order {
            let Some(&keep) = wanted.get(name) else {
                continue;
            };
            if t.start < r.pos {
                return Err(EmbedError::format(path, "overlapping tensors"));
            }
            r.skip(t.start - r.pos, &mut buf).map_err(io)?;
            let dtype = t.dtype.clone().map_err(EmbedError::Unsupported)?;
            out.insert(
                name.clone(),
                r.tensor(t, dtype, keep, &mut buf).map_err(io)?,
            );
        }
        r.skip(self.file_len - r.pos, &mut buf).map_err(io)?;
        Ok((out, r.hash.finalize().into()))
    }
}

#[derive(serde::Deserialize)]
struct RawInfo {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [u64; 2],
}

struct HashingReader {
    inner: BufReader<File>,
    hash: Sha256,
    pos: u64,
}

impl HashingReader {
    fn read_exact(&mut self, buf: &mut [u8]) -> std::io::Result<()> {
        self.inner.read_exact(buf)?;
        self.hash.update(&*buf);
        self.pos += buf.len() as u64;
        Ok(())
    }

    fn skip(&mut self, mut n: u64, buf: &mut [u8]) -> std::io::Result<()> {
        while n > 0 {
            let k = n.min(buf.len() as u64) as usize;
            self.read_exact(&mut buf[..k])?;
            n -= k as u64;
        }
        Ok(())
    }

    /// Reads one tensor chunk by chunk; chunks hold whole elements since CHUNK is a
    /// multiple of every element size.
    fn tensor(
        &mut self,
        t: &TensorInfo,
        dtype: DType,
        keep: Keep,
        buf: &mut [u8],
    ) -> std::io::Result<Loaded> {
        let numel = t.numel();
        let mut out = match keep {
            Keep::F32 => Loaded::F32(Vec::with_capacity(numel)),
            Keep::F16 => Loaded::F16(Vec::with_capacity(numel)),
        };
        let mut left = t.end - t.start;
        while left > 0 {
            let k = left.min(buf.len() as u64) as usize;
            self.read_exact(&mut buf[..k])?;
            left -= k as u64;
            convert(&buf[..k], dtype, &mut out);
        }
        Ok(out)
    }
}

fn convert(bytes: &[u8], dtype: DType, out: &mut Loaded) {
    match (dtype, out) {
        (DType::F32, Loaded::F32(v)) => v.extend(
            bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        ),
        (DType::F32, Loaded::F16(v)) => v.extend(
            bytes
                .chunks_exact(4)
                .map(|b| f16::from_f32(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))),
        ),
        (DType::F16, Loaded::F32(v)) => v.extend(
            bytes
                .chunks_exact(2)
                .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32()),
        ),
        (DType::F16, Loaded::F16(v)) => v.extend(
            bytes
                .chunks_exact(2)
                .map(|b| f16::from_le_bytes([b[0], b[1]])),
        ),
        (DType::BF16, Loaded::F32(v)) => v.extend(
            bytes
                .chunks_exact(2)
                .map(|b| bf16::from_le_bytes([b[0], b[1]]).to_f32()),
        ),
        (DType::BF16, Loaded::F16(v)) => v.extend(
            bytes
                .chunks_exact(2)
                .map(|b| f16::from_f32(bf16::from_le_bytes([b[0], b[1]]).to_f32())),
        ),
    }
}
