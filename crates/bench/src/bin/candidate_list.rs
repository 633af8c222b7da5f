//! How fast the candidate list across jobs answers at 10,000 applications:
//! `cargo run --release -p kaoguan-bench --bin candidate-list [-- N [DATABASE_URL]]`.
//!
//! Seeds one organisation with N applications over 20 jobs (half of them scored), then
//! times each kind of page the console asks for — the first page, a name search, a stage
//! filter, a score range sorted by score, a deep page — as the median of 7 runs. SQLite
//! in a temporary directory unless a URL is given (a PostgreSQL database is left as is).

use std::time::Instant;

use chrono::{Duration, Utc};
use kaoguan_domain::{ReportStatus, StageKey};
use kaoguan_store::contract::job_draft;
use kaoguan_store::sql::SqlStore;
use kaoguan_store::{
    CandidateFilter, CandidateSort, Effects, NewCandidate, Report, Store, Visible,
};

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "婷",
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let dir = tempfile::tempdir()?;
    let url = args
        .next()
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let store = SqlStore::connect(&url).await?;
    store.migrate().await?;
    let store: &dyn Store = &store;
    let start = Utc::now() - Duration::days(400);
    let org = store
        .create_org(&format!("bench-{}", uuid_like()), "Asia/Shanghai", start)
        .await?;
    let mut jobs = Vec::new();
    for j in 0..20 {
        jobs.push(
            store
                .create_job(org.id, &job_draft(&format!("岗位 {j}")), start)
                .await?,
        );
    }
    let seeding = Instant::now();
    let stages = ["ai_interview", "second_round", "on_hold", "rejected"];
    for i in 0..n {
        let job = &jobs[i % jobs.len()];
        let name = format!(
            "{}{}{}",
            SURNAMES[i % SURNAMES.len()],
            GIVEN[(i / 7) % GIVEN.len()],
            i
        );
        let candidate = NewCandidate {
            name: name.parse()?,
            email: Some(format!("c{i}@bench.example.com").parse()?),
            phone: None,
        };
        let at = start + Duration::minutes(i as i64 * 50);
        let digest = kaoguan_domain::SecretDigest::of(&format!("bench-token-{i}-{}", org.id));
        let app = store
            .create_application(
                org.id,
                job.id,
                &kaoguan_store::NewApplication {
                    candidate: &candidate,
                    stage: job.pipeline().interview_stage(),
                    token: &digest,
                },
                at,
                &Effects::none(),
            )
            .await?;
        let stage = StageKey::parse(stages[i % stages.len()])?;
        if stage.as_str() != "ai_interview" {
            store
                .move_stage(
                    org.id,
                    app.id,
                    &app.position(),
                    &kaoguan_domain::Position::at(stage),
                    (stages[i % stages.len()] == "rejected")
                        .then_some((kaoguan_domain::RejectReason::Skills, None)),
                    at,
                    &Effects::none(),
                )
                .await?;
        }
        if i % 2 == 0 {
            store
                .save_report(
                    org.id,
                    &Report {
                        application_id: app.id,
                        status: ReportStatus::Ready,
                        total: Some((i * 37 % 1000) as f64 / 10.0),
                        model_version: "bench".into(),
                        body: serde_json::json!({}),
                        red_flags: u32::from(i % 7 == 0),
                        flags: if i % 5 == 0 {
                            vec!["evasive".into()]
                        } else {
                            vec![]
                        },
                        created_at: at,
                    },
                    &Effects::none(),
                )
                .await?;
        }
    }
    println!(
        "seeded {n} applications over {} jobs in {:.1} s ({url_kind})",
        jobs.len(),
        seeding.elapsed().as_secs_f64(),
        url_kind = if url.starts_with("sqlite") {
            "SQLite"
        } else {
            "PostgreSQL"
        },
    );
    let everything = Visible {
        everything: true,
        ..Visible::default()
    };
    let department = Visible {
        department: Some("Stores".into()),
        ..Visible::default()
    };
    let cases: Vec<(&str, &Visible, CandidateFilter, u32)> = vec![
        (
            "first page, newest",
            &everything,
            CandidateFilter::default(),
            0,
        ),
        (
            "name search 王伟",
            &everything,
            CandidateFilter {
                name: Some("王伟".into()),
                ..CandidateFilter::default()
            },
            0,
        ),
        (
            "stage second_round",
            &everything,
            CandidateFilter {
                stage: Some(StageKey::parse("second_round")?),
                ..CandidateFilter::default()
            },
            0,
        ),
        (
            "score 60-90, by score",
            &everything,
            CandidateFilter {
                min_total: Some(60.0),
                max_total: Some(90.0),
                sort: CandidateSort::ScoreHigh,
                ..CandidateFilter::default()
            },
            0,
        ),
        (
            "band recommend, by score",
            &everything,
            CandidateFilter {
                band: Some(kaoguan_domain::Band::Recommend),
                sort: CandidateSort::ScoreHigh,
                ..CandidateFilter::default()
            },
            0,
        ),
        (
            "flag evasive",
            &everything,
            CandidateFilter {
                flag: Some(kaoguan_store::FlagFilter::Answer("evasive".into())),
                ..CandidateFilter::default()
            },
            0,
        ),
        (
            "one job, by name",
            &everything,
            CandidateFilter {
                job: Some(jobs[3].id),
                sort: CandidateSort::Name,
                ..CandidateFilter::default()
            },
            0,
        ),
        (
            "page 100 (deep)",
            &everything,
            CandidateFilter::default(),
            99 * 50,
        ),
        (
            "department head's view",
            &department,
            CandidateFilter::default(),
            0,
        ),
    ];
    println!("{:<28} {:>10} {:>8}", "query", "median ms", "matches");
    for (label, visible, filter, offset) in cases {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..7 {
            let t = Instant::now();
            let (_, matches) = store
                .search_applications(org.id, visible, &filter, offset, 50)
                .await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            total = matches;
        }
        times.sort_by(f64::total_cmp);
        println!("{label:<28} {:>10.1} {total:>8}", times[times.len() / 2]);
    }
    Ok(())
}

fn uuid_like() -> String {
    format!("{:x}", Utc::now().timestamp_nanos_opt().unwrap_or_default())
}
