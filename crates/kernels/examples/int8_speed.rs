//! Multiply-adds per second of `Int8Linear::forward` at the encoder's shapes.
//!
//! ```text
//! cargo run --release -p kaoguan-kernels --example int8_speed -- [TOKENS]
//! ```

use std::time::Instant;

use kaoguan_kernels::{int8_accelerated, Int8Linear, Int8Scratch};

fn main() {
    let t: usize = std::env::args()
        .nth(1)
        .map_or(256, |s| s.parse().expect("tokens"));
    println!("AVX-512 VNNI: {}", int8_accelerated());
    for (k, n) in [(384, 1152), (384, 384), (384, 1536), (1536, 384)] {
        let w: Vec<f32> = (0..n * k)
            .map(|i| ((i * 7919) % 255) as f32 / 255.0 - 0.5)
            .collect();
        let b = vec![0.1f32; n];
        let x: Vec<f32> = (0..t * k)
            .map(|i| ((i * 104_729) % 511) as f32 / 100.0 - 1.0)
            .collect();
        let l = Int8Linear::new(&w, &b, k);
        let mut y = vec![0f32; t * n];
        let mut s = Int8Scratch::default();
        l.forward(&x, &mut y, &mut s);
        let reps = (2e10 / (t * k * n) as f64).ceil() as usize;
        let start = Instant::now();
        for _ in 0..reps {
            l.forward(&x, &mut y, &mut s);
        }
        let secs = start.elapsed().as_secs_f64();
        let gmacs = (reps * t * k * n) as f64 / secs / 1e9;
        println!("{t:>5} x {k:>4} -> {n:>4}: {gmacs:6.1} G multiply-adds/s");
    }
}
