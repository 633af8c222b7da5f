//! Any bytes as a ZIP of resumes: entries or a reason, within the limits, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(entries) = kaoguan_resume::archive::unpack(data) {
        assert!(entries.len() <= kaoguan_resume::archive::MAX_ENTRIES);
        for e in entries {
            if let Ok(bytes) = e.bytes {
                assert!(bytes.len() <= kaoguan_resume::MAX_FILE_BYTES);
            }
        }
    }
});
