//! Converts a CTranslate2 Whisper model to whisper.cpp's ggml file.
//!
//! `cargo run -p kaoguan-speech --release --example ct2_to_ggml -- MODEL.bin TOKENIZER.json OUT.bin`
//! (to join split parts first: `… -- --join PART1 PART2 … OUT.bin`)

use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let result = match args.as_slice() {
        [flag, rest @ ..] if flag == Path::new("--join") && rest.len() >= 2 => {
            let (out, parts) = rest.split_last().expect("two or more");
            let parts: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
            kaoguan_speech::convert::join_parts(&parts, out).map(|sha| println!("{sha}"))
        }
        [model, tokenizer, out] => kaoguan_speech::convert::ct2_to_ggml(model, tokenizer, out),
        _ => {
            eprintln!("usage: ct2_to_ggml MODEL.bin TOKENIZER.json OUT.bin | --join PART… OUT");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
