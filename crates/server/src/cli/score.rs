//! `kaoguan score --input FILE.json`: the scoring engine without a server or database.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use kaoguan_scoring::{offline, Scorer};

pub fn run(input: &Path) -> anyhow::Result<ExitCode> {
    let text = if input == Path::new("-") {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        match std::fs::read_to_string(input) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", input.display());
                return Ok(ExitCode::from(2));
            }
        }
    };
    let scorer = Scorer::lexical();
    match offline::score_json(&text, &scorer) {
        Ok(value) => {
            println!("{}", serde_json::to_string_pretty(&value)?);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(2))
        }
    }
}
