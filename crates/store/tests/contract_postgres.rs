//! The store contract on PostgreSQL. Runs when `KAOGUAN_TEST_DATABASE_URL` names a server
//! (CI sets it); each test gets a database of its own there.

use kaoguan_store::testing::{TestDb, DATABASE_URL_VAR};

async fn postgres() -> Option<TestDb> {
    let db = TestDb::postgres_from_env().await;
    if db.is_none() {
        eprintln!("skipped: {DATABASE_URL_VAR} not set");
    }
    db
}

kaoguan_store::contract_tests!(postgres);
