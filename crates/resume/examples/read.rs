//! Reads resume files and prints the text and the fields, for looking at what the parser
//! does with a file: `cargo run -p kaoguan-resume --example read -- file.pdf [...]`.

fn main() {
    let today = chrono::Utc::now().date_naive();
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match kaoguan_resume::extract(&path, &bytes) {
            Err(e) => println!("{path}: {} ({})", e, e.code()),
            Ok(doc) => {
                println!(
                    "===== {path} ({:?}, image: {})\n{}\n-----",
                    doc.format, doc.has_image, doc.text
                );
                let r = kaoguan_resume::parse(&doc.text, doc.has_image, today);
                println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            }
        }
    }
}
