//! A yes/no stance judge with a local instruct model through llama.cpp, for measuring it
//! against the scorer's own stance reading (see README.md beside this file).
//!
//! `judge-probe MODEL.gguf [THREADS] < pairs.jsonl > answers.jsonl`: each input line is
//! `{"item": "<key point or red flag>", "span": "<answer text>", ...}`; each output line is
//! the same object with `p_yes`, the probability the model gives to "是" against "否" for
//! "does this sentence show the candidate doing the item?" (one forward pass, no sampling).
//! The instruction is decoded once and kept in the KV cache; each pair costs only its own
//! tokens.
use std::io::{BufRead, Write};
use std::num::NonZeroU32;
use std::time::Instant;

use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::LlamaModel;

const PREFIX: &str = "<|im_start|>system\n你是结构化面试的评分助手，只根据给出的句子作判断。<|im_end|>\n<|im_start|>user\n判断【回答】这句话是否表明候选人自己会去做（或已经做了）【要点】所说的事。\n规则：只看这句话实际表达的意思。候选人否定它、拒绝做、认为没必要、说成别人的责任、只是假设或有条件才做、或者做的是相反的事，都回答“否”；只是提到相关词语也回答“否”。意思相同但说法不同（包括用另一种语言）回答“是”。\n";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let threads: i32 = args.get(2).map(|s| s.parse().unwrap()).unwrap_or(2);
    let backend = LlamaBackend::init().unwrap();
    let t0 = Instant::now();
    let model = LlamaModel::load_from_file(&backend, &args[1], &LlamaModelParams::default()).unwrap();
    eprintln!("model loaded in {:.2}s", t0.elapsed().as_secs_f64());
    let ctx_params = LlamaContextParams::default()
        .with_n_ctx(NonZeroU32::new(1024))
        .with_n_batch(512)
        .with_n_threads(threads)
        .with_n_threads_batch(threads);
    let mut ctx = model.new_context(&backend, ctx_params).unwrap();
    let vocab = model.vocab();
    let yes = vocab.tokenize("是".as_bytes(), false, false);
    let no = vocab.tokenize("否".as_bytes(), false, false);
    assert_eq!(yes.len(), 1);
    assert_eq!(no.len(), 1);
    let prefix = vocab.tokenize(PREFIX.as_bytes(), false, true);
    let mut batch = LlamaBatch::new(1024, 1);
    let t1 = Instant::now();
    for (i, t) in prefix.iter().enumerate() {
        batch.add(*t, i as i32, &[0], false).unwrap();
    }
    ctx.decode(&mut batch).unwrap();
    eprintln!("prefix {} tokens {:.2}s", prefix.len(), t1.elapsed().as_secs_f64());
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    let mut n = 0usize;
    let mut toks = 0usize;
    let t2 = Instant::now();
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        if line.trim().is_empty() { continue; }
        let mut v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let item = v["item"].as_str().unwrap().to_string();
        let span = v["span"].as_str().unwrap().to_string();
        let suffix = format!("【要点】{item}\n【回答】{span}\n只回答“是”或“否”。<|im_end|>\n<|im_start|>assistant\n");
        let st = vocab.tokenize(suffix.as_bytes(), false, true);
        ctx.clear_kv_cache_seq(Some(0), Some(prefix.len() as u32), None).unwrap();
        batch.clear();
        for (i, t) in st.iter().enumerate() {
            batch.add(*t, (prefix.len() + i) as i32, &[0], i + 1 == st.len()).unwrap();
        }
        ctx.decode(&mut batch).unwrap();
        let logits = ctx.get_logits_ith(batch.n_tokens() - 1);
        let (ly, ln) = (logits[yes[0].0 as usize], logits[no[0].0 as usize]);
        let p = 1.0 / (1.0 + ((ln - ly) as f64).exp());
        v["p_yes"] = serde_json::json!(p);
        writeln!(out, "{}", v).unwrap();
        n += 1;
        toks += st.len();
    }
    let el = t2.elapsed().as_secs_f64();
    eprintln!("{n} items, {:.3}s per item, {:.1} suffix tokens per item", el / n.max(1) as f64, toks as f64 / n.max(1) as f64);
}
