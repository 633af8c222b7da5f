//! Any bytes as a candidate list (CSV in any encoding, XLSX, XLS): rows or a reason,
//! never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // calamine runs on a thread named "xlsx-read" behind `catch_unwind` (a panic there
        // is reported as a damaged file, tested in crates/resume); libFuzzer's hook would
        // abort on those caught panics too, so they are let through. A panic anywhere else
        // still stops the run.
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some("xlsx-read") {
                fuzzer_hook(info);
            }
        }));
    },
    |data: &[u8]| {
        if let Ok(table) = kaoguan_resume::table::read(data) {
            assert!(!table.rows.is_empty());
            assert!(table.rows.len() <= kaoguan_resume::table::MAX_ROWS);
        }
    }
);
