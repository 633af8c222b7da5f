//! The `kaoguan` binary's library: configuration, wiring and subcommands. `main.rs` only
//! parses arguments; tests call [`launch`] to run the real server on port 0.

pub mod cli;
pub mod config;
pub mod demo;
pub mod engine;
pub mod models;
pub mod objects;
pub mod transcription;

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use kaoguan_service::{ServiceSettings, Services, SystemClock};
use kaoguan_store::sql::SqlStore;
use kaoguan_web::AppState;
use tokio::net::TcpListener;

pub use config::Config;

/// Connects to the configured database, applies migrations and assembles the services.
pub async fn build_services(config: &Config) -> anyhow::Result<Services> {
    if config.database.url.is_none() {
        std::fs::create_dir_all(&config.storage.data_dir).with_context(|| {
            format!(
                "cannot create data directory {}",
                config.storage.data_dir.display()
            )
        })?;
    }
    let store = SqlStore::connect(&config.database_url()).await?;
    store.migrate().await?;
    let scorer = engine::scorer(config).await?;
    let client = external_model(&config.llm)?;
    let rubric_judge = client
        .clone()
        .filter(|_| config.llm.scoring)
        .map(|c| c as Arc<dyn kaoguan_inference::llm::RubricJudge>);
    let llm = client.map(|c| c as Arc<dyn kaoguan_inference::llm::FeedbackModel>);
    let objects = objects::object_store(config)?;
    let transcription = engine::transcription(config).await?;
    let services = Services {
        store: Arc::new(store),
        scorer: Arc::new(scorer),
        clock: Arc::new(SystemClock),
        settings: Arc::new(ServiceSettings {
            public_url: config.public_url(),
            answer_grace_seconds: config.interview.answer_grace_seconds,
            session_hours: config.auth.session_hours,
            media_max_upload_bytes: config.media.max_upload_mb * 1024 * 1024,
        }),
        task_wakeup: Arc::new(tokio::sync::Notify::new()),
        llm,
        rubric_judge,
        objects,
        transcription,
    };
    // Reports scored before the store kept their band and flags (migration 0017) get them
    // now, once, so the candidate list filters every report alike.
    let backfilled = kaoguan_service::report::backfill_filter_facts(&services).await?;
    if backfilled > 0 {
        tracing::info!(reports = backfilled, "report bands and flags filled in");
    }
    Ok(services)
}

/// The external model client when the admin enabled it. Logs where it points, never the key.
fn external_model(
    config: &config::LlmConfig,
) -> anyhow::Result<Option<Arc<kaoguan_inference::llm::OpenAiCompatClient>>> {
    if !config.enabled {
        return Ok(None);
    }
    let mut llm =
        kaoguan_inference::llm::LlmConfig::new(config.base_url.trim(), config.model.trim());
    llm.api_key = config.api_key.clone();
    llm.timeout = std::time::Duration::from_secs(config.timeout_seconds);
    llm.json_mode = config.json_mode;
    llm.json_schema = config.json_schema;
    let client = kaoguan_inference::llm::OpenAiCompatClient::new(llm)
        .map_err(|e| anyhow::anyhow!("llm: {e}"))?;
    if config.scoring {
        tracing::info!(model = %config.model, "external model enabled as scoring judge (local engine as fallback and cross-check)");
    } else {
        tracing::info!(model = %config.model, "external model notes enabled (advisory only)");
    }
    Ok(Some(Arc::new(client)))
}

/// Serves HTTP on `listener` (and runs the embedded worker) until `shutdown` resolves.
pub async fn launch(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let services = build_services(&config).await?;
    run(config, services, listener, shutdown).await
}

/// Like [`launch`] with services already built (the demo builds them to load its data).
pub async fn run(
    config: Config,
    services: Services,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker = config.worker.embedded.then(|| {
        let services = services.clone();
        let mut rx = stop_rx.clone();
        tokio::spawn(kaoguan_jobs::run(services, async move {
            let _ = rx.wait_for(|stop| *stop).await;
        }))
    });
    let state = AppState {
        secure_cookies: config.public_url().starts_with("https://"),
        services,
    };
    tracing::info!(listen = %listener.local_addr()?, "serving");
    kaoguan_web::serve(state, listener, async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    })
    .await
    .context("HTTP server failed")?;
    if let Some(w) = worker {
        let _ = w.await;
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
