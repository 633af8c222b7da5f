//! The weights of Silero VAD's 16 kHz ONNX model (`silero_vad_16k_op15.onnx`, as the
//! authors publish it), read straight from the ONNX file's initializers.
//!
//! ONNX is protobuf. Only four messages matter here (model → graph → initializers →
//! tensor), so a small reader of the wire format does the job without a protobuf
//! toolchain: unknown fields are skipped, as protobuf requires. Tensors must be FLOAT,
//! stored in the file (not as external data) and have the shapes the network expects.
//!
//! The same package's `silero_vad_16k.safetensors` carries weights of a different model
//! than its ONNX and TorchScript files (they disagree by up to 0.4 in probability); the
//! ONNX file is what the authors' own loaders run, so that is the one read.

use std::collections::HashMap;

use super::SileroError;

/// The initializers used, by their names in the ONNX file, and their shapes.
pub(super) const TENSORS: &[(&str, &[usize])] = &[
    ("model.stft.forward_basis_buffer", &[258, 1, 256]),
    ("model.encoder.0.reparam_conv.weight", &[128, 129, 3]),
    ("model.encoder.0.reparam_conv.bias", &[128]),
    ("model.encoder.1.reparam_conv.weight", &[64, 128, 3]),
    ("model.encoder.1.reparam_conv.bias", &[64]),
    ("model.encoder.2.reparam_conv.weight", &[64, 64, 3]),
    ("model.encoder.2.reparam_conv.bias", &[64]),
    ("model.encoder.3.reparam_conv.weight", &[128, 64, 3]),
    ("model.encoder.3.reparam_conv.bias", &[128]),
    ("model.decoder.rnn.weight_ih", &[512, 128]),
    ("model.decoder.rnn.weight_hh", &[512, 128]),
    ("model.decoder.rnn.bias_ih", &[512]),
    ("model.decoder.rnn.bias_hh", &[512]),
    ("model.decoder.decoder.2.weight", &[1, 128, 1]),
    ("model.decoder.decoder.2.bias", &[1]),
];

// Field numbers from onnx.proto3.
const MODEL_GRAPH: u64 = 7;
const GRAPH_INITIALIZER: u64 = 5;
const TENSOR_DIMS: u64 = 1;
const TENSOR_DATA_TYPE: u64 = 2;
const TENSOR_FLOAT_DATA: u64 = 4;
const TENSOR_NAME: u64 = 8;
const TENSOR_RAW_DATA: u64 = 9;
const TENSOR_DATA_LOCATION: u64 = 14;
const FLOAT: u64 = 1;

pub(super) struct Weights {
    tensors: HashMap<String, (Vec<usize>, Vec<f32>)>,
}

impl Weights {
    pub(super) fn parse(bytes: &[u8]) -> Result<Self, SileroError> {
        let mut tensors = HashMap::new();
        let mut graphs = 0;
        for field in Fields(bytes) {
            if let (MODEL_GRAPH, Value::Bytes(graph)) = field? {
                graphs += 1;
                for field in Fields(graph) {
                    if let (GRAPH_INITIALIZER, Value::Bytes(t)) = field? {
                        let (name, shape, data) = tensor(t)?;
                        tensors.insert(name, (shape, data));
                    }
                }
            }
        }
        if graphs == 0 {
            return Err(SileroError::Format("no ONNX graph in the file".into()));
        }
        let w = Self { tensors };
        for (name, shape) in TENSORS {
            w.tensor(name, shape)?;
        }
        Ok(w)
    }

    /// A tensor as row-major `f32`s, after checking it has `shape`.
    pub(super) fn tensor(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>, SileroError> {
        let (found, data) = self.tensors.get(name).ok_or_else(|| {
            SileroError::Format(format!(
                "tensor {name} is missing (is this silero_vad_16k_op15.onnx?)"
            ))
        })?;
        if found != shape || data.len() != shape.iter().product::<usize>() {
            return Err(SileroError::Format(format!(
                "tensor {name} has shape {found:?} and {} values, expected {shape:?}",
                data.len()
            )));
        }
        Ok(data.clone())
    }
}

/// One `TensorProto`: name, dims and FLOAT data.
fn tensor(bytes: &[u8]) -> Result<(String, Vec<usize>, Vec<f32>), SileroError> {
    let mut name = String::new();
    let mut dims = Vec::new();
    let mut data_type = 0;
    let mut data = Vec::new();
    for field in Fields(bytes) {
        match field? {
            (TENSOR_NAME, Value::Bytes(b)) => name = String::from_utf8_lossy(b).into_owned(),
            (TENSOR_DIMS, Value::Varint(d)) => dims.push(d as usize),
            // Packed repeated dims.
            (TENSOR_DIMS, Value::Bytes(b)) => {
                let mut r = Reader(b);
                while !r.0.is_empty() {
                    dims.push(r.varint()? as usize);
                }
            }
            (TENSOR_DATA_TYPE, Value::Varint(t)) => data_type = t,
            (TENSOR_RAW_DATA, Value::Bytes(b)) | (TENSOR_FLOAT_DATA, Value::Bytes(b)) => {
                data.extend(
                    b.chunks_exact(4)
                        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
                );
            }
            (TENSOR_FLOAT_DATA, Value::Fixed32(v)) => data.push(f32::from_bits(v)),
            (TENSOR_DATA_LOCATION, Value::Varint(1)) => {
                return Err(SileroError::Format(format!(
                    "tensor {name} is stored outside the file (external data)"
                )))
            }
            _ => {}
        }
    }
    if data_type != FLOAT && !data.is_empty() {
        return Err(SileroError::Format(format!(
            "tensor {name} has ONNX data type {data_type}, expected FLOAT"
        )));
    }
    Ok((name, dims, data))
}

enum Value<'a> {
    Varint(u64),
    Fixed64,
    Bytes(&'a [u8]),
    Fixed32(u32),
}

/// The fields of one protobuf message, in order.
struct Fields<'a>(&'a [u8]);

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u64, Value<'a>), SileroError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.0.is_empty() {
            return None;
        }
        let mut r = Reader(self.0);
        let field = (|| {
            let key = r.varint()?;
            let value = match key & 7 {
                0 => Value::Varint(r.varint()?),
                1 => {
                    r.take(8)?;
                    Value::Fixed64
                }
                2 => {
                    let len = r.varint()?;
                    Value::Bytes(r.take(usize::try_from(len).map_err(|_| truncated())?)?)
                }
                5 => {
                    let b = r.take(4)?;
                    Value::Fixed32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                }
                other => {
                    return Err(SileroError::Format(format!(
                        "not an ONNX file (protobuf wire type {other})"
                    )))
                }
            };
            Ok((key >> 3, value))
        })();
        // After an error, stop: the rest cannot be framed.
        self.0 = if field.is_ok() { r.0 } else { &[] };
        Some(field)
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64, SileroError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.0.split_first().ok_or_else(truncated)?;
            self.0 = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(SileroError::Format(
            "not an ONNX file (overlong varint)".into(),
        ))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], SileroError> {
        if n > self.0.len() {
            return Err(truncated());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
}

fn truncated() -> SileroError {
    SileroError::Format("not an ONNX file, or truncated".into())
}
