//! Bad input gets a reason, never a panic: random bytes under each format's signature,
//! random text through the field reader (every span on the text), and each corpus file cut
//! short or with bytes flipped. cargo-fuzz (fuzz/) explores further; this runs with every
//! test run.

use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn read(name: &str, bytes: &[u8]) {
    if let Ok(doc) = kaoguan_resume::extract(name, bytes) {
        let r = kaoguan_resume::parse(&doc.text, doc.has_image, today());
        for span in r
            .skills
            .iter()
            .map(|s| s.span)
            .chain(r.name.iter().map(|f| f.span))
        {
            assert!(doc.text.get(span.start..span.end).is_some(), "{span:?}");
        }
        assert_eq!(
            kaoguan_resume::redact(&doc.text, &r.sensitive).len(),
            doc.text.len()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_under_every_signature(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for head in [&b"%PDF-1.7\n"[..], b"PK\x03\x04", b"\xEF\xBB\xBF", b"\xFF\xFE", b""] {
            let mut bytes = head.to_vec();
            bytes.extend_from_slice(&tail);
            read("x.pdf", &bytes);
            read("x.docx", &bytes);
            let _ = kaoguan_resume::archive::unpack(&bytes);
        }
    }

    #[test]
    fn random_text_through_the_reader(text in "\\PC{0,400}") {
        read("x.txt", text.as_bytes());
    }

    #[test]
    fn resume_like_text_through_the_reader(lines in proptest::collection::vec(
        prop_oneof![
            Just("工作经历".to_string()),
            Just("教育背景".to_string()),
            Just("专业技能".to_string()),
            "[0-9]{4}[./年-][0-9]{1,2}月? ?[-–至~]+ ?(至今|[0-9]{4}[./-][0-9]{1,2})".prop_map(|s| s),
            "\\PC{0,30}",
            "姓 ?名[:：] ?[\\p{Han}]{1,4}",
            "[+(（]{0,2}[0-9 ()-]{5,20}",
        ],
        0..30,
    )) {
        read("x.txt", lines.join("\n").as_bytes());
    }
}

#[test]
fn corpus_files_cut_short_or_flipped() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/resumes/dev");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !(name.ends_with(".pdf") || name.ends_with(".docx") || name.ends_with(".txt")) {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() * 9 / 10] {
            read(&name, &bytes[..cut]);
        }
        let mut flipped = bytes.clone();
        for i in (0..flipped.len()).step_by(97) {
            flipped[i] ^= 0x5A;
        }
        read(&name, &flipped);
    }
}

/// A file the fuzzer found on which the PDF library panics: a damaged file, not a crash.
#[test]
fn a_pdf_the_library_panics_on_is_a_damaged_file() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pdf-library-panics.pdf"),
    )
    .unwrap();
    assert_eq!(
        kaoguan_resume::extract("cv.pdf", &bytes),
        Err(kaoguan_resume::ExtractError::Corrupt)
    );
}
