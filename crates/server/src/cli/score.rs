//! `kaoguan score --input FILE.json`: the scoring engine without a server or database.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use kaoguan_scoring::{offline, Scorer};

/// Scores with `scorer` (the configured engine: the local model when installed).
pub fn run(input: &Path, weights: Option<&Path>, scorer: Scorer) -> anyhow::Result<ExitCode> {
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
    let mut scorer = scorer;
    if let Some(path) = weights {
        let fitted = std::fs::read_to_string(path)
            .map_err(anyhow::Error::from)
            .and_then(|t| {
                Ok(serde_json::from_str::<
                    kaoguan_scoring::calibrate::FeatureWeights,
                >(&t)?)
            });
        match fitted {
            Ok(w) => scorer = scorer.with_feature_weights(w),
            Err(e) => {
                eprintln!("error: cannot use weights {}: {e}", path.display());
                return Ok(ExitCode::from(2));
            }
        }
    }
    match offline::score_json(&text, &scorer) {
        Ok(mut value) => {
            // Which engine and model scored these, as reports say too.
            value["model_version"] = serde_json::Value::String(scorer.version());
            println!("{}", serde_json::to_string_pretty(&value)?);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(2))
        }
    }
}
