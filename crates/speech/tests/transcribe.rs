//! The real model, when `KAOGUAN_TEST_WHISPER_MODEL` names a ggml file (CI sets it; the
//! tests skip with a note otherwise): an English answer spoken by espeak-ng, and a Mandarin
//! clip from `shared/eval/audio`, which must come back in simplified characters with the
//! rubric terms right.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use kaoguan_speech::{
    to_simplified, Language, SpeechError, TranscribeRequest, Transcriber, TranscriberOptions,
};

fn transcriber() -> Option<&'static Transcriber> {
    static T: OnceLock<Option<Transcriber>> = OnceLock::new();
    T.get_or_init(|| {
        let Some(path) = std::env::var_os("KAOGUAN_TEST_WHISPER_MODEL") else {
            eprintln!("skipped: set KAOGUAN_TEST_WHISPER_MODEL to a whisper.cpp ggml model file");
            return None;
        };
        let opts = TranscriberOptions {
            threads: 2,
            max_concurrent: 2,
        };
        Some(Transcriber::load(Path::new(&path), opts).expect("the test model loads"))
    })
    .as_ref()
}

fn read_wav(path: &Path) -> Vec<f32> {
    let mut r = hound::WavReader::open(path).expect("a WAV file");
    let spec = r.spec();
    let ch = spec.channels as usize;
    let samples: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Int => {
            let scale = (1i64 << (spec.bits_per_sample - 1)) as f32;
            r.samples::<i32>()
                .map(|s| s.unwrap() as f32 / scale)
                .collect()
        }
        hound::SampleFormat::Float => r.samples::<f32>().map(Result::unwrap).collect(),
    };
    let mono: Vec<f32> = samples
        .chunks(ch)
        .map(|c| c.iter().sum::<f32>() / ch as f32)
        .collect();
    resample_linear(&mono, spec.sample_rate, 16_000)
}

/// Linear interpolation is crude but enough for speech that is then heard by Whisper.
fn resample_linear(x: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to {
        return x.to_vec();
    }
    let n = (x.len() as u64 * u64::from(to) / u64::from(from)) as usize;
    (0..n)
        .map(|i| {
            let pos = i as f64 * f64::from(from) / f64::from(to);
            let (j, frac) = (pos as usize, (pos.fract()) as f32);
            let a = x[j.min(x.len() - 1)];
            let b = x[(j + 1).min(x.len() - 1)];
            a + (b - a) * frac
        })
        .collect()
}

/// `text` spoken by espeak-ng, as 16 kHz mono; `None` (with a note) when it is missing.
fn espeak(text: &str) -> Option<Vec<f32>> {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("answer.wav");
    match Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-w"])
        .arg(&wav)
        .arg(text)
        .status()
    {
        Ok(s) if s.success() => Some(read_wav(&wav)),
        other => {
            eprintln!("skipped: espeak-ng is not usable ({other:?}); install Debian's espeak-ng");
            None
        }
    }
}

fn eval_audio() -> Option<PathBuf> {
    let dir = std::env::var_os("KAOGUAN_EVAL_AUDIO")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/audio")
        });
    if dir.join("manifest.tsv").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: no eval audio at {}", dir.display());
        None
    }
}

const ANSWER: &str = "When the database slowed down, I added an index on the customer table \
                      and the latency dropped from two seconds to fifty milliseconds.";

#[test]
fn an_english_answer_spoken_by_espeak_is_transcribed() {
    let Some(t) = transcriber() else { return };
    let Some(pcm) = espeak(ANSWER) else { return };
    let req = TranscribeRequest {
        language: Some(Language::En),
        vocabulary: vec!["latency".into(), "index".into()],
    };
    let out = t.transcribe(&pcm, &req).unwrap();
    let text = out.text.to_lowercase();
    for word in ["database", "index", "customer", "latency", "milliseconds"] {
        assert!(text.contains(word), "{word:?} missing from {text:?}");
    }
    assert_eq!(out.language, Language::En);
    assert!(!out.segments.is_empty());
    let duration = pcm.len() as f32 / 16_000.0;
    for s in &out.segments {
        assert!(
            s.start_s >= 0.0 && s.start_s <= s.end_s && s.end_s <= duration + 1.0,
            "{s:?}"
        );
    }
}

#[test]
fn the_language_is_detected_when_the_question_has_none() {
    let Some(t) = transcriber() else { return };
    let Some(pcm) = espeak(ANSWER) else { return };
    let out = t.transcribe(&pcm, &TranscribeRequest::default()).unwrap();
    assert_eq!(out.language, Language::En);
    assert!(out.text.to_lowercase().contains("database"), "{}", out.text);

    let Some(dir) = eval_audio() else { return };
    let pcm = read_wav(&dir.join("zh_synth_f.wav"));
    let out = t.transcribe(&pcm, &TranscribeRequest::default()).unwrap();
    assert_eq!(out.language, Language::Zh);
}

#[test]
fn mandarin_comes_back_simplified_with_the_rubric_terms() {
    let Some(t) = transcriber() else { return };
    let Some(dir) = eval_audio() else { return };
    // 我会先确认数据口径有没有变化，然后按渠道和版本拆分留存率，找出下降最多的部分。
    let pcm = read_wav(&dir.join("zh_synth_c.wav"));
    let plain = TranscribeRequest {
        language: Some(Language::Zh),
        vocabulary: vec![],
    };
    let out = t.transcribe(&pcm, &plain).unwrap();
    assert_eq!(
        to_simplified(&out.text),
        out.text,
        "no traditional characters left"
    );
    assert!(out.text.contains("确认数据"), "{}", out.text);

    let with_terms = TranscribeRequest {
        language: Some(Language::Zh),
        vocabulary: vec!["数据口径".into(), "渠道".into(), "留存率".into()],
    };
    let out = t.transcribe(&pcm, &with_terms).unwrap();
    assert_eq!(
        to_simplified(&out.text),
        out.text,
        "no traditional characters left"
    );
    assert!(out.text.contains("数据口径"), "{}", out.text);
}

#[test]
fn concurrent_transcriptions_share_the_model() {
    let Some(t) = transcriber() else { return };
    let Some(pcm) = espeak(ANSWER) else { return };
    let req = TranscribeRequest {
        language: Some(Language::En),
        vocabulary: vec![],
    };
    let texts: Vec<String> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..3)
            .map(|_| s.spawn(|| t.transcribe(&pcm, &req).unwrap().text))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(texts.windows(2).all(|w| w[0] == w[1]), "{texts:?}");
    assert!(texts[0].to_lowercase().contains("database"), "{texts:?}");
}

#[test]
fn unusable_audio_and_models_are_clear_errors() {
    if let Some(t) = transcriber() {
        let err = t
            .transcribe(&[], &TranscribeRequest::default())
            .unwrap_err();
        assert!(matches!(err, SpeechError::Audio(_)), "{err}");
        let err = t
            .transcribe(&[0.0, f32::NAN], &TranscribeRequest::default())
            .unwrap_err();
        assert!(matches!(err, SpeechError::Audio(_)), "{err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.bin");
    let err = Transcriber::load(&missing, TranscriberOptions::default())
        .err()
        .expect("no model");
    assert!(err.to_string().contains("absent.bin"), "{err}");
    let garbage = dir.path().join("garbage.bin");
    std::fs::write(&garbage, b"not a ggml model at all").unwrap();
    let err = Transcriber::load(&garbage, TranscriberOptions::default())
        .err()
        .expect("not a model");
    assert!(matches!(err, SpeechError::Load { .. }), "{err}");
}

#[test]
fn mandarin_answers_packed_into_one_window_keep_their_own_text() {
    use kaoguan_speech::{PackedClip, Packing};
    let Some(t) = transcriber() else { return };
    let Some(dir) = eval_audio() else { return };
    // Three answers to three questions, each with a phrase only it says.
    let clips = [
        ("zh_f5tts_basic_ref.wav", "这就是我"),
        ("zh_synth_c.wav", "确认数据"),
        ("zh_synth_f.wav", "合理的加班"),
    ];
    let pcms: Vec<Vec<f32>> = clips.iter().map(|(f, _)| read_wav(&dir.join(f))).collect();
    let no_terms: Vec<String> = Vec::new();
    let packed: Vec<PackedClip<'_>> = pcms
        .iter()
        .map(|pcm| PackedClip {
            pcm,
            vocabulary: &no_terms,
        })
        .collect();
    let total: usize = pcms.iter().map(Vec::len).sum();
    assert!(
        total + 2 * 24_000 <= 28 * 16_000,
        "the three clips fit one window, so this tests the cut"
    );
    let out = t.transcribe_packed(&packed, Language::Zh, Packing::default());
    assert_eq!(out.len(), clips.len());
    for (i, result) in out.iter().enumerate() {
        let tr = result.as_ref().expect("transcribed");
        assert_eq!(to_simplified(&tr.text), tr.text, "simplified: {}", tr.text);
        for (j, (_, phrase)) in clips.iter().enumerate() {
            assert_eq!(
                tr.text.contains(phrase),
                i == j,
                "clip {i} and “{phrase}”: {}",
                tr.text
            );
        }
        let duration = pcms[i].len() as f32 / 16_000.0;
        for s in &tr.segments {
            assert!(
                0.0 <= s.start_s && s.start_s <= s.end_s && s.end_s <= duration,
                "{tr:?}"
            );
        }
    }
}
