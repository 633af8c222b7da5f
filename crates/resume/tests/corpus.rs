//! Field accuracy on the development corpus of resumes (eval/resumes/dev), which the
//! parser's authors may read. The held-out set (eval/resumes/test) is only measured, by
//! the benchmark (`cargo run -p kaoguan-bench --bin resume-accuracy`), never asserted on
//! or tuned against. The floors below sit a little under what the parser reaches, so a
//! change that makes reading worse fails here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use kaoguan_resume::eval::{score, Label, FIELDS};

fn corpus(set: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../eval/resumes")
        .join(set)
}

#[test]
fn dev_corpus_field_accuracy_stays_above_its_floor() {
    let dir = corpus("dev");
    let labels: Vec<Label> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json")).unwrap()).unwrap();
    assert!(labels.len() >= 20);
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for l in &labels {
        let bytes = std::fs::read(dir.join(&l.file)).unwrap();
        let doc =
            kaoguan_resume::extract(&l.file, &bytes).unwrap_or_else(|e| panic!("{}: {e}", l.file));
        let r = kaoguan_resume::parse(&doc.text, doc.has_image, today);
        let s = score(&r, l);
        if std::env::var_os("KAOGUAN_RESUME_DEBUG").is_some() {
            let wrong: Vec<_> = s
                .iter()
                .filter(|(_, v)| **v < 1.0)
                .map(|(k, v)| format!("{k}={v:.2}"))
                .collect();
            eprintln!("{}: {}", l.file, wrong.join(" "));
            eprintln!("  got: name={:?} phone={:?} email={:?} level={:?} school={:?} major={:?} year={:?} years={} employers={:?} skills={:?} sensitive={:?}",
                r.name.as_ref().map(|f| &f.value), r.phone.as_ref().map(|f| &f.value), r.email.as_ref().map(|f| &f.value),
                r.education_level.as_ref().map(|f| f.value), r.school.as_ref().map(|f| &f.value), r.major.as_ref().map(|f| &f.value),
                r.graduation_year.as_ref().map(|f| f.value), r.years_experience, r.employers(),
                r.skills.iter().map(|f| f.value.as_str()).collect::<Vec<_>>(),
                r.sensitive.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>());
            eprintln!("  want: name={:?} phone={:?} email={:?} level={:?} school={:?} major={:?} year={:?} years={} employers={:?} skills={:?} sensitive={:?}",
                l.name, l.phone, l.email, l.education_level, l.school, l.major, l.graduation_year, l.years_experience, l.employers, l.skills, l.sensitive);
        }
        for (k, v) in s {
            *totals.entry(k).or_default() += v;
        }
    }
    let n = labels.len() as f64;
    let acc: BTreeMap<&str, f64> = totals.into_iter().map(|(k, v)| (k, v / n)).collect();
    eprintln!("{acc:#?}");
    // What the parser reached on this set when the floors were set, less a margin of about
    // one resume in twenty-four.
    let floors = [
        ("name", 0.95),
        ("phone", 0.95),
        ("email", 0.95),
        ("education_level", 0.95),
        ("school", 0.9),
        ("major", 0.78),
        ("graduation_year", 0.9),
        ("years_experience", 0.9),
        ("employers", 0.82),
        ("skills", 0.88),
        ("sensitive", 0.94),
        ("all_exact", 0.7),
    ];
    assert_eq!(floors.len(), FIELDS.len());
    let below: Vec<String> = floors
        .iter()
        .filter(|(f, floor)| acc[f] < *floor)
        .map(|(f, floor)| format!("{f} {:.2} < {floor}", acc[f]))
        .collect();
    assert!(below.is_empty(), "below the floor: {below:?}");
}
