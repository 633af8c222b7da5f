//! Decodes a recording to what the rest of the audio path sees (16 kHz mono) and writes it
//! as raw little-endian f32 samples, e.g. to run a reference implementation on exactly the
//! same samples (see tests/fixtures/silero_reference.py).
//!
//! `cargo run -p kaoguan-media --example dump_pcm -- <recording> <out.f32> [content-type]`

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: dump_pcm <recording> <out.f32> [content-type]".into());
    }
    let bytes = std::fs::read(&args[1])?;
    let pcm = kaoguan_media::decode::to_pcm16k(&bytes, args.get(3).map(String::as_str))?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2])?);
    for s in &pcm.samples {
        out.write_all(&s.to_le_bytes())?;
    }
    out.flush()?;
    eprintln!("{} samples, {:.2} s", pcm.samples.len(), pcm.duration_s());
    Ok(())
}
