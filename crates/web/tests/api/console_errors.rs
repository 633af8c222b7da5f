//! Console pages explain bad input and conflicts in the page's language: a Chinese
//! sentence naming the field in words in the Chinese console, an English sentence in the
//! English one; never the API's field keys or English messages on a Chinese page.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{spawn_app, TestApp};
use crate::console::sign_in;

/// The text of the page's `role="alert"` paragraph.
fn alert(html: &str) -> &str {
    let start = html
        .find("role=\"alert\">")
        .unwrap_or_else(|| panic!("no alert in page: {html}"))
        + "role=\"alert\">".len();
    html[start..].split("</p>").next().unwrap()
}

/// The items of the invitation page's error list.
fn error_items(html: &str) -> Vec<&str> {
    let list = html
        .split("<ul class=\"errors\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no error list in page: {html}"))
        .split("</ul>")
        .next()
        .unwrap();
    list.split("<li>")
        .skip(1)
        .map(|li| li.split("</li>").next().unwrap())
        .collect()
}

fn assert_no_ascii_words(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_ascii_alphabetic()),
        "a Chinese page shows an English word or a field key: {text:?}"
    );
}

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let r = app
        .client
        .post(app.url(path))
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn switch_to_english(app: &TestApp) {
    let r = app
        .client
        .get(app.url("/lang/en?next=/jobs"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_bad_job_form_is_explained_in_the_page_language() {
    let app = spawn_app().await;
    let csrf = sign_in(&app).await;
    let new_job = |title: String| {
        let csrf = csrf.clone();
        let app = &app;
        async move {
            post_form(
                app,
                "/jobs",
                &[
                    ("csrf", csrf.as_str()),
                    ("title", title.as_str()),
                    ("language", "zh"),
                    ("c0_name", "沟通"),
                    ("c0_weight", "1"),
                ],
            )
            .await
        }
    };
    let (status, html) = new_job("客".repeat(300)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let shown = alert(&html);
    assert_eq!(shown, "输入有误：岗位名称须为 1 到 200 个字符。");
    assert_no_ascii_words(shown);
    assert!(!html.contains("must be 1 to 200") && !html.contains("title:"));

    // A bad row of the competency model names the row, not `competencies[1].weight`.
    let (status, html) = post_form(
        &app,
        "/jobs",
        &[
            ("csrf", csrf.as_str()),
            ("title", "客服专员"),
            ("language", "zh"),
            ("c0_name", "沟通"),
            ("c0_weight", "1"),
            ("c1_name", "解决问题"),
            ("c1_weight", "很多"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let shown = alert(&html);
    assert_eq!(shown, "输入有误：第 2 个能力维度：权重须为数字。");
    assert_no_ascii_words(shown);

    // The English console says the same in an English sentence, without the field key.
    switch_to_english(&app).await;
    let (status, html) = new_job("   ".into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        alert(&html),
        "Invalid input: The job title must be 1 to 200 characters."
    );
    assert!(!html.contains("title: must be"));

    // The API keeps its machine field and English message.
    let r = app
        .post(
            "/api/v1/jobs",
            json!({"title": "", "language": "zh", "competencies": [{"key": "c", "name": "沟通", "weight": 1}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "invalid_input");
    assert_eq!(r.body["error"]["field"], "title");
    assert_eq!(
        r.body["error"]["message"],
        "title: must be 1 to 200 characters"
    );
}

#[tokio::test]
async fn a_bad_invitation_is_explained_in_the_page_language() {
    let app = spawn_app().await;
    let csrf = sign_in(&app).await;
    let job = app.create_job().await;
    let path = format!("/jobs/{}/invitations", job["id"].as_str().unwrap());

    let (status, html) = post_form(
        &app,
        &path,
        &[
            ("csrf", csrf.as_str()),
            ("name", "李明"),
            ("email", "李明at公司"),
            ("phone", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The value typed stays in the sentence; nothing else is English or a field key.
    assert_eq!(
        error_items(&html),
        ["第 1 行：“李明at公司”不是有效的邮箱地址。"]
    );
    assert!(!html.contains("email:") && !html.contains("is not a valid"));

    // A pasted list names the line; a problem with the whole list names none.
    let (status, html) = post_form(
        &app,
        &path,
        &[
            ("csrf", csrf.as_str()),
            ("bulk", "王芳, 13800138000\n李明, 13900139000, 一, 二"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let items = error_items(&html);
    assert_eq!(items, ["第 2 行：每行最多三项：姓名、邮箱、手机。"]);
    assert_no_ascii_words(items[0]);

    // One person twice in a list, or someone the job already has: named by line, and
    // nobody in the list is invited.
    let (status, _) = post_form(
        &app,
        &path,
        &[("csrf", csrf.as_str()), ("bulk", "王芳, +86 138 0013 8000")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the first invitation goes out");
    let (status, html) = post_form(
        &app,
        &path,
        &[
            ("csrf", csrf.as_str()),
            (
                "bulk",
                "赵敏, zhaomin@example.com\n王芳, 13800138000\n钱进, ZhaoMin@Example.com",
            ),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_items(&html),
        [
            "第 2 行：这位候选人（相同邮箱或手机号）已在本岗位的候选人名单中。",
            "第 3 行：与第 1 行是同一个人（相同邮箱或手机号）。"
        ]
    );
    let list = app
        .get(&format!(
            "/api/v1/jobs/{}/applications",
            job["id"].as_str().unwrap()
        ))
        .await
        .body;
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "nothing of the batch was sent"
    );

    switch_to_english(&app).await;
    let (status, html) = post_form(
        &app,
        &path,
        &[("csrf", csrf.as_str()), ("name", ""), ("email", "")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_items(&html),
        ["Line 1: The name must be 1 to 100 characters."]
    );
}

#[tokio::test]
async fn a_conflict_is_said_in_words_in_both_languages() {
    let app = spawn_app().await;
    let csrf = sign_in(&app).await;
    let job = app.create_job().await;
    let path = format!("/jobs/{}/calibrations", job["id"].as_str().unwrap());

    let (status, html) = post_form(&app, &path, &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        html.contains("操作与当前状态冲突：暂时无法校准：需要至少 20 个人工评分的回答"),
        "{html}"
    );
    assert!(!html.contains("calibration needs"), "{html}");

    switch_to_english(&app).await;
    let (status, html) = post_form(&app, &path, &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        html.contains("Calibration is not possible yet: it needs at least 20 rated answers"),
        "{html}"
    );
}
