//! SIMD kernels for the embedding encoder.
//!
//! The encoder's time goes to its weight matrix products. On CPUs with AVX-512 VNNI one
//! `vpdpbusd` does 64 int8 multiply-adds, four times the f32 FMAs of the same width, so
//! [`Int8Linear`] quantises the weights once (int8, one scale per output) and the
//! activations per call (uint8, one scale and zero point per row) and accumulates exactly
//! in i32. Everything else in the encoder stays f32.
//!
//! This is the only crate of the workspace that uses `unsafe`: intrinsics taking raw
//! pointers, and calls into functions compiled for features checked at run time. The
//! portable path computes the same integers and is the reference the SIMD path is tested
//! against.

mod attention;
mod elementwise;
mod int8;
mod quantize;
#[cfg(target_arch = "x86_64")]
mod vnni;

pub use attention::attention;
pub use elementwise::{add_layer_norm, erf, gelu};
pub use int8::{Int8Linear, Int8Scratch};

/// Whether [`Int8Linear::forward`] runs on AVX-512 VNNI here; without it the portable
/// path gives the same results, much more slowly than f32 sgemm, so callers should keep
/// f32 weights instead.
pub fn int8_accelerated() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        vnni::available()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}
