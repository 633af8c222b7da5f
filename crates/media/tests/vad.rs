//! VAD on real decoded speech (espeak-ng, see fixtures/README.md) and on the shared eval
//! clips when they are present.

use kaoguan_media::decode::to_pcm16k;
use kaoguan_media::vad::{speech_segments, trim_silence};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn espeak_answer_with_a_long_pause() {
    // Built as: 1.0 s silence, sentence (3.22 s incl. espeak's own edges), 2.5 s silence,
    // sentence (1.92 s), 1.0 s silence, over white noise at about -55 dBFS.
    let pcm = to_pcm16k(&fixture("speech_en_pauses.webm"), Some("audio/webm")).unwrap();
    let spans = speech_segments(&pcm);
    assert!(!spans.is_empty());
    let first_sentence = (1.0, 4.22);
    let second_sentence = (6.72, 8.64);
    for s in &spans {
        let inside = |(a, b): (f64, f64)| s.start_s >= a - 0.15 && s.end_s <= b + 0.15;
        assert!(
            inside(first_sentence) || inside(second_sentence),
            "{s:?} in {spans:?}"
        );
    }
    let covered = |(a, b): (f64, f64)| -> f64 {
        spans
            .iter()
            .map(|s| (s.end_s.min(b) - s.start_s.max(a)).max(0.0))
            .sum::<f64>()
            / (b - a)
    };
    assert!(covered(first_sentence) > 0.8, "{spans:?}");
    assert!(covered(second_sentence) > 0.8, "{spans:?}");

    let trimmed = trim_silence(&pcm, &spans, 0.4);
    assert!(trimmed.pcm.duration_s() < pcm.duration_s() - 3.0);
    // The start of the second sentence maps back into it.
    let second = trimmed
        .map
        .pieces
        .iter()
        .find(|p| p.original_s > 5.0)
        .expect("a piece for the second sentence");
    let back = trimmed.map.to_original(second.trimmed_s + 0.5);
    assert!((6.5..7.5).contains(&back), "{back}");
}

/// Every clip of the shared eval set has speech, and the speech covers most of the clip
/// (they are read sentences with little silence). Skipped where shared/ is absent.
#[test]
fn eval_clips_are_mostly_speech() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/eval/audio");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipped: {dir} not found");
        return;
    };
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("wav") {
            continue;
        }
        let pcm = to_pcm16k(&std::fs::read(&path).unwrap(), Some("audio/wav")).unwrap();
        let spans = speech_segments(&pcm);
        let speech: f64 = spans.iter().map(|s| s.duration_s()).sum();
        let share = speech / pcm.duration_s();
        eprintln!(
            "{:?}: {:.2}s, speech {share:.2}, {} segments",
            path.file_name().unwrap(),
            pcm.duration_s(),
            spans.len()
        );
        assert!(share > 0.4, "{path:?}: {spans:?}");
        checked += 1;
    }
    assert!(checked > 0);
}
