//! How long a bulk import of a large candidate list takes, end to end over HTTP:
//! `cargo run --release -p kaoguan-bench --bin import [-- N [DATABASE_URL]]`.
//!
//! Writes an N-row workbook (default 5,000) as HR keeps one — a merged title row, Chinese
//! headers, phones stored as numbers, a formula column, a few rows with problems — starts
//! the real server (SQLite in a temporary directory unless a URL is given), gives the job a
//! screening rule, then times the preview (upload, reading, checking every row, looking up
//! known contacts, keeping the preview) and the commit (every application, its candidate,
//! events and rule tasks in one transaction) as HR's browser would call them. Target for
//! 5,000 rows: under 10 s for both together. Also reports the file's size and the peak
//! memory of this process (server included).

use std::sync::Arc;
use std::time::Instant;

use anyhow::{ensure, Context};
use kaoguan_bench::server;
use kaoguan_scoring::Scorer;
use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::{json, Value};

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军"];
const LEVELS: &[&str] = &["本科", "硕士", "大专", "博士", "本科", "高中"];
const TARGET_SECONDS: f64 = 10.0;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(5_000);
    let url = args.next();
    let built = Instant::now();
    let xlsx = workbook(n)?;
    println!(
        "workbook: {n} rows, {:.0} KiB, written in {:.2} s",
        xlsx.len() as f64 / 1024.0,
        built.elapsed().as_secs_f64()
    );
    let server = server::start(Arc::new(Scorer::lexical()), url.as_deref()).await?;
    let client = reqwest::Client::new();
    let api = |path: &str| format!("{}{path}", server.base);
    let job: Value = client
        .post(api("/api/v1/jobs"))
        .bearer_auth(&server.token)
        .json(&kaoguan_bench::corpus::job_json(
            kaoguan_bench::corpus::languages()[1],
            "批量导入基准岗位",
        ))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let job_id = job["id"].as_str().context("a job id")?;
    client
        .put(api(&format!("/api/v1/jobs/{job_id}/screening")))
        .bearer_auth(&server.token)
        .json(&json!({"screening_rule": r#"education_level >= "本科" && years_experience >= 2"#}))
        .send()
        .await?
        .error_for_status()?;

    let started = Instant::now();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(xlsx).file_name("候选人名单.xlsx"),
    );
    let preview: Value = client
        .post(api(&format!("/api/v1/jobs/{job_id}/imports")))
        .bearer_auth(&server.token)
        .multipart(form)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let previewed = started.elapsed().as_secs_f64();
    let id = preview["id"].as_str().context("an import id")?;
    let commit_started = Instant::now();
    let done: Value = client
        .post(api(&format!("/api/v1/imports/{id}/commit")))
        .bearer_auth(&server.token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let committed = commit_started.elapsed().as_secs_f64();
    let counts = &done["counts"];
    let created = counts["new_candidates"].as_u64().unwrap_or(0);
    let listed: Value = client
        .get(api(&format!(
            "/api/v1/applications?job={job_id}&per_page=1"
        )))
        .bearer_auth(&server.token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    ensure!(
        listed["total"].as_u64() == Some(created),
        "the job lists {} applications, the import says {created}",
        listed["total"]
    );
    let total = previewed + committed;
    println!("database: {}", server.database);
    println!("counts: {counts}");
    println!("preview (upload, read, check, keep): {previewed:.2} s");
    println!("commit ({created} applications in one transaction): {committed:.2} s");
    println!(
        "total: {total:.2} s for {n} rows ({:.0} rows/s); target < {TARGET_SECONDS:.0} s: {}",
        n as f64 / total,
        if total < TARGET_SECONDS {
            "met"
        } else {
            "NOT met"
        }
    );
    if let Some(mib) = kaoguan_bench::machine::memory().peak_rss_mib {
        println!("peak memory of this process: {mib:.0} MiB");
    }
    server.shutdown().await
}

/// The list: a merged title, Chinese headers, phones as numbers, years as a formula, one
/// row in 100 without a phone or e-mail and one in 250 with an education level nobody
/// uses, so the preview has rejections to explain.
fn workbook(n: usize) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("候选人")?;
    sheet.merge_range(0, 0, 0, 7, "2026 春季校园招聘候选人名单", &Format::new())?;
    for (c, h) in [
        "姓名",
        "手机",
        "邮箱",
        "学历",
        "毕业院校",
        "专业",
        "毕业年份",
        "工作年限",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *h)?;
    }
    for i in 0..n {
        let r = i as u32 + 2;
        let name = format!("{}{}{i}", SURNAMES[i % 10], GIVEN[(i / 10) % 10]);
        sheet.write_string(r, 0, &name)?;
        if i % 100 != 99 {
            sheet.write_number(r, 1, 13_000_000_000.0 + i as f64)?;
            sheet.write_string(r, 2, format!("c{i}@example.com"))?;
        }
        let level = if i % 250 == 249 {
            "本科生"
        } else {
            LEVELS[i % LEVELS.len()]
        };
        sheet.write_string(r, 3, level)?;
        sheet.write_string(r, 4, "华南理工大学")?;
        sheet.write_string(r, 5, "计算机科学与技术")?;
        sheet.write_number(r, 6, 2015.0 + (i % 10) as f64)?;
        let years = 2026 - 2015 - (i % 10) as i64 - 1;
        sheet.write_formula(
            r,
            7,
            Formula::new(format!("=2025-G{}", r + 1)).set_result(years.to_string()),
        )?;
    }
    Ok(book.save_to_buffer()?)
}
