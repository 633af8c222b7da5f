//! Fresh, isolated databases for tests of this crate and of the crates above it.
//!
//! [`TestDb::sqlite`] makes a migrated SQLite file in a temporary directory.
//! [`TestDb::from_env`] does the same on PostgreSQL when `KAOGUAN_TEST_DATABASE_URL` names
//! a server: every call creates its own database `kg_<unix seconds>_<random>`, so tests
//! running in parallel never see each other's rows, and hands out its URL so a real server
//! under test can open it with [`SqlStore::connect`]. Dropping the `TestDb` drops the
//! database; databases left behind by a crashed run are swept once they are an hour old.

use std::sync::Once;
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::postgres::PgConnection;
use sqlx::{Connection, Executor, Row};

use crate::sql::SqlStore;

pub const DATABASE_URL_VAR: &str = "KAOGUAN_TEST_DATABASE_URL";

/// A stale database is one older than this; a test run never lasts that long.
const STALE_AFTER_SECS: u64 = 60 * 60;

pub struct TestDb {
    pub store: SqlStore,
    pub url: String,
    _cleanup: Cleanup,
}

enum Cleanup {
    /// Removing the directory removes the database file with it.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl TestDb {
    /// A migrated SQLite database in a new temporary directory.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::Builder::new()
            .prefix("kaoguan-test-")
            .tempdir()
            .expect("create a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("kaoguan.db").display());
        let store = connect_and_migrate(&url).await;
        TestDb {
            store,
            url,
            _cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// Makes every insert into `table` fail until [`TestDb::heal`]: a fault injected
    /// between the writes of one unit of work, to show that none of them commits alone.
    pub async fn break_inserts_into(&self, table: &str) {
        let statements = match self.store.dialect() {
            crate::sql::Dialect::Sqlite => vec![format!(
                "CREATE TRIGGER kg_fault_{table} BEFORE INSERT ON {table}
                 BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
            )],
            crate::sql::Dialect::Postgres => vec![
                "CREATE OR REPLACE FUNCTION kg_fault() RETURNS trigger AS $$
                 BEGIN RAISE EXCEPTION 'injected fault'; END; $$ LANGUAGE plpgsql"
                    .to_string(),
                format!(
                    "CREATE TRIGGER kg_fault_{table} BEFORE INSERT ON {table}
                     FOR EACH ROW EXECUTE FUNCTION kg_fault()"
                ),
            ],
        };
        for sql in statements {
            sqlx::query(&sql)
                .execute(self.store.pool())
                .await
                .expect("install the fault");
        }
    }

    /// Removes the fault [`TestDb::break_inserts_into`] installed on `table`.
    pub async fn heal(&self, table: &str) {
        let sql = match self.store.dialect() {
            crate::sql::Dialect::Sqlite => format!("DROP TRIGGER kg_fault_{table}"),
            crate::sql::Dialect::Postgres => format!("DROP TRIGGER kg_fault_{table} ON {table}"),
        };
        sqlx::query(&sql)
            .execute(self.store.pool())
            .await
            .expect("remove the fault");
    }

    /// PostgreSQL when `KAOGUAN_TEST_DATABASE_URL` is set (to any database on the server
    /// the test databases should be created on), SQLite otherwise.
    pub async fn from_env() -> TestDb {
        match postgres_url() {
            Some(admin_url) => TestDb::postgres(&admin_url).await,
            None => TestDb::sqlite().await,
        }
    }

    /// A fresh PostgreSQL database on the server `admin_url` points at; `None` when the
    /// variable is unset, for suites that only make sense on PostgreSQL.
    pub async fn postgres_from_env() -> Option<TestDb> {
        Some(TestDb::postgres(&postgres_url()?).await)
    }

    async fn postgres(admin_url: &str) -> TestDb {
        let mut admin = PgConnection::connect(admin_url)
            .await
            .unwrap_or_else(|e| panic!("{DATABASE_URL_VAR}: cannot connect: {e}"));
        static SWEEP: Once = Once::new();
        let mut sweep = false;
        SWEEP.call_once(|| sweep = true);
        if sweep {
            drop_stale_databases(&mut admin).await;
        }
        let name = format!(
            "kg_{}_{}",
            unix_secs(),
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap_or_else(|e| panic!("create test database {name}: {e}"));
        let _ = admin.close().await;
        let url = with_database(admin_url, &name);
        let store = connect_and_migrate(&url).await;
        TestDb {
            store,
            url,
            _cleanup: Cleanup::Postgres {
                admin_url: admin_url.to_string(),
                name,
            },
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Cleanup::Postgres { admin_url, name } = &self._cleanup else {
            return;
        };
        let (admin_url, name) = (admin_url.clone(), name.clone());
        // Drop cannot await, and may run inside a runtime that must not be blocked on
        // itself, so the drop gets a thread and a runtime of its own. Joining it keeps the
        // process from exiting with the database still there. FORCE ends the connections
        // still open on it: this store's pool, or a server under test that outlived it.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url).await.ok()?;
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                admin.execute(sql.as_str()).await.ok()?;
                admin.close().await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("note: could not drop a test database; it will be swept within the hour");
        }
    }
}

fn postgres_url() -> Option<String> {
    let url = std::env::var(DATABASE_URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty())?;
    (url.starts_with("postgres://") || url.starts_with("postgresql://")).then_some(url)
}

async fn connect_and_migrate(url: &str) -> SqlStore {
    let store = SqlStore::connect(url)
        .await
        .expect("connect to the test database");
    store.migrate().await.expect("migrate the test database");
    store
}

fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `url` with its database name replaced by `name`, keeping credentials and parameters.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let authority_end = base[authority_start..]
        .find('/')
        .map(|i| authority_start + i)
        .unwrap_or(base.len());
    let mut out = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// Best effort: a failure here only leaves old databases for the next run to sweep.
async fn drop_stale_databases(admin: &mut PgConnection) {
    let Ok(rows) =
        sqlx::query("SELECT datname::text AS name FROM pg_database WHERE datname LIKE 'kg\\_%'")
            .fetch_all(&mut *admin)
            .await
    else {
        return;
    };
    let now = unix_secs();
    for row in rows {
        let Ok(name) = row.try_get::<String, _>("name") else {
            continue;
        };
        let created = name.split('_').nth(1).and_then(|s| s.parse::<u64>().ok());
        let valid = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if valid && created.is_some_and(|t| now.saturating_sub(t) > STALE_AFTER_SECS) {
            let _ = admin
                .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                .await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_is_swapped_and_the_rest_kept() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "kg_1"),
            "postgres://postgres@127.0.0.1:5432/kg_1"
        );
        assert_eq!(
            with_database("postgres://u:p@db/test?sslmode=disable", "kg_1"),
            "postgres://u:p@db/kg_1?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://db:5432", "kg_1"),
            "postgres://db:5432/kg_1"
        );
    }
}
