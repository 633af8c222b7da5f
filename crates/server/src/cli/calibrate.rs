//! `kaoguan calibrate --input RATED.json …`: fits the scoring formula's feature weights to
//! human ratings offline and prints the agreement before and after with the weights.

use std::path::PathBuf;
use std::process::ExitCode;

use kaoguan_scoring::{calibrate, offline, Scorer};

pub fn run(
    inputs: &[PathBuf],
    version: &str,
    output: Option<&PathBuf>,
) -> anyhow::Result<ExitCode> {
    let scorer = Scorer::lexical();
    let mut samples = Vec::new();
    for path in inputs {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return Ok(ExitCode::from(2));
            }
        };
        match offline::rated_answers_json(&text, &scorer) {
            Ok(mut s) => samples.append(&mut s),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return Ok(ExitCode::from(2));
            }
        }
    }
    let result = match calibrate::fit(&samples, version) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if let Some(out) = output {
        std::fs::write(out, serde_json::to_string_pretty(&result.weights)?)?;
    }
    println!("{}", serde_json::to_string_pretty(&result)?);
    Ok(ExitCode::SUCCESS)
}
