//! The kanban board: a column per stage, moves by form (what a drop posts), bulk actions
//! that count what they could not do, and a stale card that moves nobody.

use reqwest::StatusCode;

use crate::common::spawn_app;
use crate::console::{hidden, sign_in};

#[tokio::test]
async fn the_board_moves_cards_one_at_a_time_and_in_bulk() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let (a, _) = app.invite(job_id, "Board One").await;
    let (b, _) = app.invite(job_id, "Board Two").await;
    let (c, _) = app.invite(job_id, "Board Three").await;
    sign_in(&app).await;
    let page = app.page(&format!("/jobs/{job_id}/board")).await;
    assert!(
        page.contains("data-stage=\"ai_interview\""),
        "a column per stage"
    );
    assert!(
        page.contains(&format!("data-app=\"{a}\"")),
        "a card per candidate"
    );
    let csrf = hidden(&page, "csrf");
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let url = app.url(&path);
        let client = app.client.clone();
        let mut fields = vec![("csrf", csrf.clone())];
        fields.extend(form);
        async move { client.post(url).form(&fields).send().await.unwrap() }
    };
    let stage = |id: String| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/applications/{id}")).await.body["stage"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };

    // One card, as a drop posts it.
    let r = post(
        format!("/jobs/{job_id}/board/move"),
        vec![
            ("application", a.clone()),
            ("expected_stage", "ai_interview".into()),
            ("to", "second_round".into()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(stage(a.clone()).await, "second_round");
    // The same drop from a stale board moves nobody and says why.
    let r = post(
        format!("/jobs/{job_id}/board/move"),
        vec![
            ("application", a.clone()),
            ("expected_stage", "ai_interview".into()),
            ("to", "on_hold".into()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(stage(a.clone()).await, "second_round");

    // In bulk: two move; the stale one is counted, not moved.
    let r = post(
        format!("/jobs/{job_id}/board/bulk"),
        vec![
            ("action", "hold".into()),
            ("card", format!("{b}:ai_interview")),
            ("card", format!("{c}:ai_interview")),
            ("card", format!("{a}:ai_interview")),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.ends_with("moved=2&failed=1"), "{to}");
    assert_eq!(stage(b.clone()).await, "on_hold");
    assert_eq!(stage(c.clone()).await, "on_hold");
    let page = app.page(&to).await;
    assert!(page.contains("id=\"board-done\""), "the outcome is shown");

    let r = post(
        format!("/jobs/{job_id}/board/bulk"),
        vec![
            ("action", "reject".into()),
            ("card", format!("{b}:on_hold")),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a rejection needs a reason"
    );
    let r = post(
        format!("/jobs/{job_id}/board/bulk"),
        vec![
            ("action", "reject".into()),
            ("reason", "experience".into()),
            ("card", format!("{b}:on_hold")),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(stage(b).await, "rejected");
    let r = post(
        format!("/jobs/{job_id}/board/bulk"),
        vec![("action", "hold".into())],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing ticked"
    );

    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        let page = app.page(&format!("/jobs/{job_id}/board")).await;
        assert_eq!(
            crate::decisions::untranslated(&page),
            Vec::<String>::new(),
            "{lang}"
        );
    }
}
