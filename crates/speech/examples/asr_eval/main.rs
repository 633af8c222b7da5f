//! Word and character error rates and real-time factor on `shared/eval/audio`, with and
//! without vocabulary context, optionally next to whisper.cpp run natively on the same
//! model and clips.
//!
//! ```text
//! cargo run -p kaoguan-speech --release --example asr_eval -- MODEL.bin \
//!     [--audio DIR] [--threads 2] [--window full|fit:MS]… [--vocabulary off|on|both] \
//!     [--detect] [--reference BIN]
//! ```
//! `--reference BIN` runs a whisper.cpp program that takes `MODEL LANG THREADS AUDIO_CTX PROMPT
//! WAV…` and prints `file<TAB>seconds<TAB>text` per clip (see README.md).

mod score;

use std::path::{Path, PathBuf};
use std::time::Instant;

use kaoguan_speech::{Language, TranscribeRequest, Transcriber, TranscriberOptions, Window};

struct Clip {
    file: String,
    language: Language,
    reference: String,
    pcm: Vec<f32>,
    /// Rubric-style terms a question about this answer would carry.
    vocabulary: Vec<String>,
}

/// Terms an interviewer's rubric for each answer would name (topic words, not the answer).
fn vocabulary(file: &str) -> Vec<String> {
    let v: &[&str] = match file {
        f if f.starts_with("en_librivox") => &["Dashwood", "amiable", "prudently", "disposed"],
        f if f.starts_with("en_cards") => &["clubs", "spades", "hearts", "diamonds", "queen"],
        "en_f5tts_basic_ref.wav" => &["nature"],
        "zh_f5tts_basic_ref.wav" => &["太乙真人"],
        "zh_synth_a.wav" => &["道歉", "店长", "食材"],
        "zh_synth_b.wav" => &["Python", "脚本", "课程"],
        "zh_synth_c.wav" => &["数据口径", "渠道", "留存率"],
        "zh_synth_d.wav" => &["重构", "会员系统", "峰值", "请求"],
        "zh_synth_e.wav" => &["客户投诉", "安抚", "诉求"],
        "zh_synth_f.wav" => &["加班", "操作规程", "自检"],
        _ => &[],
    };
    v.iter().map(|s| s.to_string()).collect()
}

fn read_wav(path: &Path) -> Vec<f32> {
    let mut r = hound::WavReader::open(path).expect("a readable WAV");
    let spec = r.spec();
    assert_eq!(
        (spec.sample_rate, spec.channels),
        (16_000, 1),
        "{}",
        path.display()
    );
    r.samples::<i16>()
        .map(|s| f32::from(s.expect("a sample")) / 32768.0)
        .collect()
}

fn load_clips(dir: &Path) -> Vec<Clip> {
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
                pcm: read_wav(&dir.join(cols[0])),
                vocabulary: vocabulary(cols[0]),
            }
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    en: [usize; 3], // errors, errors with numbers normalised, reference words
    zh: [usize; 3], // same for synthetic Mandarin, in characters
    zh_real: [usize; 3],
    seconds: f64,
    /// Process CPU time (user + system, all threads) of our transcriptions.
    cpu: f64,
    audio: f64,
}

impl Tally {
    fn add(&mut self, clip: &Clip, hyp: &str, seconds: f64) -> (usize, usize, usize) {
        let (e, en, n) = match clip.language {
            Language::En => {
                let r = score::en_words(&clip.reference, false);
                let rn = score::en_words(&clip.reference, true);
                let e = score::edits(&r, &score::en_words(hyp, false));
                let en = score::edits(&rn, &score::en_words(hyp, true));
                (e, en, r.len())
            }
            Language::Zh => {
                let r = score::zh_units(&clip.reference, false);
                let rn = score::zh_units(&clip.reference, true);
                let e = score::edits(&r, &score::zh_units(hyp, false));
                let en = score::edits(&rn, &score::zh_units(hyp, true));
                (e, en, r.len())
            }
        };
        let t = match clip.language {
            Language::En => &mut self.en,
            Language::Zh if clip.file.starts_with("zh_synth") => &mut self.zh,
            Language::Zh => &mut self.zh_real,
        };
        t[0] += e;
        t[1] += en;
        t[2] += n;
        self.seconds += seconds;
        self.audio += clip.pcm.len() as f64 / 16_000.0;
        (e, en, n)
    }

    fn print(&self, label: &str) {
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        let cpu = if self.cpu > 0.0 {
            format!(
                ", CPU {:.1} s = {:.3} per audio second",
                self.cpu,
                self.cpu / self.audio
            )
        } else {
            String::new()
        };
        println!(
            "{label}: EN WER {:.1}% ({}/{}), numbers normalised {:.1}% | ZH synthetic CER {:.1}% \
             ({}/{}), normalised {:.1}% | ZH real {}/{} | RTF {:.3} ({:.1} s for {:.1} s{cpu})",
            pct(self.en[0], self.en[2]),
            self.en[0],
            self.en[2],
            pct(self.en[1], self.en[2]),
            pct(self.zh[0], self.zh[2]),
            self.zh[0],
            self.zh[2],
            pct(self.zh[1], self.zh[2]),
            self.zh_real[0],
            self.zh_real[2],
            self.seconds / self.audio,
            self.seconds,
            self.audio
        );
    }
}

/// CPU time of the whole process so far (user + system, every thread).
fn cpu_s() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
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

fn main() {
    let mut args = std::env::args().skip(1);
    let model = PathBuf::from(args.next().expect("usage: asr_eval MODEL.bin [options]"));
    let mut audio = PathBuf::from("/work/shared/eval/audio");
    let (mut threads, mut windows, mut detect, mut reference) = (2, Vec::new(), false, None);
    let mut vocab_passes = vec![false, true];
    while let Some(a) = args.next() {
        match a.as_str() {
            "--audio" => audio = args.next().expect("DIR").into(),
            "--threads" => threads = args.next().expect("N").parse().expect("a number"),
            "--window" => windows.push(parse_window(&args.next().expect("full|fit:MS"))),
            "--detect" => detect = true,
            "--vocabulary" => {
                vocab_passes = match args.next().as_deref() {
                    Some("off") => vec![false],
                    Some("on") => vec![true],
                    Some("both") => vec![false, true],
                    _ => panic!("--vocabulary off|on|both"),
                }
            }
            "--reference" => reference = Some(PathBuf::from(args.next().expect("BIN"))),
            other => panic!("unknown argument {other}"),
        }
    }
    if windows.is_empty() {
        windows.push(Window::DEFAULT);
    }
    let clips = load_clips(&audio);
    let opts = TranscriberOptions {
        threads,
        max_concurrent: 1,
    };
    let base = Transcriber::load(&model, opts).expect("the model loads");
    // Warm up (first-touch page faults of the weights).
    let _ = base.transcribe(&clips[0].pcm, &TranscribeRequest::default());
    let mut transcriber = base;
    for window in windows {
        transcriber = transcriber.with_window(window);
        for &with_vocab in &vocab_passes {
            let mut tally = Tally::default();
            for clip in &clips {
                let req = TranscribeRequest {
                    language: (!detect).then_some(clip.language),
                    vocabulary: if with_vocab {
                        clip.vocabulary.clone()
                    } else {
                        vec![]
                    },
                };
                let (t, c) = (Instant::now(), cpu_s());
                let out = transcriber
                    .transcribe(&clip.pcm, &req)
                    .expect("transcribes");
                let secs = t.elapsed().as_secs_f64();
                tally.cpu += cpu_s() - c;
                let (e, en, n) = tally.add(clip, &out.text, secs);
                let lang = if out.language == clip.language {
                    ""
                } else {
                    " WRONG LANGUAGE"
                };
                println!(
                    "  {:<28} {:>5.2}s err {e}/{n} (norm {en}){lang}  {}",
                    clip.file, secs, out.text
                );
            }
            tally.print(&format!("kaoguan {window:?} vocabulary={with_vocab}"));
        }
    }
    if let Some(bin) = reference {
        run_reference(&bin, &model, &audio, &clips, threads);
    }
}

/// whisper.cpp natively, full window, same prompts as ours without vocabulary.
fn run_reference(bin: &Path, model: &Path, dir: &Path, clips: &[Clip], threads: usize) {
    for audio_ctx in ["0", "fit"] {
        let mut tally = Tally::default();
        for clip in clips {
            let prompt = kaoguan_speech::prompt::initial_prompt(clip.language, &[]);
            let ctx = if audio_ctx == "fit" {
                Window::Fit { margin_ms: 2000 }
                    .audio_ctx(clip.pcm.len().max(16_000), 1500)
                    .to_string()
            } else {
                "0".to_string()
            };
            let out = std::process::Command::new(bin)
                .arg(model)
                .arg(clip.language.code())
                .arg(threads.to_string())
                .arg(&ctx)
                .arg(&prompt)
                .arg(dir.join(&clip.file))
                .output()
                .expect("the reference program runs");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let line = stdout.lines().last().unwrap_or_default();
            let cols: Vec<&str> = line.splitn(3, '\t').collect();
            let secs: f64 = cols.get(1).and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
            let text = cols.get(2).copied().unwrap_or_default();
            let (e, en, n) = tally.add(clip, text, secs);
            println!(
                "  {:<28} {:>5.2}s err {e}/{n} (norm {en})  {text}",
                clip.file, secs
            );
        }
        tally.print(&format!("whisper.cpp native audio_ctx={audio_ctx}"));
    }
}
