//! The whole media path on a spoken answer: decode → VAD → trim → delivery measures.

use kaoguan_media::decode::to_pcm16k;
use kaoguan_media::delivery::{measure, Language, RateUnit, TimedText, TranscriptView};
use kaoguan_media::vad::{speech_segments, trim_silence};

#[test]
fn espeak_answer_end_to_end() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/speech_en_pauses.webm"
    ))
    .unwrap();
    let pcm = to_pcm16k(&bytes, Some("audio/webm;codecs=opus")).unwrap();
    let speech = speech_segments(&pcm);
    let trimmed = trim_silence(&pcm, &speech, 0.4);
    assert!(trimmed.pcm.duration_s() < 7.0);

    let text = "I led a team of four engineers on the payment service. We cut latency by half.";
    let segments = [
        TimedText {
            start_s: 1.0,
            end_s: 4.2,
            text: text[..55].into(),
        },
        TimedText {
            start_s: 6.7,
            end_s: 8.6,
            text: text[56..].into(),
        },
    ];
    let d = measure(
        &pcm,
        &speech,
        &TranscriptView {
            language: Language::En,
            text,
            segments: &segments,
        },
    );
    assert_eq!(d.rate.unit, RateUnit::Words);
    assert_eq!(d.rate.units, 16);
    // espeak at 160 wpm with its own short pauses: 16 words in about 5 s of speech.
    let wpm = d.rate.per_min_speech.unwrap();
    assert!((140.0..260.0).contains(&wpm), "{wpm}");
    assert_eq!(d.pauses.long_count, 1, "{:?}", d.pauses);
    assert!((2.0..3.0).contains(&d.pauses.longest_s), "{:?}", d.pauses);
    assert!(
        (0.7..1.1).contains(&d.pauses.leading_silence_s),
        "{:?}",
        d.pauses
    );
    // espeak-ng's default English voice speaks around 100–150 Hz with some intonation.
    let pitch = d.pitch.as_ref().expect("voiced speech");
    assert!((80.0..180.0).contains(&pitch.median_hz), "{pitch:?}");
    assert!(pitch.variation_semitones > 0.3, "{pitch:?}");
    let loud = d.loudness.as_ref().expect("speech");
    assert!((-40.0..-10.0).contains(&loud.mean_dbfs), "{loud:?}");
    eprintln!("{}", serde_json::to_string_pretty(&d).unwrap());
}
