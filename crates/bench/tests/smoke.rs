//! Runs every part of the benchmark with tiny sizes and checks the figures are finite and
//! positive. Never asserts on wall-clock thresholds: those depend on the machine.

use kaoguan_bench::corpus::{self, Corpus, Rng, TARGET_CHARS};
use kaoguan_bench::{machine, throughput, Engine, Options};

fn positive(name: &str, x: f64) {
    assert!(x.is_finite() && x > 0.0, "{name} = {x}");
}

#[test]
fn the_corpus_is_deterministic_mixed_and_about_200_characters() {
    let a = Corpus::generate(40, 7);
    let b = Corpus::generate(40, 7);
    assert_eq!(a.items, b.items, "same seed, same corpus");
    assert_eq!(a.questions.len(), 12);
    for q in &a.questions {
        assert_eq!(q.rubric.key_points.len(), 5, "5-point rubrics");
    }
    for (_, text) in &a.items {
        let n = text.chars().count();
        assert!(
            (TARGET_CHARS / 2..=TARGET_CHARS * 3 / 2).contains(&n),
            "{n} chars: {text}"
        );
    }
    let zh = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let latin = |t: &str| t.chars().filter(|c| c.is_ascii_alphabetic()).count() > 20;
    assert!(
        a.items.iter().any(|(_, t)| zh(t) && !latin(t)),
        "Chinese answers"
    );
    assert!(a.items.iter().any(|(_, t)| !zh(t)), "English answers");
    assert!(
        a.items.iter().any(|(_, t)| zh(t) && latin(t)),
        "mixed answers"
    );
    let mut rng = Rng::new(1);
    let en = corpus::answer(corpus::languages()[0], 0, &mut rng);
    assert!(!en.contains('{'), "slots are filled: {en}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throughput_figures_are_finite_and_positive() {
    let (scorer, load_ms) = Engine::Lexical
        .load(std::path::Path::new("unused"), Default::default())
        .await
        .unwrap();
    assert!(load_ms.is_finite() && load_ms >= 0.0);
    let corpus = Corpus::generate(6, 3);
    for threads in [1, 2] {
        let t = throughput::measure(&scorer, &corpus, threads, 2);
        assert_eq!(t.runs.len(), 2);
        assert_eq!(t.answers_per_run, 6);
        positive("median answers/s", t.median_answers_per_sec);
        positive("answer ms p50", t.answer_ms_p50);
        positive("answer ms p95", t.answer_ms_p95);
    }
    let (scored, mean) = throughput::sanity(&scorer, &corpus);
    positive("scored share", scored);
    positive("mean total", mean);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tiny_full_run_reports_every_figure() {
    let opts = Options {
        answers: 4,
        runs: 1,
        threads: vec![1, 2],
        interviews: 2,
        concurrency: 2,
        ..Options::quick()
    };
    let report = kaoguan_bench::run(&opts, |_| {}).await.unwrap();
    assert_eq!(report.throughput.len(), 2);
    for t in &report.throughput {
        positive("answers/s", t.median_answers_per_sec);
    }
    let l = &report.latency;
    assert_eq!(l.samples_ms.len(), 2);
    for x in [
        l.p50_ms,
        l.p95_ms,
        l.max_ms,
        l.request_ms_p50,
        l.request_ms_p95,
    ] {
        positive("latency", x);
    }
    assert_eq!(
        l.statuses.get("ready"),
        Some(&2),
        "6 answered questions make a ready report: {:?}",
        l.statuses
    );
    assert!(report.model_version.starts_with("lexical"));
    assert!(report.embedding.is_none(), "no comparison unless asked");
    assert!(report.throughput_note.is_none());
    if cfg!(target_os = "linux") {
        positive("peak RSS", report.memory.at_end.peak_rss_mib.unwrap());
        positive("RSS", report.memory.at_end.rss_mib.unwrap());
        assert!(report.machine.nproc >= 1);
    }
    let json = report.to_json();
    for key in [
        "throughput",
        "latency",
        "memory",
        "machine",
        "targets",
        "model_version",
    ] {
        assert!(json.get(key).is_some(), "JSON has {key}");
    }
    let table = report.table();
    assert!(
        table.contains("answers/s") && table.contains("p95"),
        "{table}"
    );
    let _ = machine::memory();
}
