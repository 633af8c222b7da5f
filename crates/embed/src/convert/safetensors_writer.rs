//! A streaming writer for the safetensors format: 8-byte little-endian header length,
//! a JSON header naming each tensor's dtype, shape and byte range (relative to the start
//! of the data), then the raw little-endian data.
//!
//! Hand-written instead of `safetensors::serialize_to_file` because that API needs every
//! tensor's bytes in memory at once; here each tensor is produced by a callback, so the
//! converter never holds more than one chunk of the 192 MB word embedding.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    F16,
    F32,
}

impl Dtype {
    pub fn size(self) -> usize {
        match self {
            Dtype::F16 => 2,
            Dtype::F32 => 4,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Dtype::F16 => "F16",
            Dtype::F32 => "F32",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TensorSpec {
    pub name: String,
    pub dtype: Dtype,
    pub shape: Vec<usize>,
}

impl TensorSpec {
    pub fn nbytes(&self) -> usize {
        self.shape.iter().product::<usize>() * self.dtype.size()
    }
}

/// Writes the header for `specs`, then calls `fill(i, out)` for each tensor in order;
/// `fill` must write exactly `specs[i].nbytes()` bytes, which is checked.
pub fn write<W: Write>(
    out: &mut W,
    specs: &[TensorSpec],
    mut fill: impl FnMut(usize, &mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    out.write_all(&header(specs))?;
    for (i, spec) in specs.iter().enumerate() {
        let mut counted = Counting {
            inner: &mut *out,
            written: 0,
        };
        fill(i, &mut counted)?;
        if counted.written != spec.nbytes() as u64 {
            return Err(io::Error::other(format!(
                "tensor {} wrote {} bytes, expected {}",
                spec.name,
                counted.written,
                spec.nbytes()
            )));
        }
    }
    Ok(())
}

/// The length prefix and JSON header, padded with spaces to a multiple of 8 bytes so
/// that the data (and so every F32/F16 tensor, whose sizes are multiples of 4) starts
/// aligned for zero-copy readers.
fn header(specs: &[TensorSpec]) -> Vec<u8> {
    let mut map = Map::new();
    map.insert("__metadata__".into(), json!({ "format": "pt" }));
    let mut offset = 0usize;
    for spec in specs {
        let end = offset + spec.nbytes();
        map.insert(
            spec.name.clone(),
            json!({ "dtype": spec.dtype.name(), "shape": spec.shape, "data_offsets": [offset, end] }),
        );
        offset = end;
    }
    let mut text = Value::Object(map).to_string().into_bytes();
    while !text.len().is_multiple_of(8) {
        text.push(b' ');
    }
    let mut bytes = (text.len() as u64).to_le_bytes().to_vec();
    bytes.extend(text);
    bytes
}

struct Counting<'a, W: Write> {
    inner: &'a mut W,
    written: u64,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
