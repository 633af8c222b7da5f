//! The converter on tiny synthetic CTranslate2 files: header parsing, the layout whisper.cpp
//! reads, determinism, and clear errors that leave nothing behind.

use std::path::{Path, PathBuf};

use kaoguan_speech::convert::{
    ct2::{Ct2Dtype, Ct2Model},
    ct2_to_ggml, join_parts, mel, vocab,
};
use kaoguan_speech::SpeechError;
use sha2::{Digest, Sha256};

const STATE: usize = 4;
const VOCAB: usize = 10;

struct Ct2Writer(Vec<u8>, u32);

impl Ct2Writer {
    fn new(version: u32, spec: &str) -> Self {
        let mut w = Ct2Writer(Vec::new(), 0);
        w.0.extend(version.to_le_bytes());
        w.str(spec);
        w.0.extend(3u32.to_le_bytes());
        w.0.extend(0u32.to_le_bytes()); // variable count, patched in finish
        w
    }

    fn str(&mut self, s: &str) {
        self.0.extend(((s.len() + 1) as u16).to_le_bytes());
        self.0.extend(s.as_bytes());
        self.0.push(0);
    }

    fn var(&mut self, name: &str, shape: &[usize], dtype: u8, data: &[u8]) {
        self.1 += 1;
        self.str(name);
        self.0.push(shape.len() as u8);
        for d in shape {
            self.0.extend((*d as u32).to_le_bytes());
        }
        self.0.push(dtype);
        self.0.extend((data.len() as u32).to_le_bytes());
        self.0.extend(data);
    }

    /// An F16 variable whose values count up from `seed` (so that splits are checkable).
    fn f16(&mut self, name: &str, shape: &[usize], seed: f32) {
        let n: usize = shape.iter().product();
        let data: Vec<u8> = (0..n)
            .flat_map(|i| half::f16::from_f32(seed + i as f32).to_bits().to_le_bytes())
            .collect();
        self.var(name, shape, 4, &data);
    }

    fn finish(mut self, header_len: usize, aliases: &[(&str, &str)]) -> Vec<u8> {
        self.0.extend((aliases.len() as u32).to_le_bytes());
        for (a, b) in aliases {
            self.str(a);
            self.str(b);
        }
        let n = self.1.to_le_bytes();
        self.0[header_len - 4..header_len].copy_from_slice(&n);
        self.0
    }
}

fn tiny_whisper() -> Vec<u8> {
    let mut w = Ct2Writer::new(6, "WhisperSpec");
    let header_len = w.0.len();
    let s = STATE;
    w.f16("encoder/conv1/weight", &[s, 80, 3], 0.0);
    w.f16("encoder/conv1/bias", &[s], 1.0);
    w.f16("encoder/conv2/weight", &[s, s, 3], 0.0);
    w.f16("encoder/conv2/bias", &[s], 2.0);
    w.f16("encoder/position_encodings/encodings", &[6, s], 0.0);
    w.var("encoder/num_heads", &[1], 2, &1i16.to_le_bytes());
    w.var("decoder/num_heads", &[1], 2, &1i16.to_le_bytes());
    for side in ["encoder", "decoder"] {
        let l = format!("{side}/layer_0");
        w.f16(
            &format!("{l}/self_attention/linear_0/weight"),
            &[3 * s, s],
            0.0,
        );
        w.f16(
            &format!("{l}/self_attention/linear_0/bias"),
            &[3 * s],
            100.0,
        );
        w.f16(&format!("{l}/self_attention/linear_1/weight"), &[s, s], 0.0);
        w.f16(&format!("{l}/self_attention/linear_1/bias"), &[s], 0.0);
        for ln in ["self_attention/layer_norm", "ffn/layer_norm"] {
            w.f16(&format!("{l}/{ln}/gamma"), &[s], 1.0);
            w.f16(&format!("{l}/{ln}/beta"), &[s], 0.0);
        }
        w.f16(&format!("{l}/ffn/linear_0/weight"), &[2 * s, s], 0.0);
        w.f16(&format!("{l}/ffn/linear_0/bias"), &[2 * s], 0.0);
        w.f16(&format!("{l}/ffn/linear_1/weight"), &[s, 2 * s], 0.0);
        w.f16(&format!("{l}/ffn/linear_1/bias"), &[s], 0.0);
        w.f16(&format!("{side}/layer_norm/gamma"), &[s], 1.0);
        w.f16(&format!("{side}/layer_norm/beta"), &[s], 0.0);
    }
    let l = "decoder/layer_0/attention";
    w.f16(&format!("{l}/linear_0/weight"), &[s, s], 0.0);
    w.f16(&format!("{l}/linear_0/bias"), &[s], 0.0);
    w.f16(&format!("{l}/linear_1/weight"), &[2 * s, s], 0.0);
    w.f16(&format!("{l}/linear_1/bias"), &[2 * s], 0.0);
    w.f16(&format!("{l}/linear_2/weight"), &[s, s], 0.0);
    w.f16(&format!("{l}/linear_2/bias"), &[s], 0.0);
    w.f16(&format!("{l}/layer_norm/gamma"), &[s], 1.0);
    w.f16(&format!("{l}/layer_norm/beta"), &[s], 0.0);
    w.f16("decoder/embeddings/weight", &[VOCAB, s], 0.0);
    w.f16("decoder/position_encodings/encodings", &[5, s], 0.0);
    w.finish(
        header_len,
        &[("decoder/projection/weight", "decoder/embeddings/weight")],
    )
}

/// A tokenizer.json with whisper's 50,257 ordinary tokens ("Ġ" is GPT-2's space).
fn tokenizer_json() -> String {
    let mut vocab = serde_json::Map::new();
    vocab.insert("Ġhello".into(), 0.into());
    for i in 1..vocab::N_TEXT_TOKENS {
        vocab.insert(format!("t{i}"), i.into());
    }
    vocab.insert("<|endoftext|>x".into(), 50_300.into());
    serde_json::json!({ "model": { "vocab": vocab } }).to_string()
}

struct Fixture {
    dir: tempfile::TempDir,
    model: PathBuf,
    tokenizer: PathBuf,
}

fn fixture(model_bytes: &[u8]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.bin");
    let tokenizer = dir.path().join("tokenizer.json");
    std::fs::write(&model, model_bytes).unwrap();
    std::fs::write(&tokenizer, tokenizer_json()).unwrap();
    Fixture {
        dir,
        model,
        tokenizer,
    }
}

fn i32_at(b: &[u8], off: usize) -> i32 {
    i32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

/// The tensors of a ggml file after its header, mel filters and vocabulary.
fn tensors(b: &[u8]) -> Vec<(String, i32, Vec<i32>, usize)> {
    let mut off = 48 + 8 + mel::N_MELS * mel::N_BINS * 4;
    let n_tokens = i32_at(b, off) as usize;
    off += 4;
    for _ in 0..n_tokens {
        off += 4 + i32_at(b, off) as usize;
    }
    let mut out = Vec::new();
    while off < b.len() {
        let (nd, len, ftype) = (i32_at(b, off), i32_at(b, off + 4), i32_at(b, off + 8));
        off += 12;
        let dims: Vec<i32> = (0..nd as usize).map(|i| i32_at(b, off + 4 * i)).collect();
        off += 4 * nd as usize;
        let name = String::from_utf8(b[off..off + len as usize].to_vec()).unwrap();
        off += len as usize;
        let n: i32 = dims.iter().product();
        out.push((name, ftype, dims, off));
        off += n as usize * if ftype == 0 { 4 } else { 2 };
    }
    assert_eq!(off, b.len(), "tensors end exactly at the end of the file");
    out
}

#[test]
fn header_of_a_ctranslate2_file_is_parsed() {
    let f = fixture(&tiny_whisper());
    let m = Ct2Model::read(&f.model).unwrap();
    assert_eq!(
        (m.version, m.spec.as_str(), m.revision),
        (6, "WhisperSpec", 3)
    );
    assert_eq!(m.int("encoder/num_heads").unwrap(), 1);
    // Aliases resolve to their target.
    let (v, _) = m.get("decoder/projection/weight").unwrap();
    assert_eq!(v.shape, [VOCAB, STATE]);
}

#[test]
fn converts_to_the_layout_whisper_cpp_reads() {
    let f = fixture(&tiny_whisper());
    let out = f.dir.path().join("ggml.bin");
    ct2_to_ggml(&f.model, &f.tokenizer, &out).unwrap();
    let b = std::fs::read(&out).unwrap();
    assert_eq!(i32_at(&b, 0), 0x6767_6d6c);
    let hp: Vec<i32> = (0..11).map(|i| i32_at(&b, 4 + 4 * i)).collect();
    assert_eq!(hp, [VOCAB as i32, 6, 4, 1, 1, 5, 4, 1, 1, 80, 1]);
    assert_eq!((i32_at(&b, 48), i32_at(&b, 52)), (80, 201));
    // The filter bank is librosa's (the bytes the reference Python converter writes).
    let filters = &b[56..56 + 80 * 201 * 4];
    assert_eq!(
        hex::encode(Sha256::digest(filters)),
        "4f2701b1d287d74a0dc9871026e9519d98cb76426615f2539b0d151a0ae4ec2e"
    );
    let vocab_off = 56 + 80 * 201 * 4;
    assert_eq!(i32_at(&b, vocab_off) as usize, vocab::N_TEXT_TOKENS);
    assert_eq!(i32_at(&b, vocab_off + 4), 6);
    assert_eq!(&b[vocab_off + 8..vocab_off + 14], b" hello");

    let t = tensors(&b);
    // conv(4) + pos(1) + encoder block(15) + decoder block(24) + ln_post(2) + 4 decoder.
    assert_eq!(t.len(), 4 + 1 + 15 + 24 + 2 + 4);
    assert_eq!(t[0].0, "encoder.conv1.weight");
    assert_eq!((t[0].1, t[0].2.clone()), (1, vec![3, 80, 4]));
    assert_eq!(t[1].0, "encoder.conv1.bias");
    assert_eq!((t[1].1, t[1].2.clone()), (0, vec![1, 4]), "F32 [n, 1]");
    assert_eq!(t.last().unwrap().0, "decoder.ln.bias");
    let find = |n: &str| t.iter().find(|x| x.0 == n).unwrap().clone();
    // The fused Q,K,V projection is split in row blocks; the key has no bias.
    let (_, ft, dims, off) = find("encoder.blocks.0.attn.value.weight");
    assert_eq!((ft, dims), (1, vec![4, 4]));
    let first = half::f16::from_bits(u16::from_le_bytes([b[off], b[off + 1]])).to_f32();
    assert_eq!(first, 32.0, "third block of 16 values");
    assert!(!t.iter().any(|x| x.0 == "encoder.blocks.0.attn.key.bias"));
    let (_, ft, _, off) = find("decoder.blocks.0.attn.value.bias");
    assert_eq!(ft, 0, "1-D tensors are F32");
    assert_eq!(
        f32::from_le_bytes(b[off..off + 4].try_into().unwrap()),
        108.0
    );
    assert_eq!(find("decoder.positional_embedding").1, 0);
    assert!(t
        .iter()
        .any(|x| x.0 == "decoder.blocks.0.cross_attn.key.weight"));
}

#[test]
fn conversion_is_deterministic() {
    let f = fixture(&tiny_whisper());
    let (a, b) = (f.dir.path().join("a.bin"), f.dir.path().join("b.bin"));
    ct2_to_ggml(&f.model, &f.tokenizer, &a).unwrap();
    ct2_to_ggml(&f.model, &f.tokenizer, &b).unwrap();
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

fn assert_nothing_written(out: &Path) {
    assert!(!out.exists(), "no output");
    let part = out.with_file_name(format!(
        "{}.part",
        out.file_name().unwrap().to_string_lossy()
    ));
    assert!(!part.exists(), "no partial output");
}

fn convert_err(model_bytes: &[u8]) -> (SpeechError, PathBuf, tempfile::TempDir) {
    let f = fixture(model_bytes);
    let out = f.dir.path().join("ggml.bin");
    let err = ct2_to_ggml(&f.model, &f.tokenizer, &out).unwrap_err();
    (err, out, f.dir)
}

#[test]
fn a_truncated_file_is_a_clear_error_and_writes_nothing() {
    let bytes = tiny_whisper();
    let (err, out, _dir) = convert_err(&bytes[..bytes.len() / 2]);
    let msg = err.to_string();
    assert!(
        msg.contains("truncated") && msg.contains("model.bin"),
        "{msg}"
    );
    assert_nothing_written(&out);
}

#[test]
fn other_files_are_rejected_by_name() {
    let (err, out, _dir) = convert_err(b"PK\x03\x04 this is a zip, not a model");
    assert!(err.to_string().contains("binary version"), "{err}");
    assert_nothing_written(&out);

    let mut w = Ct2Writer::new(6, "TransformerSpec");
    let h = w.0.len();
    w.f16("x", &[1], 0.0);
    let (err, out, _dir) = convert_err(&w.finish(h, &[]));
    assert!(err.to_string().contains("not Whisper"), "{err}");
    assert_nothing_written(&out);
}

#[test]
fn a_missing_variable_or_token_is_named_and_nothing_is_written() {
    // Drop the decoder's final layer norm: the plan needs it after writing most tensors.
    let mut w = Ct2Writer::new(6, "WhisperSpec");
    let h = w.0.len();
    let full = Ct2Model::parse(Path::new("m"), tiny_whisper()).unwrap();
    let names: Vec<String> = full.names().map(String::from).collect();
    for n in names
        .iter()
        .filter(|n| n.as_str() != "decoder/layer_norm/beta")
    {
        let (v, data) = full.get(n).unwrap();
        let code = match v.dtype {
            Ct2Dtype::I16 => 2,
            _ => 4,
        };
        w.var(n, &v.shape, code, data);
    }
    let (err, out, _dir) = convert_err(&w.finish(h, &[]));
    assert!(err.to_string().contains("decoder/layer_norm/beta"), "{err}");
    assert_nothing_written(&out);

    let f = fixture(&tiny_whisper());
    std::fs::write(&f.tokenizer, r#"{"model":{"vocab":{"a":0}}}"#).unwrap();
    let out = f.dir.path().join("ggml.bin");
    let err = ct2_to_ggml(&f.model, &f.tokenizer, &out).unwrap_err();
    assert!(err.to_string().contains("no token 1"), "{err}");
    assert_nothing_written(&out);
}

#[test]
fn parts_are_joined_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("p1"), dir.path().join("p2"));
    std::fs::write(&a, b"ab").unwrap();
    std::fs::write(&b, b"c").unwrap();
    let out = dir.path().join("model.bin");
    let sha = join_parts(&[&a, &b], &out).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"abc");
    assert_eq!(
        sha,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );

    let out2 = dir.path().join("model2.bin");
    let err = join_parts(&[&a, &dir.path().join("absent")], &out2).unwrap_err();
    assert!(err.to_string().contains("absent"), "{err}");
    assert_nothing_written(&out2);
}
