//! Resume reading, measured: field accuracy on the labelled corpora (eval/resumes/dev,
//! which the parser's authors read, and eval/resumes/test, which they do not), and
//! throughput on this machine.
//!
//! `cargo bench -p kaoguan-resume --bench resumes -- [accuracy|speed|all]`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use kaoguan_resume::eval::{score, Label, FIELDS};

fn corpus_dir(set: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../eval/resumes")
        .join(set)
}

fn labels(set: &str) -> Result<Vec<Label>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(corpus_dir(set).join("labels.json"))?;
    Ok(serde_json::from_str(&text)?)
}

fn accuracy(set: &str) -> Result<(), Box<dyn std::error::Error>> {
    let dir = corpus_dir(set);
    let labels = labels(set)?;
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    // Per field: overall and per format.
    let mut sums: BTreeMap<(&str, String), (f64, usize)> = BTreeMap::new();
    let mut failures = 0;
    for l in &labels {
        let bytes = std::fs::read(dir.join(&l.file))?;
        let format = Path::new(&l.file)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("?")
            .to_string();
        let scores = match kaoguan_resume::extract(&l.file, &bytes) {
            Ok(doc) => score(&kaoguan_resume::parse(&doc.text, doc.has_image, today), l),
            Err(e) => {
                eprintln!("{}: {e}", l.file);
                failures += 1;
                FIELDS.iter().map(|f| (*f, 0.0)).collect()
            }
        };
        for (field, v) in scores {
            for group in ["all".to_string(), format.clone(), l.language.clone()] {
                let e = sums.entry((field, group)).or_default();
                e.0 += v;
                e.1 += 1;
            }
        }
    }
    println!(
        "\n## Field accuracy, {set} set ({} resumes, {failures} unreadable)\n",
        labels.len()
    );
    let groups = ["all", "txt", "docx", "pdf", "zh", "en", "mix"];
    println!("| field | {} |", groups.join(" | "));
    println!("|---|{}", "---|".repeat(groups.len()));
    for f in FIELDS {
        let cells: Vec<String> = groups
            .iter()
            .map(|g| match sums.get(&(f, g.to_string())) {
                Some((s, n)) if *n > 0 => format!("{:.2}", s / *n as f64),
                _ => "–".into(),
            })
            .collect();
        println!("| {f} | {} |", cells.join(" | "));
    }
    Ok(())
}

fn speed() -> Result<(), Box<dyn std::error::Error>> {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mut files: BTreeMap<String, Vec<(String, Vec<u8>)>> = BTreeMap::new();
    for set in ["dev", "test"] {
        let dir = corpus_dir(set);
        for l in labels(set)? {
            let ext = Path::new(&l.file)
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("?")
                .to_string();
            let path = dir.join(&l.file);
            files
                .entry(ext)
                .or_default()
                .push((path.display().to_string(), std::fs::read(&path)?));
        }
    }
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    println!("\n## Throughput ({workers} threads, parse + extract, each file read many times)\n");
    println!("| format | files | resumes/s |");
    println!("|---|---|---|");
    for (ext, set) in &files {
        let rounds = match ext.as_str() {
            "pdf" => 20,
            _ => 200,
        };
        let start = Instant::now();
        std::thread::scope(|s| {
            for w in 0..workers {
                s.spawn(move || {
                    for r in 0..rounds {
                        for (i, (name, bytes)) in set.iter().enumerate() {
                            if (r * set.len() + i) % workers != w {
                                continue;
                            }
                            if let Ok(doc) = kaoguan_resume::extract(name, bytes) {
                                std::hint::black_box(kaoguan_resume::parse(
                                    &doc.text,
                                    doc.has_image,
                                    today,
                                ));
                            }
                        }
                    }
                });
            }
        });
        let n = rounds * set.len();
        println!(
            "| {ext} | {} | {:.0} |",
            set.len(),
            n as f64 / start.elapsed().as_secs_f64()
        );
    }
    if let Some(pdfs) = files.get("pdf") {
        // The same PDFs through poppler's pdftotext, one process per file as a user would
        // run it, against our extraction alone, both on one thread.
        let ours = Instant::now();
        for (name, bytes) in pdfs {
            std::hint::black_box(kaoguan_resume::extract(name, bytes).ok());
        }
        let ours = ours.elapsed().as_secs_f64();
        let poppler = Instant::now();
        let mut ran = 0;
        for (name, _) in pdfs {
            if std::process::Command::new("pdftotext")
                .args([name.as_str(), "-"])
                .output()
                .is_ok_and(|o| o.status.success())
            {
                ran += 1;
            }
        }
        let poppler = poppler.elapsed().as_secs_f64();
        if ran == pdfs.len() {
            println!(
                "\nPDF text, one thread, {} files: ours {:.1} ms/file, pdftotext {:.1} ms/file (ratio ours/pdftotext {:.2})",
                pdfs.len(),
                ours * 1000.0 / pdfs.len() as f64,
                poppler * 1000.0 / pdfs.len() as f64,
                ours / poppler
            );
        } else {
            println!("\npdftotext not found (apt-get install poppler-utils): no comparison");
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes "--bench"; the first other argument chooses.
    let what = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "all".into());
    if what == "accuracy" || what == "all" {
        accuracy("dev")?;
        accuracy("test")?;
    }
    if what == "speed" || what == "all" {
        speed()?;
    }
    Ok(())
}
