//! Any bytes, under any of the names a resume arrives with: text or a reason, never a
//! panic or a hang; then the parser on whatever text came out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // The PDF library panics on some malformed files; Kaoguan runs it on a thread named
        // "pdf-text" behind `catch_unwind` and reports the file as damaged (tested in
        // crates/resume). libFuzzer's hook would abort on those caught panics too, so they
        // are let through to `catch_unwind`; a panic anywhere else still stops the run.
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some("pdf-text") {
                fuzzer_hook(info);
            }
        }));
    },
    |data: &[u8]| {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        for name in ["resume.pdf", "resume.docx", "resume.txt"] {
            if let Ok(doc) = kaoguan_resume::extract(name, data) {
                let parsed = kaoguan_resume::parse(&doc.text, doc.has_image, today);
                let _ = kaoguan_resume::redact(&doc.text, &parsed.sensitive);
            }
        }
    }
);
