//! Interleaved multichannel to mono.

/// Appends the average of each interleaved frame to `out`.
///
/// Averaging (rather than taking the first channel) keeps speech recorded on only one side of
/// a stereo pair, which happens with some headsets.
pub(crate) fn append_mono(interleaved: &[f32], channels: usize, out: &mut Vec<f32>) {
    if channels <= 1 {
        out.extend_from_slice(interleaved);
        return;
    }
    let scale = 1.0 / channels as f32;
    out.extend(
        interleaved
            .chunks_exact(channels)
            .map(|frame| frame.iter().sum::<f32>() * scale),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_channels() {
        let mut out = vec![];
        append_mono(&[1.0, 0.0, 0.5, 0.5], 2, &mut out);
        assert_eq!(out, vec![0.5, 0.5]);
    }
}
