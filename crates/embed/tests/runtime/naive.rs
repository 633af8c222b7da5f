//! A deliberately plain BERT forward pass (one sequence, nested loops, f64 accumulation)
//! to check the engine against.

use super::tiny::{Weights, FF, H, HEADS, LAYERS};

fn t<'a>(w: &'a Weights, name: &str) -> &'a [f32] {
    &w[name].1
}

fn layer_norm(x: &mut [f64], g: &[f32], b: &[f32]) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    for i in 0..x.len() {
        x[i] = (x[i] - mean) / (var + 1e-12).sqrt() * g[i] as f64 + b[i] as f64;
    }
}

/// y = W x + b for W in [out, in] layout.
fn dense(w: &[f32], b: &[f32], x: &[f64]) -> Vec<f64> {
    (0..b.len())
        .map(|o| {
            b[o] as f64
                + (0..x.len())
                    .map(|i| w[o * x.len() + i] as f64 * x[i])
                    .sum::<f64>()
        })
        .collect()
}

fn erf(x: f64) -> f64 {
    libm::erf(x)
}

/// Mean-pooled last hidden state of one full sequence (`<s>` … `</s>` included).
#[allow(dead_code)]
pub fn forward(w: &Weights, ids: &[u32], pos_offset: usize) -> Vec<f64> {
    let x = states(w, ids, pos_offset);
    let n = x.len();
    (0..H)
        .map(|e| x.iter().map(|r| r[e]).sum::<f64>() / n as f64)
        .collect()
}

/// Last hidden state of every token of one full sequence.
pub fn states(w: &Weights, ids: &[u32], pos_offset: usize) -> Vec<Vec<f64>> {
    let n = ids.len();
    let mut x: Vec<Vec<f64>> = (0..n)
        .map(|p| {
            let id = ids[p] as usize;
            let mut r: Vec<f64> = (0..H)
                .map(|i| {
                    t(w, "embeddings.word_embeddings.weight")[id * H + i] as f64
                        + t(w, "embeddings.position_embeddings.weight")[(p + pos_offset) * H + i]
                            as f64
                        + t(w, "embeddings.token_type_embeddings.weight")[i] as f64
                })
                .collect();
            layer_norm(
                &mut r,
                t(w, "embeddings.LayerNorm.weight"),
                t(w, "embeddings.LayerNorm.bias"),
            );
            r
        })
        .collect();
    let hd = H / HEADS;
    for l in 0..LAYERS {
        let g = |s: &str| t(w, &format!("encoder.layer.{l}.{s}"));
        let q: Vec<_> = x
            .iter()
            .map(|r| {
                dense(
                    g("attention.self.query.weight"),
                    g("attention.self.query.bias"),
                    r,
                )
            })
            .collect();
        let k: Vec<_> = x
            .iter()
            .map(|r| {
                dense(
                    g("attention.self.key.weight"),
                    g("attention.self.key.bias"),
                    r,
                )
            })
            .collect();
        let v: Vec<_> = x
            .iter()
            .map(|r| {
                dense(
                    g("attention.self.value.weight"),
                    g("attention.self.value.bias"),
                    r,
                )
            })
            .collect();
        let mut ctx = vec![vec![0f64; H]; n];
        for h in 0..HEADS {
            for i in 0..n {
                let mut s: Vec<f64> = (0..n)
                    .map(|j| {
                        (0..hd)
                            .map(|e| q[i][h * hd + e] * k[j][h * hd + e])
                            .sum::<f64>()
                            / (hd as f64).sqrt()
                    })
                    .collect();
                let m = s.iter().cloned().fold(f64::MIN, f64::max);
                s.iter_mut().for_each(|v| *v = (*v - m).exp());
                let z: f64 = s.iter().sum();
                for j in 0..n {
                    for e in 0..hd {
                        ctx[i][h * hd + e] += s[j] / z * v[j][h * hd + e];
                    }
                }
            }
        }
        for i in 0..n {
            let a = dense(
                g("attention.output.dense.weight"),
                g("attention.output.dense.bias"),
                &ctx[i],
            );
            let mut r: Vec<f64> = x[i].iter().zip(&a).map(|(p, q)| p + q).collect();
            layer_norm(
                &mut r,
                g("attention.output.LayerNorm.weight"),
                g("attention.output.LayerNorm.bias"),
            );
            let mut mid = dense(
                g("intermediate.dense.weight"),
                g("intermediate.dense.bias"),
                &r,
            );
            assert_eq!(mid.len(), FF);
            mid.iter_mut()
                .for_each(|v| *v = 0.5 * *v * (1.0 + erf(*v / 2f64.sqrt())));
            let o = dense(g("output.dense.weight"), g("output.dense.bias"), &mid);
            let mut r2: Vec<f64> = r.iter().zip(&o).map(|(p, q)| p + q).collect();
            layer_norm(
                &mut r2,
                g("output.LayerNorm.weight"),
                g("output.LayerNorm.bias"),
            );
            x[i] = r2;
        }
    }
    x
}
