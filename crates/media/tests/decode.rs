//! Decoding the committed fixtures (see fixtures/README.md for how they were made).

use kaoguan_media::decode::{to_pcm16k, to_pcm16k_with, DecodeOptions};
use kaoguan_media::{MediaError, Pcm, SAMPLE_RATE};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Power at `freq` by the Goertzel recurrence.
fn power_at(samples: &[f32], rate: u32, freq: f64) -> f64 {
    let w = 2.0 * std::f64::consts::PI * freq / f64::from(rate);
    let coeff = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &x in samples {
        let s0 = f64::from(x) + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    s1 * s1 + s2 * s2 - coeff * s1 * s2
}

/// The strongest frequency between 100 and 2000 Hz, in 5 Hz steps.
fn dominant_hz(pcm: &Pcm) -> f64 {
    let mid = &pcm.samples[pcm.samples.len() / 4..pcm.samples.len() * 3 / 4];
    (20..=400)
        .map(|k| f64::from(k) * 5.0)
        .max_by(|a, b| {
            power_at(mid, pcm.sample_rate, *a).total_cmp(&power_at(mid, pcm.sample_rate, *b))
        })
        .unwrap()
}

fn rms(samples: &[f32]) -> f64 {
    (samples
        .iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        / samples.len() as f64)
        .sqrt()
}

fn check_tone(name: &str, content_type: Option<&str>, seconds: f64) {
    let pcm = to_pcm16k(&fixture(name), content_type).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(pcm.sample_rate, SAMPLE_RATE, "{name}");
    assert!(
        (pcm.duration_s() - seconds).abs() < 0.08,
        "{name}: duration {} s, expected {seconds}",
        pcm.duration_s()
    );
    assert_eq!(dominant_hz(&pcm), 440.0, "{name}");
    // ffmpeg's sine source has amplitude 1/8, halved again by `volume=0.5`: RMS 0.0442.
    // Lossy codecs, resampling and the stereo mix-down must all keep the level.
    let level = rms(&pcm.samples[pcm.samples.len() / 4..pcm.samples.len() * 3 / 4]);
    assert!((0.040..0.048).contains(&level), "{name}: rms {level}");
}

#[test]
fn webm_opus_stereo_as_chrome_streams_it() {
    check_tone(
        "tone440_stereo_live.webm",
        Some("audio/webm;codecs=opus"),
        1.5,
    );
}

#[test]
fn ogg_opus() {
    check_tone("tone440.ogg", Some("audio/ogg"), 1.5);
}

#[test]
fn mp4_aac() {
    check_tone("tone440.m4a", Some("audio/mp4"), 1.5);
}

#[test]
fn fragmented_mp4_aac_as_safari_records() {
    check_tone("tone440_fragmented.mp4", Some("audio/mp4"), 1.5);
}

#[test]
fn mp3() {
    check_tone("tone440.mp3", Some("audio/mpeg"), 1.5);
}

#[test]
fn wav_stereo_22k() {
    check_tone("tone440_22k_stereo.wav", Some("audio/wav"), 0.8);
}

#[test]
fn video_webm_takes_the_audio_track() {
    check_tone("video_vp8_opus.webm", Some("video/webm"), 1.5);
}

#[test]
fn content_type_is_only_a_hint() {
    check_tone("tone440.ogg", None, 1.5);
    check_tone("tone440.m4a", Some("audio/webm"), 1.5);
}

#[test]
fn too_long_is_refused() {
    let options = DecodeOptions {
        max_duration_s: 1.0,
    };
    assert_eq!(
        to_pcm16k_with(&fixture("tone440.ogg"), None, &options),
        Err(MediaError::TooLong { max_s: 1.0 })
    );
}

#[test]
fn truncated_header_is_corrupt() {
    let bytes = fixture("tone440.m4a");
    let err = to_pcm16k(&bytes[..40], Some("audio/mp4")).unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::Corrupt { .. } | MediaError::UnsupportedContainer { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn truncated_stream_keeps_the_audio_before_the_cut() {
    let bytes = fixture("tone440_stereo_live.webm");
    let pcm = to_pcm16k(&bytes[..bytes.len() / 2], Some("audio/webm")).unwrap();
    assert!(
        pcm.duration_s() > 0.4 && pcm.duration_s() < 1.2,
        "{}",
        pcm.duration_s()
    );
    assert_eq!(dominant_hz(&pcm), 440.0);
}

#[test]
fn speech_has_energy_where_it_was_spoken() {
    let pcm = to_pcm16k(&fixture("speech_en_pauses.webm"), Some("audio/webm")).unwrap();
    assert!(
        (pcm.duration_s() - 9.64).abs() < 0.05,
        "{}",
        pcm.duration_s()
    );
    let at = |a: f64, b: f64| rms(&pcm.samples[(a * 16e3) as usize..(b * 16e3) as usize]);
    // Silence (with faint noise) at 0.1–0.9 s and 5.0–6.5 s; speech at 1.5–3.5 s.
    assert!(at(1.5, 3.5) > 10.0 * at(0.1, 0.9));
    assert!(at(1.5, 3.5) > 10.0 * at(5.0, 6.5));
}

#[test]
fn webm_with_unknown_size_clusters_as_chrome_records() {
    check_tone(
        "tone440_stereo_chrome.webm",
        Some("audio/webm;codecs=opus"),
        1.5,
    );
}

#[test]
fn unsupported_codec_is_named() {
    let err = to_pcm16k(&fixture("tone_vorbis.webm"), Some("audio/webm")).unwrap_err();
    assert_eq!(
        err,
        MediaError::UnsupportedCodec {
            codec: "vorbis".into()
        }
    );
    assert_eq!(err.to_string(), "unsupported audio codec: vorbis");
}

/// A 16 kHz mono 16-bit WAV of a 440 Hz tone as a browser streams it without
/// MediaRecorder: the header goes out first, so its RIFF and data sizes are placeholders.
fn streaming_wav(placeholder: u32, seconds: f64) -> Vec<u8> {
    let n = (seconds * f64::from(SAMPLE_RATE)) as usize;
    let mut out = Vec::with_capacity(44 + 2 * n);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&placeholder.to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    out.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&placeholder.to_le_bytes());
    for i in 0..n {
        let x = (2.0 * std::f64::consts::PI * 440.0 * i as f64 / f64::from(SAMPLE_RATE)).sin();
        out.extend_from_slice(&((x * 0.0625 * 32767.0) as i16).to_le_bytes());
    }
    out
}

#[test]
fn streaming_wav_with_unknown_sizes_reads_to_the_end() {
    for placeholder in [u32::MAX, 0] {
        let pcm = to_pcm16k(&streaming_wav(placeholder, 1.5), Some("audio/wav"))
            .unwrap_or_else(|e| panic!("sizes {placeholder:#x}: {e}"));
        assert!(
            (pcm.duration_s() - 1.5).abs() < 0.01,
            "sizes {placeholder:#x}: {} s",
            pcm.duration_s()
        );
        assert_eq!(dominant_hz(&pcm), 440.0, "sizes {placeholder:#x}");
        let level = rms(&pcm.samples);
        assert!((0.040..0.048).contains(&level), "rms {level}");
    }
}

#[test]
fn streaming_wav_cut_mid_sample_still_decodes() {
    let mut wav = streaming_wav(u32::MAX, 1.0);
    wav.push(0x12); // half a sample: the upload ended between two bytes of one
    let pcm = to_pcm16k(&wav, None).expect("decodes");
    assert!(
        (pcm.duration_s() - 1.0).abs() < 0.01,
        "{} s",
        pcm.duration_s()
    );
    let mut wav = streaming_wav(0, 1.0);
    wav.push(0x12);
    let pcm = to_pcm16k(&wav, None).expect("decodes");
    assert!(
        (pcm.duration_s() - 1.0).abs() < 0.01,
        "{} s",
        pcm.duration_s()
    );
}

/// A packet on which Symphonia's AAC decoder panics (see fixtures/README.md) is one bad
/// packet: skipped, with a fresh decoder for the packets after it, not the loss of the
/// whole answer.
#[test]
fn an_aac_packet_that_crashes_the_decoder_costs_only_that_packet() {
    let pcm = to_pcm16k(&fixture("aac_section_overflow.m4a"), Some("audio/mp4"))
        .expect("the packets around the damaged one decode");
    assert!(
        (1.4..1.6).contains(&pcm.duration_s()),
        "{} s",
        pcm.duration_s()
    );
    // The tone after the damaged packet (packet 40 of 66 starts at about 0.93 s) is there.
    let after = &pcm.samples[(1.1 * 16_000.0) as usize..(1.4 * 16_000.0) as usize];
    let level = rms(after);
    assert!(
        (0.03..0.06).contains(&level),
        "rms after the damage {level}"
    );
}

/// WebKitGTK's MediaRecorder (GStreamer's mp4mux) writes fragmented MP4 with two `ftyp`
/// boxes and, when it stops, a repeated `moof` without its `mdat`: the bytes after it read
/// as AAC that uses features no decoder implements. The recording before it is good and is
/// kept (a tone from WebKit's mock microphone, recorded by the portal in
/// `crates/web/tests/e2e/webkit.rs`: 3 one-second fragments, then the broken tail).
#[test]
fn webkitgtk_mp4_with_a_repeated_fragment_header_keeps_the_good_audio() {
    let pcm = to_pcm16k(&fixture("webkitgtk_duplicate_moof.mp4"), Some("audio/mp4"))
        .expect("the good fragments decode");
    assert!(
        (2.9..4.0).contains(&pcm.duration_s()),
        "{} s",
        pcm.duration_s()
    );
    let level = rms(&pcm.samples[pcm.samples.len() / 4..pcm.samples.len() * 3 / 4]);
    assert!(level > 0.05, "rms {level}");
}
