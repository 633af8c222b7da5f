//! Per-row asymmetric uint8 quantisation of activations, the rules both paths share.
//!
//! Asymmetric because several inputs are lopsided (GELU outputs lie in about
//! [-0.17, +∞)): a zero point spends all 256 levels on the row's actual range, where a
//! symmetric scale would waste nearly half of them.

/// Scale and zero point of one row: `x ≈ scale · (q − zero_point)`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct RowQuant {
    pub scale: f32,
    /// `1 / scale`, computed once so both paths multiply by the same number.
    pub inv: f32,
    pub zero_point: i32,
}

impl RowQuant {
    /// From the row's extremes. The range always includes 0 so that 0 (padding, ReLU-like
    /// zeros) is exact.
    pub fn from_range(min: f32, max: f32) -> Self {
        let (min, max) = (min.min(0.0), max.max(0.0));
        let range = max - min;
        if !(range.is_finite() && range > 0.0) {
            // An all-zero row (or one that is already broken): any scale reproduces it.
            return Self {
                scale: 1.0,
                inv: 1.0,
                zero_point: 0,
            };
        }
        let inv = 255.0 / range;
        Self {
            scale: range / 255.0,
            inv,
            zero_point: ((-min * inv).round_ties_even() as i32).clamp(0, 255),
        }
    }

    #[inline]
    pub fn quantize(&self, x: f32) -> u8 {
        ((x * self.inv).round_ties_even() as i32 + self.zero_point).clamp(0, 255) as u8
    }
}

/// Portable quantisation of `x` (`rows × k`) into `out` (`rows × kp`, the tail of each
/// row filled with the zero point, which meets zero weights).
pub(crate) fn quantize_rows(
    x: &[f32],
    k: usize,
    kp: usize,
    out: &mut [u8],
    params: &mut [RowQuant],
) {
    for ((row, q), p) in x.chunks_exact(k).zip(out.chunks_exact_mut(kp)).zip(params) {
        let (min, max) = row
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        *p = RowQuant::from_range(min, max);
        for (d, &v) in q.iter_mut().zip(row) {
            *d = p.quantize(v);
        }
        q[k..].fill(p.zero_point as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_exact_and_extremes_map_to_the_ends() {
        let p = RowQuant::from_range(-0.5, 2.0);
        assert_eq!(p.quantize(0.0) as i32, p.zero_point);
        assert_eq!(p.quantize(-0.5), 0);
        assert_eq!(p.quantize(2.0), 255);
        // Round trip within half a step.
        for v in [-0.4f32, 0.3, 1.234, 1.99] {
            let back = p.scale * (p.quantize(v) as i32 - p.zero_point) as f32;
            assert!((back - v).abs() <= p.scale * 0.5 + 1e-6, "{v} -> {back}");
        }
    }

    #[test]
    fn positive_rows_still_include_zero_and_zero_rows_are_harmless() {
        let p = RowQuant::from_range(1.0, 3.0);
        assert_eq!(p.zero_point, 0);
        assert_eq!(p.quantize(3.0), 255);
        let z = RowQuant::from_range(0.0, 0.0);
        assert_eq!(z.quantize(0.0), 0);
    }
}
