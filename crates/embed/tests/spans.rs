//! Late chunking (`E5Embedder::embed_spans`) on the tiny random BERT: span vectors against
//! a naive per-token forward pass, across windows, empty spans, and byte offsets of mixed
//! Chinese/English text.

#![allow(clippy::single_range_in_vec_init)] // one span is a list of one span

#[path = "runtime/naive.rs"]
mod naive;
#[path = "runtime/tiny.rs"]
mod tiny;

use std::ops::Range;
use std::path::Path;

use kaoguan_embed::embedder::{E5Embedder, EmbedderOptions};
use kaoguan_embed::tokenize::E5Tokenizer;
use kaoguan_scoring::Embedder;

fn load(dir: &Path, threads: usize) -> E5Embedder {
    let opts = EmbedderOptions {
        threads,
        max_batch_tokens: 64,
        cache_entries: 0,
        // Compared with the naive f32 pass.
        precision: kaoguan_embed::Precision::F32,
    };
    E5Embedder::load(dir, opts).expect("load tiny model")
}

fn max_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

/// The documented rule, naively: windows of ≤ 12 content tokens, each run alone as
/// <s>+window+</s>; a span's vector is the mean of the states of the content tokens whose
/// (non-empty) byte ranges overlap it, over all windows, L2-normalised; empty if none.
fn expected(dir: &Path, w: &tiny::Weights, text: &str, spans: &[Range<usize>]) -> Vec<Vec<f32>> {
    let mut w = w.clone();
    for v in &mut w.get_mut("embeddings.word_embeddings.weight").unwrap().1 {
        *v = half::f16::from_f32(*v).to_f32();
    }
    let tok = E5Tokenizer::from_file(&dir.join("tokenizer.json")).unwrap();
    let (ids, offsets) = tok.content_ids_with_offsets(text).unwrap();
    let max = tiny::MAX_POS - 2 - 2;
    let mut states: Vec<Vec<f64>> = Vec::new(); // per content token
    for (c, _) in ids.chunks(max).zip(0..) {
        let seq: Vec<u32> = [tok.bos]
            .into_iter()
            .chain(c.iter().copied())
            .chain([tok.eos])
            .collect();
        let x = naive::states(&w, &seq, 2);
        states.extend(x[1..x.len() - 1].iter().cloned());
    }
    assert_eq!(states.len(), ids.len());
    spans
        .iter()
        .map(|s| {
            let mut sum = [0f64; tiny::H];
            let mut n = 0;
            for (o, st) in offsets.iter().zip(&states) {
                if o.start < o.end && o.start < s.end && s.start < o.end {
                    sum.iter_mut().zip(st).for_each(|(a, b)| *a += b);
                    n += 1;
                }
            }
            if n == 0 {
                return Vec::new();
            }
            let norm = sum.iter().map(|v| v * v).sum::<f64>().sqrt();
            sum.iter().map(|v| (v / norm) as f32).collect()
        })
        .collect()
}

fn check(dir: &Path, w: &tiny::Weights, e: &E5Embedder, text: &str, spans: &[Range<usize>]) {
    let got = e.try_embed_spans(text, spans).unwrap();
    let want = expected(dir, w, text, spans);
    assert_eq!(got.len(), spans.len());
    for ((g, x), s) in got.iter().zip(&want).zip(spans) {
        if x.is_empty() {
            assert!(g.is_empty(), "{s:?} of {text:?} has no token: {g:?}");
        } else {
            assert!(max_diff(g, x) < 2e-5, "{s:?} of {text:?}: {g:?} vs {x:?}");
        }
    }
}

#[test]
fn span_vectors_pool_the_tokens_of_one_forward_pass() {
    let dir = tempfile::tempdir().unwrap();
    let w = tiny::write_dir(dir.path(), "xlm-roberta", false);
    for threads in [1, 2] {
        let e = load(dir.path(), threads);
        let text = "ab cd xyz e";
        // "ab", "cd xyz", "b" (inside a token: the whole token),
        // a span beyond the text (no token), an empty span, a span running past the end.
        let spans = [0..2, 3..9, 1..2, 40..50, 5..5, 9..40];
        check(dir.path(), &w, &e, text, &spans);
        let got = e.embed_spans(text, &spans);
        assert!(got[3].is_empty() && got[4].is_empty());
        assert!(got[0].len() == tiny::H && !got[5].is_empty());
        let norm: f32 = got[1].iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5);
        // Spans pool in context: "ab" alone is a different vector from "ab" in the text.
        assert!(max_diff(&got[0], &e.embed(&["ab"])[0]) > 1e-4);
        // The whole text is exactly `embed(text)` (specials and prefix included).
        let whole = e.embed_spans(text, &[0..text.len()]);
        assert!(max_diff(&whole[0], &e.embed(&[text])[0]) < 1e-6);
        assert!(e.embed_spans(text, &[]).is_empty());
    }
}

#[test]
fn spans_over_a_windowed_long_text() {
    let dir = tempfile::tempdir().unwrap();
    let w = tiny::write_dir(dir.path(), "xlm-roberta", false);
    let text = "abc xyz ab cd e x abc abc xyz ab cd e x abc abc xyz ab cd e x abc ab ab cd cd e";
    let tok = E5Tokenizer::from_file(&dir.path().join("tokenizer.json")).unwrap();
    assert!(tok.content_ids(text).unwrap().len() > 24, "three windows");
    let e = load(dir.path(), 2);
    // Within the first window, across the first two, across all three, the last word.
    let spans = [0..7, 20..60, 4..75, 78..79];
    check(dir.path(), &w, &e, text, &spans);
    let whole = e.embed_spans(text, &[0..text.len(), 0..text.len() - 1]);
    assert!(max_diff(&whole[0], &e.embed(&[text])[0]) < 1e-6);
    check(dir.path(), &w, &e, text, &[0..text.len() - 1]);
}

#[test]
fn byte_offsets_map_back_to_mixed_chinese_and_english_text() {
    let dir = tempfile::tempdir().unwrap();
    let w = tiny::write_dir(dir.path(), "xlm-roberta", false);
    let tok = E5Tokenizer::from_file(&dir.path().join("tokenizer.json")).unwrap();
    let text = "abc 你好，世界 xyz e。";
    let (ids, offsets) = tok.content_ids_with_offsets(text).unwrap();
    assert_eq!(ids, tok.content_ids(text).unwrap());
    assert_eq!(ids.len(), offsets.len());
    let pieces: Vec<&str> = offsets
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| text.get(r.clone()).expect("a char boundary").trim())
        .collect();
    // The tiny vocabulary knows no Chinese: each run of it is one fused <unk>; the lone
    // "▁" before it is the space.
    assert_eq!(pieces, ["abc", "", "你好，世界", "xyz", "e", "。"]);
    // Offsets never go backwards and stay inside the text.
    for p in offsets.windows(2) {
        assert!(p[0].end <= p[1].start || p[1].is_empty(), "{offsets:?}");
    }
    let e = load(dir.path(), 1);
    let zh = text.find('你').unwrap()..text.find('，').unwrap();
    let spans = [0..3, zh, text.find('x').unwrap()..text.len()];
    check(dir.path(), &w, &e, text, &spans);
}
