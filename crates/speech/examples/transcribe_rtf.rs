//! Transcription speed per clip on `shared/eval/audio`: wall-clock and CPU time (user+sys of
//! the whole process, all threads) of the whisper call alone and, with `--path`, of the
//! product's whole path as `crates/server/src/transcription.rs` runs it (decode, voice
//! activity, trim silence, whisper, simplified Chinese, segments mapped back, delivery
//! measures). `crates/speech/scripts/whisper_cli_rtf.sh` runs it next to whisper.cpp's own
//! command-line tool.
//!
//! ```text
//! cargo run -p kaoguan-speech --release --example transcribe_rtf -- MODEL.bin \
//!     [--audio DIR] [--threads 2] [--window full|fit:MS] [--path] [--vad SILERO.onnx]
//!     [--only FILE] [--pack BUDGET_S:GAP_S [--packed-only]]
//! ```
//! `--pack` adds a third measurement, `packed`: the whole path with the clips of each
//! language packed into shared windows (`Transcriber::transcribe_packed`), as the server
//! transcribes a backlog of one candidate's answers; it is timed over all clips together.
//! `--packed-only` skips the clip-by-clip measurements.
//! `--vad` runs the path with Silero VAD (`silero_vad_16k_op15.onnx`) instead of the energy
//! detector.
//! `--only FILE` loads the model and transcribes that one clip, nothing else (one process per
//! clip, as the command-line tool runs); otherwise every clip of the manifest runs in one
//! process after one warm-up transcription. Prints, tab-separated, one line per clip and
//! measurement: `whisper|path  file  lang  audio_s  wall_s  cpu_s  text`, with `--path` also
//! the path's stages (`path.pre`: decode + VAD + trim; `path.whisper`; `path.post`: segments
//! mapped back + delivery measures), then a total line per measurement on stderr with its
//! English WER and synthetic-Mandarin CER (scored as `asr_eval` scores).

#[path = "asr_eval/score.rs"]
mod score;

use std::path::{Path, PathBuf};
use std::time::Instant;

use kaoguan_media::delivery::{self, TimedText, TranscriptView};
use kaoguan_media::{decode, vad, Span};
use kaoguan_speech::{
    Language, PackedClip, Packing, TranscribeRequest, Transcriber, TranscriberOptions, Transcript,
    Window,
};
use rustix::time::{clock_gettime, ClockId};

/// As in `crates/server/src/transcription.rs`.
const KEPT_GAP_S: f64 = 0.6;

struct Clip {
    file: String,
    language: Language,
    reference: String,
}

/// CPU time of the whole process so far (user + system, every thread, finished ones too).
fn cpu_s() -> f64 {
    let t = clock_gettime(ClockId::ProcessCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// Runs `f`, returning its result, wall-clock seconds and process CPU seconds.
fn measure<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (c0, t0) = (cpu_s(), Instant::now());
    let out = f();
    (out, t0.elapsed().as_secs_f64(), cpu_s() - c0)
}

fn load_manifest(dir: &Path) -> Vec<Clip> {
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).expect("manifest.tsv");
    manifest
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            Clip {
                file: cols[0].to_string(),
                language: Language::parse(cols[1]).expect("zh or en"),
                reference: cols[2].to_string(),
            }
        })
        .collect()
}

/// The whisper call alone, on the decoded clip as it is (no VAD), like the command-line tool.
fn whisper_only(t: &Transcriber, pcm: &[f32], language: Language) -> String {
    let req = TranscribeRequest {
        language: Some(language),
        vocabulary: vec![],
    };
    t.transcribe(pcm, &req).expect("transcribes").text
}

/// Wall and CPU seconds of the whole path's stages: decode + VAD + trim, whisper, mapping
/// the segments back + delivery measures.
type Stages = [(f64, f64); 3];

/// The product's path, step for step as `LocalTranscription::transcribe` in the server.
fn whole_path(
    t: &Transcriber,
    detector: &vad::Detector,
    wav: &[u8],
    language: Language,
    stages: &mut Stages,
) -> String {
    let mut mark = (Instant::now(), cpu_s());
    let mut lap = |i: usize| {
        let now = (Instant::now(), cpu_s());
        stages[i].0 += (now.0 - mark.0).as_secs_f64();
        stages[i].1 += now.1 - mark.1;
        mark = now;
    };
    let heard = prepare(detector, wav);
    lap(0);
    let out = heard.trimmed.as_ref().map(|trimmed| {
        t.transcribe(
            &trimmed.pcm.samples,
            &TranscribeRequest {
                language: Some(language),
                vocabulary: vec![],
            },
        )
        .expect("transcribes")
    });
    lap(1);
    let text = finish(&heard, out, language);
    lap(2);
    text
}

/// A clip decoded, its speech found and the silence trimmed, as the server prepares it.
struct Heard {
    pcm: kaoguan_media::Pcm,
    speech: Vec<Span>,
    /// `None` when no speech was found.
    trimmed: Option<vad::Trimmed>,
}

fn prepare(detector: &vad::Detector, wav: &[u8]) -> Heard {
    let pcm = decode::to_pcm16k(wav, Some("audio/wav")).expect("decodes");
    let speech = detector.speech_segments(&pcm);
    let trimmed = (!speech.is_empty()).then(|| vad::trim_silence(&pcm, &speech, KEPT_GAP_S));
    Heard {
        pcm,
        speech,
        trimmed,
    }
}

/// Segments mapped back to the recording and the delivery measures, as the server does;
/// returns the text.
fn finish(heard: &Heard, out: Option<Transcript>, language: Language) -> String {
    let (text, segments) = match (out, &heard.trimmed) {
        (Some(out), Some(trimmed)) => {
            let segments: Vec<TimedText> = out
                .segments
                .iter()
                .map(|s| {
                    let (start, end) = (f64::from(s.start_s), f64::from(s.end_s));
                    trimmed.map.text_to_original(start, end, &s.text)
                })
                .collect();
            (out.text, segments)
        }
        _ => (String::new(), Vec::new()),
    };
    let media_lang = match language {
        Language::Zh => delivery::Language::Zh,
        Language::En => delivery::Language::En,
    };
    let measures = delivery::measure(
        &heard.pcm,
        &heard.speech,
        &TranscriptView {
            language: media_lang,
            text: &text,
            segments: &segments,
        },
    );
    std::hint::black_box(measures);
    text
}

/// The whole path with packing: every clip prepared, each language's clips transcribed
/// together, each clip finished on its own. Returns the texts in clip order.
fn packed_path(
    t: &Transcriber,
    detector: &vad::Detector,
    clips: &[Clip],
    wavs: &[Vec<u8>],
    packing: Packing,
) -> Vec<String> {
    let heard: Vec<Heard> = wavs.iter().map(|wav| prepare(detector, wav)).collect();
    let mut texts = vec![String::new(); clips.len()];
    for language in [Language::En, Language::Zh] {
        let chosen: Vec<usize> = (0..clips.len())
            .filter(|&i| clips[i].language == language)
            .collect();
        let packed: Vec<PackedClip<'_>> = chosen
            .iter()
            .filter_map(|&i| heard[i].trimmed.as_ref())
            .map(|trimmed| PackedClip {
                pcm: &trimmed.pcm.samples,
                vocabulary: &[],
            })
            .collect();
        let mut outs = t.transcribe_packed(&packed, language, packing).into_iter();
        for &i in &chosen {
            let out = heard[i]
                .trimmed
                .as_ref()
                .map(|_| outs.next().expect("one per clip").expect("transcribes"));
            texts[i] = finish(&heard[i], out, language);
        }
    }
    texts
}

fn parse_packing(s: &str) -> Packing {
    let (budget, gap) = s.split_once(':').expect("--pack BUDGET_S:GAP_S");
    Packing {
        budget_s: budget.parse().expect("seconds"),
        gap_s: gap.parse().expect("seconds"),
    }
}

fn parse_window(s: &str) -> Window {
    match s.strip_prefix("fit:") {
        Some(ms) => Window::Fit {
            margin_ms: ms.parse().expect("fit:MILLISECONDS"),
        },
        None if s == "full" => Window::Full,
        None => panic!("--window full|fit:MS"),
    }
}

#[derive(Default)]
struct Total {
    audio: f64,
    wall: f64,
    cpu: f64,
    /// Edits, edits with numbers normalised, reference length: English words, synthetic
    /// Mandarin characters.
    en: [usize; 3],
    zh: [usize; 3],
}

impl Total {
    fn score(&mut self, clip: &Clip, hyp: &str) {
        let (units, tally): (fn(&str, bool) -> Vec<String>, _) = match clip.language {
            Language::En => (score::en_words, &mut self.en),
            Language::Zh if clip.file.starts_with("zh_synth") => (score::zh_units, &mut self.zh),
            Language::Zh => return,
        };
        let r = units(&clip.reference, false);
        tally[0] += score::edits(&r, &units(hyp, false));
        tally[1] += score::edits(&units(&clip.reference, true), &units(hyp, true));
        tally[2] += r.len();
    }

    fn rates(&self) -> String {
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        format!(
            "EN WER {:.1}% ({:.1}% numbers normalised), synthetic ZH CER {:.1}% ({:.1}%)",
            pct(self.en[0], self.en[2]),
            pct(self.en[1], self.en[2]),
            pct(self.zh[0], self.zh[2]),
            pct(self.zh[1], self.zh[2])
        )
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let model = PathBuf::from(
        args.next()
            .expect("usage: transcribe_rtf MODEL.bin [options]"),
    );
    let mut audio = PathBuf::from("/work/shared/eval/audio");
    let (mut threads, mut window, mut path, mut only) = (2, Window::DEFAULT, false, None);
    let mut packing = None;
    let mut packed_only = false;
    let mut detector = vad::Detector::default();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--audio" => audio = args.next().expect("DIR").into(),
            "--threads" => threads = args.next().expect("N").parse().expect("a number"),
            "--window" => window = parse_window(&args.next().expect("full|fit:MS")),
            "--path" => path = true,
            "--packed-only" => packed_only = true,
            "--only" => only = Some(args.next().expect("FILE")),
            "--pack" => packing = Some(parse_packing(&args.next().expect("BUDGET_S:GAP_S"))),
            "--vad" => {
                let file = PathBuf::from(args.next().expect("SILERO.onnx"));
                let model = vad::silero::SileroVad::load(&file).expect("the Silero model loads");
                detector = vad::Detector::Silero(model.into(), Default::default());
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let mut clips = load_manifest(&audio);
    if let Some(file) = &only {
        clips.retain(|c| &c.file == file);
        assert!(!clips.is_empty(), "{file} is not in the manifest");
    }
    let opts = TranscriberOptions {
        threads,
        max_concurrent: 1,
    };
    let (transcriber, load_wall, load_cpu) =
        measure(|| Transcriber::load(&model, opts).expect("the model loads"));
    let transcriber = transcriber.with_window(window);
    eprintln!("load: {load_wall:.3} s wall, {load_cpu:.3} s CPU; window {window:?}");

    let wavs: Vec<Vec<u8>> = clips
        .iter()
        .map(|c| std::fs::read(audio.join(&c.file)).expect("a readable clip"))
        .collect();
    let pcms: Vec<Vec<f32>> = wavs
        .iter()
        .map(|w| {
            decode::to_pcm16k(w, Some("audio/wav"))
                .expect("decodes")
                .samples
        })
        .collect();
    if only.is_none() {
        // Warm up: first-touch page faults of the weights, the first compute graphs.
        whisper_only(&transcriber, &pcms[0], clips[0].language);
    }

    let modes: &[&str] = if packed_only {
        &[]
    } else if path {
        &["whisper", "path"]
    } else {
        &["whisper"]
    };
    for mode in modes {
        let mut total = Total::default();
        for ((clip, wav), pcm) in clips.iter().zip(&wavs).zip(&pcms) {
            let mut stages = Stages::default();
            let (text, wall, cpu) = measure(|| match *mode {
                "whisper" => whisper_only(&transcriber, pcm, clip.language),
                _ => whole_path(&transcriber, &detector, wav, clip.language, &mut stages),
            });
            total.score(clip, &text);
            let audio_s = pcm.len() as f64 / 16_000.0;
            total.audio += audio_s;
            total.wall += wall;
            total.cpu += cpu;
            println!(
                "{mode}\t{}\t{}\t{audio_s:.3}\t{wall:.4}\t{cpu:.4}\t{}",
                clip.file,
                clip.language.code(),
                text.replace(['\t', '\n'], " ")
            );
            if *mode == "path" {
                for (name, (w, c)) in ["pre", "whisper", "post"].iter().zip(stages) {
                    println!(
                        "path.{name}\t{}\t{}\t{audio_s:.3}\t{w:.4}\t{c:.4}\t",
                        clip.file,
                        clip.language.code()
                    );
                }
            }
        }
        eprintln!(
            "{mode}: {:.1} s of audio, {:.2} s wall (RTF {:.3}), {:.2} s CPU (per audio second {:.3}); {}{}",
            total.audio,
            total.wall,
            total.wall / total.audio,
            total.cpu,
            total.cpu / total.audio,
            total.rates(),
            if *mode == "path" {
                format!("; VAD {}", detector.name())
            } else {
                String::new()
            }
        );
    }
    if let Some(packing) = packing {
        let (texts, wall, cpu) =
            measure(|| packed_path(&transcriber, &detector, &clips, &wavs, packing));
        let mut total = Total::default();
        for ((clip, pcm), text) in clips.iter().zip(&pcms).zip(&texts) {
            total.score(clip, text);
            total.audio += pcm.len() as f64 / 16_000.0;
            println!(
                "packed\t{}\t{}\t\t\t\t{}",
                clip.file,
                clip.language.code(),
                text.replace(['\t', '\n'], " ")
            );
        }
        eprintln!(
            "packed {packing:?}: {:.1} s of audio, {wall:.2} s wall (RTF {:.3}), {cpu:.2} s CPU (per audio second {:.3}); {}; VAD {}",
            total.audio,
            wall / total.audio,
            cpu / total.audio,
            total.rates(),
            detector.name()
        );
    }
}
