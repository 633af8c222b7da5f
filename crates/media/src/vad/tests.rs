use super::*;
use crate::pcm::SAMPLE_RATE;

/// Deterministic white noise (xorshift), amplitude `amp`.
fn noise(n: usize, amp: f32, seed: &mut u64) -> Vec<f32> {
    (0..n)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            ((*seed >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * amp
        })
        .collect()
}

/// A voiced-speech stand-in: a 150 Hz harmonic series with a 4 Hz syllable envelope.
fn voiced(n: usize, amp: f32) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let t = i as f32 / SAMPLE_RATE as f32;
            let env = 0.6 + 0.4 * (2.0 * std::f32::consts::PI * 4.0 * t).sin().abs();
            let x: f32 = (1..=12)
                .map(|h| (2.0 * std::f32::consts::PI * 150.0 * h as f32 * t).sin() / h as f32)
                .sum();
            x * amp * env
        })
        .collect()
}

/// Silence 1 s, speech 2 s, silence 2.5 s, speech 1.5 s, silence 1 s, over faint noise.
fn scripted(noise_amp: f32) -> Pcm {
    let sr = SAMPLE_RATE as usize;
    let mut seed = 0x9e37_79b9_7f4a_7c15;
    let mut s = noise(8 * sr, noise_amp, &mut seed);
    for (start, len) in [(sr, 2 * sr), (sr * 11 / 2, sr * 3 / 2)] {
        for (x, v) in s[start..start + len].iter_mut().zip(voiced(len, 0.1)) {
            *x += v;
        }
    }
    Pcm::new(s, SAMPLE_RATE)
}

fn assert_near(got: f64, want: f64, tol: f64) {
    assert!((got - want).abs() <= tol, "got {got}, want {want} ± {tol}");
}

#[test]
fn finds_scripted_speech_in_quiet_noise() {
    let spans = speech_segments(&scripted(0.002));
    assert_eq!(spans.len(), 2, "{spans:?}");
    assert_near(spans[0].start_s, 1.0 - 0.1, 0.05);
    assert_near(spans[0].end_s, 3.0 + 0.1, 0.05);
    assert_near(spans[1].start_s, 5.5 - 0.1, 0.05);
    assert_near(spans[1].end_s, 7.0 + 0.1, 0.05);
}

#[test]
fn adapts_to_a_loud_noise_floor() {
    // Noise only ~15 dB under the speech.
    let spans = speech_segments(&scripted(0.03));
    assert_eq!(spans.len(), 2, "{spans:?}");
    assert_near(spans[0].start_s, 0.9, 0.1);
    assert_near(spans[1].end_s, 7.1, 0.1);
}

#[test]
fn silence_and_steady_noise_are_not_speech() {
    let sr = SAMPLE_RATE as usize;
    assert!(speech_segments(&Pcm::new(vec![0.0; 3 * sr], SAMPLE_RATE)).is_empty());
    let mut seed = 7;
    assert!(speech_segments(&Pcm::new(noise(3 * sr, 0.05, &mut seed), SAMPLE_RATE)).is_empty());
    assert!(speech_segments(&Pcm::new(vec![], SAMPLE_RATE)).is_empty());
}

#[test]
fn clicks_are_dropped_and_short_gaps_bridged() {
    let sr = SAMPLE_RATE as usize;
    let mut s = vec![0.0f32; 4 * sr];
    // A 40 ms click at 0.5 s.
    for (x, v) in s[sr / 2..sr / 2 + 640].iter_mut().zip(voiced(640, 0.3)) {
        *x = v;
    }
    // Two words 1.5–2.0 s and 2.15–2.8 s: one segment, the 150 ms gap bridged.
    for (start, len) in [(sr * 3 / 2, sr / 2), (sr * 43 / 20, sr * 13 / 20)] {
        for (x, v) in s[start..start + len].iter_mut().zip(voiced(len, 0.1)) {
            *x = v;
        }
    }
    let spans = speech_segments(&Pcm::new(s, SAMPLE_RATE));
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_near(spans[0].start_s, 1.4, 0.05);
    assert_near(spans[0].end_s, 2.9, 0.05);
}

#[test]
fn speech_to_the_end_is_closed_at_the_end() {
    let sr = SAMPLE_RATE as usize;
    let mut s = vec![0.0f32; sr];
    s.extend(voiced(sr, 0.1));
    let spans = speech_segments(&Pcm::new(s, SAMPLE_RATE));
    assert_eq!(spans.len(), 1);
    assert_near(spans[0].end_s, 2.0, 1e-9);
    assert_near(speech_time_s(&spans), 1.1, 0.05);
}
