//! RSS after each loading step (tokenizer, weights), to see where memory goes.
//!
//! ```text
//! cargo run --release -p kaoguan-embed --example runtime_rss -- MODEL_DIR
//! ```

use std::path::PathBuf;

use kaoguan_embed::bert::BertModel;
use kaoguan_embed::model_dir::ModelDir;
use kaoguan_embed::tokenize::E5Tokenizer;

fn rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("VmRSS:") || l.starts_with("VmHWM:"))
        .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("MODEL_DIR"));
    println!("start            RSS / HWM {}", rss());
    let md = ModelDir::open(&dir).expect("open");
    let tok = E5Tokenizer::from_file(&md.tokenizer_path()).expect("tokenizer");
    println!("tokenizer        RSS / HWM {}", rss());
    if std::env::var("TWICE").is_ok() {
        let t2 = E5Tokenizer::from_file(&md.tokenizer_path()).expect("tokenizer");
        println!("2nd tokenizer    RSS / HWM {}", rss());
        drop(t2);
        println!("2nd dropped      RSS / HWM {}", rss());
    }
    let model = BertModel::load(&md, kaoguan_embed::Precision::F32).expect("weights");
    println!("weights          RSS / HWM {}", rss());
    drop(tok);
    println!("tokenizer freed  RSS / HWM {}", rss());
    drop(model);
}
