//! The real server, in this process: the `kaoguan` crate's own `build_services` and `run`
//! (HTTP + embedded worker loop) on port 0 with the system clock, on a fresh SQLite file in a temporary
//! directory or on the PostgreSQL database given. An HR user and API token are made
//! through `kaoguan_service::auth`, as the API tests do.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use kaoguan::Config;
use kaoguan_domain::{Email, Role};
use kaoguan_scoring::Scorer;
use kaoguan_service::auth::{self, NewStaff};
use kaoguan_store::sql::Dialect;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// HR's bearer token for the API.
    pub token: String,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    stop: oneshot::Sender<()>,
    handle: JoinHandle<anyhow::Result<()>>,
    _dir: Option<tempfile::TempDir>,
}

/// Starts the server with `scorer`; `database_url` defaults to SQLite in a temp dir.
pub async fn start(scorer: Arc<Scorer>, database_url: Option<&str>) -> anyhow::Result<Server> {
    let (dir, url) = match database_url {
        Some(url) => (None, url.to_string()),
        None => {
            let dir = tempfile::Builder::new()
                .prefix("kaoguan-bench-")
                .tempdir()
                .context("create a temporary directory")?;
            let url = format!("sqlite://{}", dir.path().join("kaoguan.db").display());
            (Some(dir), url)
        }
    };
    let database = match Dialect::from_url(&url)? {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgres",
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mut config = Config::default();
    config.server.listen = addr.to_string();
    config.database.url = Some(url);
    if let Some(d) = &dir {
        config.storage.data_dir = d.path().to_path_buf();
    }
    // `build_services` builds a scorer of its own, which is replaced just below: keep it
    // lexical so it never loads (or warns about) a model.
    config.scoring.engine = kaoguan::config::EngineChoice::Lexical;
    // The server's own wiring (store, migrations, clock, settings, optional parts), with
    // the benchmark's engine in place of the default scorer.
    let mut services = kaoguan::build_services(&config).await?;
    services.scorer = scorer;

    // A fresh organisation and user per run, so runs against one PostgreSQL database
    // never collide.
    let run_id = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let org = auth::ensure_org(
        &services,
        &format!("Kaoguan Bench {run_id}"),
        "Asia/Shanghai",
    )
    .await
    .context("create the benchmark organisation")?;
    let email: Email = format!("bench-{run_id}@bench.example.com")
        .parse()
        .context("benchmark e-mail")?;
    auth::create_user(
        &services,
        NewStaff {
            org: org.id,
            email: email.clone(),
            display_name: "Benchmark".into(),
            role: Role::Hr,
            department: None,
            password: format!("bench-password-{run_id}"),
        },
    )
    .await
    .context("create the benchmark user")?;
    let token = auth::issue_api_token(&services, &email, "kaoguan-bench")
        .await
        .context("issue an API token")?;

    let (stop, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(kaoguan::run(config, services, listener, async move {
        let _ = rx.await;
    }));
    Ok(Server {
        base: format!("http://{addr}"),
        token: token.expose().to_string(),
        database,
        stop,
        handle,
        _dir: dir,
    })
}

impl Server {
    /// Stops HTTP and the worker and waits for both.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.handle.await.context("server task panicked")?
    }
}
