//! Damaged uploads end in an error or in partial audio, never in a panic.

use kaoguan_media::decode::to_pcm16k;

const FIXTURES: [&str; 7] = [
    "tone440_stereo_chrome.webm",
    "tone440_stereo_live.webm",
    "tone440.ogg",
    "tone440.m4a",
    "tone440_fragmented.mp4",
    "tone440.mp3",
    "tone440_22k_stereo.wav",
];

#[test]
fn flipped_bytes_and_truncations_do_not_panic() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in FIXTURES {
        let original = std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        for round in 0..40 {
            let mut bytes = original.clone();
            // Damage in the first 512 bytes (headers) half the time, anywhere otherwise.
            let span = if round % 2 == 0 {
                512.min(bytes.len())
            } else {
                bytes.len()
            };
            for _ in 0..(1 + next() % 4) {
                let i = (next() as usize) % span;
                bytes[i] ^= 1 << (next() % 8);
            }
            if round % 5 == 0 {
                bytes.truncate((next() as usize) % bytes.len());
            }
            // Any result is fine; reaching the next iteration is the test.
            let _ = to_pcm16k(&bytes, None);
        }
    }
}
