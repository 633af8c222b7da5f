//! The store contract on SQLite, the embedded default. Always runs.

use kaoguan_store::testing::TestDb;

async fn sqlite() -> Option<TestDb> {
    Some(TestDb::sqlite().await)
}

kaoguan_store::contract_tests!(sqlite);
