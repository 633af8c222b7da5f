//! Silero VAD against the authors' own implementation (fixtures/silero_reference.py: their
//! ONNX model under onnxruntime, their segmentation code) on a mixed recording: English,
//! knocks on a table, Mandarin, over a noise floor (fixtures/README.md).
//!
//! The model tests need `KAOGUAN_TEST_SILERO_MODEL` (scripts/test.sh installs the model
//! from PyPI and sets it); the segmentation test runs everywhere.

use std::path::PathBuf;

use kaoguan_media::decode::to_pcm16k;
use kaoguan_media::vad::silero::{speech_spans, SileroConfig, SileroError, SileroVad};
use kaoguan_media::vad::{speech_segments, Detector};
use kaoguan_media::{Pcm, Span, SAMPLE_RATE};

struct Reference {
    samples: usize,
    probabilities: Vec<f32>,
    segments: Vec<(usize, usize)>,
}

fn reference() -> Reference {
    let text = include_str!("fixtures/silero_reference.json");
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    Reference {
        samples: v["samples"].as_u64().unwrap() as usize,
        probabilities: v["probabilities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_f64().unwrap() as f32)
            .collect(),
        segments: v["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s[0].as_u64().unwrap() as usize,
                    s[1].as_u64().unwrap() as usize,
                )
            })
            .collect(),
    }
}

fn recording() -> Pcm {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/speech_zh_en_knocks.ogg"
    ))
    .unwrap();
    to_pcm16k(&bytes, Some("audio/ogg")).unwrap()
}

fn model() -> Option<SileroVad> {
    let Some(path) = std::env::var_os("KAOGUAN_TEST_SILERO_MODEL").map(PathBuf::from) else {
        eprintln!("KAOGUAN_TEST_SILERO_MODEL is not set: skipping");
        return None;
    };
    Some(SileroVad::load(&path).expect("the Silero model loads"))
}

fn as_samples(spans: &[Span]) -> Vec<(usize, usize)> {
    let at = |s: f64| (s * f64::from(SAMPLE_RATE)).round() as usize;
    spans.iter().map(|s| (at(s.start_s), at(s.end_s))).collect()
}

/// Where the fixture's parts are (fixtures/README.md), seconds.
const ENGLISH: (f64, f64) = (0.7, 5.50);
const KNOCKS: (f64, f64) = (6.70, 7.45);
const MANDARIN: (f64, f64) = (8.45, 17.29);

fn overlap(spans: &[Span], (a, b): (f64, f64)) -> f64 {
    spans
        .iter()
        .map(|s| (s.end_s.min(b) - s.start_s.max(a)).max(0.0))
        .sum()
}

#[test]
fn segments_from_the_reference_probabilities_match_the_reference_segments() {
    let r = reference();
    let spans = speech_spans(&r.probabilities, r.samples, &SileroConfig::default());
    assert_eq!(as_samples(&spans), r.segments);
    assert!(!r.segments.is_empty());
}

#[test]
fn probabilities_match_the_reference_model() {
    let Some(vad) = model() else { return };
    let pcm = recording();
    let r = reference();
    assert_eq!(pcm.samples.len(), r.samples, "the decoder's output changed");
    let ours = vad.probabilities(&pcm);
    assert_eq!(ours.len(), r.probabilities.len());
    let worst = ours
        .iter()
        .zip(&r.probabilities)
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    eprintln!("largest difference from the reference: {worst:e}");
    assert!(worst < 1e-5, "largest difference {worst}");
    let spans = vad.speech_segments(&pcm, &SileroConfig::default());
    assert_eq!(as_samples(&spans), r.segments);
}

#[test]
fn speech_is_found_and_knocks_are_not() {
    let Some(vad) = model() else { return };
    let pcm = recording();
    let silero = Detector::Silero(vad.into(), SileroConfig::default()).speech_segments(&pcm);
    eprintln!("silero: {silero:?}");
    eprintln!("energy: {:?}", speech_segments(&pcm));
    for part in [ENGLISH, MANDARIN] {
        let covered = overlap(&silero, part) / (part.1 - part.0);
        assert!(covered > 0.6, "{part:?} covered {covered:.2}: {silero:?}");
    }
    let knocked = overlap(&silero, KNOCKS);
    assert!(
        knocked < 0.1,
        "{knocked:.2} s of knocks taken for speech: {silero:?}"
    );
}

#[test]
fn silence_and_empty_audio_have_no_speech() {
    let Some(vad) = model() else { return };
    let config = SileroConfig::default();
    assert!(vad
        .speech_segments(&Pcm::new(Vec::new(), SAMPLE_RATE), &config)
        .is_empty());
    let quiet = Pcm::new(vec![0.0; SAMPLE_RATE as usize * 3], SAMPLE_RATE);
    assert!(vad.speech_segments(&quiet, &config).is_empty());
    // A length that is not a whole number of windows still gets a probability for its tail.
    let odd = Pcm::new(vec![0.0; 1000], SAMPLE_RATE);
    assert_eq!(vad.probabilities(&odd).len(), 2);
}

#[test]
fn files_that_are_not_the_model_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.onnx");
    assert!(matches!(
        SileroVad::load(&missing),
        Err(SileroError::Read { .. })
    ));
    assert!(matches!(
        SileroVad::from_bytes(b"not an onnx file"),
        Err(SileroError::Format(_))
    ));
    // A well-formed ONNX file whose STFT tensor has the wrong shape.
    let err = SileroVad::from_bytes(&onnx_with_one_tensor(&[1, 1, 1]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("model.stft.forward_basis_buffer"), "{err}");
    assert!(err.contains("[258, 1, 256]"), "{err}");
}

#[test]
fn a_cut_model_file_is_refused() {
    let Some(path) = std::env::var_os("KAOGUAN_TEST_SILERO_MODEL") else {
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    for cut in [bytes.len() / 3, bytes.len() - 1] {
        let err = SileroVad::from_bytes(&bytes[..cut]).unwrap_err();
        assert!(matches!(err, SileroError::Format(_)), "{err}");
    }
}

/// An ONNX model (protobuf) holding only the STFT initializer with the given dims.
fn onnx_with_one_tensor(dims: &[u64]) -> Vec<u8> {
    fn varint(mut v: u64, out: &mut Vec<u8>) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn bytes_field(field: u64, body: &[u8], out: &mut Vec<u8>) {
        varint(field << 3 | 2, out);
        varint(body.len() as u64, out);
        out.extend_from_slice(body);
    }
    let mut tensor = Vec::new();
    for &d in dims {
        varint(1 << 3, &mut tensor); // dims
        varint(d, &mut tensor);
    }
    varint(2 << 3, &mut tensor); // data_type FLOAT
    varint(1, &mut tensor);
    bytes_field(8, b"model.stft.forward_basis_buffer", &mut tensor);
    bytes_field(
        9,
        &0f32
            .to_le_bytes()
            .repeat(dims.iter().product::<u64>() as usize),
        &mut tensor,
    );
    let mut graph = Vec::new();
    bytes_field(5, &tensor, &mut graph);
    let mut model = Vec::new();
    varint(1 << 3, &mut model); // ir_version
    varint(8, &mut model);
    bytes_field(7, &graph, &mut model);
    model
}
