//! Command-line interface.

mod admin;
mod calibrate;
mod models;
mod score;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::config::{Config, Overrides};

#[derive(Debug, Parser)]
#[command(
    name = "kaoguan",
    version,
    about = "Kaoguan (考官): self-hosted AI interviews with explainable scores"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// TOML configuration file.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Where the SQLite database and media are kept (default ./kaoguan-data).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct ListenArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long)]
    pub listen: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the console, the candidate portal and the API, and run background work.
    Serve {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        listen: ListenArgs,
    },
    /// Create (idempotently) a demo organisation with jobs and candidates, then serve it.
    Demo {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        listen: ListenArgs,
        /// Load the demo data and exit without serving.
        #[arg(long)]
        no_serve: bool,
    },
    /// Run only the background worker (for scale-out on PostgreSQL).
    Worker {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Score answers offline: reads {"question": …, "answers": […]} and prints results as JSON.
    Score {
        #[command(flatten)]
        data: DataArgs,
        /// Input JSON file ("-" for standard input).
        #[arg(long)]
        input: PathBuf,
        /// Scoring engine (default: scoring.engine from the configuration, "auto": the
        /// local model when installed, else lexical).
        #[arg(long, value_enum)]
        engine: Option<EngineArg>,
        /// Feature weights fitted by `kaoguan calibrate --output`.
        #[arg(long)]
        weights: Option<PathBuf>,
    },
    /// Fit the scoring formula to human ratings offline: each input holds a question, its
    /// answers and one 1–5 rating per answer ("ratings", or "labels"); needs 20 or more.
    Calibrate {
        /// Rated input files (repeat for several questions of one competency model).
        #[arg(long, required = true)]
        input: Vec<PathBuf>,
        /// Name of the fitted weights, shown in reports' model version.
        #[arg(long, default_value = "cal-1")]
        version: String,
        /// Also write the fitted weights to this file, for `kaoguan score --weights`.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Local models for scoring: list, verify, install.
    Models {
        #[command(flatten)]
        data: DataArgs,
        #[command(subcommand)]
        command: models::ModelsCommand,
    },
    /// Administration: users and API tokens.
    Admin {
        #[command(flatten)]
        data: DataArgs,
        #[command(subcommand)]
        command: admin::AdminCommand,
    },
}

/// `--engine` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum EngineArg {
    Auto,
    Lexical,
    Model,
}

impl From<EngineArg> for crate::config::EngineChoice {
    fn from(e: EngineArg) -> Self {
        match e {
            EngineArg::Auto => Self::Auto,
            EngineArg::Lexical => Self::Lexical,
            EngineArg::Model => Self::Model,
        }
    }
}

/// What is logged unless `KAOGUAN_LOG` says otherwise. whisper.cpp reports every tensor
/// of the model it loads at INFO: useful when a model misbehaves (`KAOGUAN_LOG=info`), a
/// wall of text on every first start otherwise, so only its warnings show by default.
pub const DEFAULT_LOG: &str = "info,sqlx=warn,tower_http=info,whisper_rs=warn";

pub fn init_tracing() {
    let filter =
        EnvFilter::try_from_env("KAOGUAN_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn load(data: &DataArgs, listen: Option<&ListenArgs>) -> anyhow::Result<Config> {
    Config::load(
        data.config.as_deref(),
        &Overrides {
            listen: listen.and_then(|l| l.listen.clone()),
            data_dir: data.data_dir.clone(),
        },
    )
}

async fn bind(config: &Config) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(&config.server.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.server.listen))
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve { data, listen } => {
            let config = load(&data, Some(&listen))?;
            let listener = bind(&config).await?;
            println!(
                "Kaoguan is serving at {}/ (console: {}/login)",
                config.public_url(),
                config.public_url()
            );
            crate::launch(config, listener, crate::shutdown_signal()).await?;
        }
        Command::Demo {
            data,
            listen,
            no_serve,
        } => {
            let config = load(&data, Some(&listen))?;
            let services = crate::build_services(&config).await?;
            let summary = crate::demo::load(&services).await?;
            summary.print(&config.public_url());
            if !no_serve {
                let listener = bind(&config).await?;
                crate::run(config, services, listener, crate::shutdown_signal()).await?;
            }
        }
        Command::Worker { data } => {
            let config = load(&data, None)?;
            let services = crate::build_services(&config).await?;
            tracing::info!("worker started");
            kaoguan_jobs::run(services, crate::shutdown_signal()).await;
        }
        Command::Migrate { data } => {
            let config = load(&data, None)?;
            crate::build_services(&config).await?;
            println!("database is up to date");
        }
        Command::Score {
            data,
            input,
            engine,
            weights,
        } => {
            let mut config = load(&data, None)?;
            if let Some(e) = engine {
                config.scoring.engine = e.into();
            }
            let scorer = crate::engine::scorer(&config).await?;
            return score::run(&input, weights.as_deref(), scorer);
        }
        Command::Calibrate {
            input,
            version,
            output,
        } => return calibrate::run(&input, &version, output.as_ref()),
        Command::Models { data, command } => {
            let config = load(&data, None)?;
            return models::run(&config, command).await;
        }
        Command::Admin { data, command } => {
            let config = load(&data, None)?;
            return admin::run(&config, command).await;
        }
    }
    Ok(ExitCode::SUCCESS)
}
