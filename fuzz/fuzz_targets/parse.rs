//! Any text through the field reader: no panic, and every span lies on the text's
//! character boundaries, so the console can show it beside the original.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = kaoguan_resume::extract::tidy(text);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let r = kaoguan_resume::parse(&text, false, today);
    let spans = [
        r.name.as_ref().map(|f| f.span),
        r.phone.as_ref().map(|f| f.span),
        r.email.as_ref().map(|f| f.span),
        r.school.as_ref().map(|f| f.span),
        r.major.as_ref().map(|f| f.span),
    ];
    for span in spans.into_iter().flatten().chain(r.skills.iter().map(|s| s.span)) {
        assert!(text.get(span.start..span.end).is_some(), "span {span:?} off the text");
    }
    let redacted = kaoguan_resume::redact(&text, &r.sensitive);
    assert_eq!(redacted.len(), text.len());
});
