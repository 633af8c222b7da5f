use super::*;

fn view<'a>(language: Language, text: &'a str) -> TranscriptView<'a> {
    TranscriptView {
        language,
        text,
        segments: &[],
    }
}

/// A voice-like 140 Hz tone (with harmonics) at `amp`.
fn voice(seconds: f64, amp: f32) -> Vec<f32> {
    (0..(seconds * 16_000.0) as usize)
        .map(|i| {
            let t = i as f32 / 16_000.0;
            let x: f32 = (1..=4)
                .map(|h| (2.0 * std::f32::consts::PI * 140.0 * h as f32 * t).sin() / h as f32)
                .sum();
            amp * x
        })
        .collect()
}

/// 1 s silence, 3 s voice, 2.5 s silence, 2 s voice, 0.5 s silence; spans as a VAD gives them.
fn scripted() -> (Pcm, Vec<Span>) {
    let mut s = vec![0.0; 16_000];
    s.extend(voice(3.0, 0.1));
    s.extend(vec![0.0; 40_000]);
    s.extend(voice(2.0, 0.1));
    s.extend(vec![0.0; 8_000]);
    (
        Pcm::new(s, 16_000),
        vec![Span::new(1.0, 4.0), Span::new(6.5, 8.5)],
    )
}

#[test]
fn rate_pauses_pitch_and_loudness_on_a_scripted_answer() {
    let (pcm, speech) = scripted();
    // 50 words in 5 s of speech, 9 s total.
    let text = "word ".repeat(50);
    let d = measure(&pcm, &speech, &view(Language::En, &text));
    assert_eq!(d.rate.unit, RateUnit::Words);
    assert_eq!(d.rate.units, 50);
    assert!((d.rate.per_min_speech.unwrap() - 600.0).abs() < 1e-6);
    assert!((d.rate.per_min_total.unwrap() - 50.0 * 60.0 / 9.0).abs() < 1e-6);
    assert!((d.speech_s - 5.0).abs() < 1e-9 && (d.total_s - 9.0).abs() < 1e-9);

    assert!((d.pauses.pause_ratio - 2.5 / 7.5).abs() < 1e-9);
    assert_eq!(d.pauses.long_count, 1);
    assert!((d.pauses.long_total_s - 2.5).abs() < 1e-9);
    assert!((d.pauses.leading_silence_s - 1.0).abs() < 1e-9);

    let p = d.pitch.unwrap();
    assert!((p.median_hz - 140.0).abs() < 1.5, "{p:?}");
    assert!(p.variation_semitones < 0.1);
    let l = d.loudness.unwrap();
    assert!(l.variation_db < 0.5, "{l:?}");
    assert_eq!(d.fillers.count, 0);
    assert_eq!(d.fillers.per_100_units, Some(0.0));
}

#[test]
fn mandarin_rate_and_fillers() {
    let (pcm, speech) = scripted();
    // 16 characters (嗯, 那个 and 呃 included), 3 fillers.
    let text = "嗯，那个，我负责了支付系统。呃，效果很好。";
    let d = measure(&pcm, &speech, &view(Language::Zh, text));
    assert_eq!(d.rate.unit, RateUnit::Chars);
    assert_eq!(d.rate.units, 16);
    assert!((d.rate.per_min_speech.unwrap() - 16.0 * 12.0).abs() < 1e-6);
    assert_eq!(d.fillers.count, 3);
    assert!((d.fillers.per_100_units.unwrap() - 3.0 * 100.0 / 16.0).abs() < 1e-9);
    let names: Vec<&str> = d.fillers.found.iter().map(|f| f.filler.as_str()).collect();
    assert_eq!(names, ["呃", "嗯", "那个"]);
}

#[test]
fn segments_stand_in_when_vad_found_nothing() {
    let (pcm, _) = scripted();
    let segments = [
        TimedText {
            start_s: 1.0,
            end_s: 4.0,
            text: "a".into(),
        },
        TimedText {
            start_s: 6.5,
            end_s: 8.5,
            text: "b".into(),
        },
    ];
    let t = TranscriptView {
        language: Language::En,
        text: "one two",
        segments: &segments,
    };
    let d = measure(&pcm, &[], &t);
    assert!((d.speech_s - 5.0).abs() < 1e-9);
    assert_eq!(d.pauses.long_count, 1);
}

#[test]
fn empty_answer_has_no_rates_and_serialises() {
    let pcm = Pcm::new(vec![0.0; 16_000], 16_000);
    let d = measure(&pcm, &[], &view(Language::En, ""));
    assert_eq!(d.rate.per_min_speech, None);
    assert_eq!(d.fillers.per_100_units, None);
    assert!(d.pitch.is_none() && d.loudness.is_none());
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["language"], "en");
    assert_eq!(json["rate"]["unit"], "words");
    assert!(json["pitch"].is_null());
}
