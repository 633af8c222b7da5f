//! Bulk import of candidate lists: a GBK CSV and an Excel workbook read into a preview
//! that says what every row becomes or why not, nothing written until the commit, which
//! writes every row at once and keeps no candidate details in the import afterwards.

use reqwest::StatusCode;
use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::{json, Value};

use crate::common::{Reply, TestApp};
use crate::intake::job_with_rule;

pub(crate) async fn send_list(app: &TestApp, job_id: &str, file: &str, bytes: Vec<u8>) -> Reply {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(file.to_string()),
    );
    app.post_multipart(&format!("/api/v1/jobs/{job_id}/imports"), form)
        .await
}

fn row(preview: &Value, number: u64) -> &Value {
    preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["row"] == number)
        .unwrap_or_else(|| panic!("row {number} in {preview}"))
}

fn reasons_zh(row: &Value) -> String {
    row["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["zh"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn total(app: &TestApp) -> i64 {
    app.get("/api/v1/applications").await.body["total"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_gbk_csv_is_previewed_row_by_row_then_committed_in_one_go() {
    let app = crate::common::spawn_app().await;
    let job_id = job_with_rule(&app, r#"education_level >= "本科""#).await;
    let other_job = app.create_job().await["id"].as_str().unwrap().to_string();
    // 张伟 applied to this job already; 李娜 to another one.
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/applications"),
            json!({"name": "张伟", "phone": "13800138000"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/jobs/{other_job}/applications"),
            json!({"name": "李娜", "email": "lina@example.com"}),
        )
        .await;
    let lina_candidate = r.body["candidate_id"].clone();
    assert_eq!(total(&app).await, 2);

    let csv = "2026 校招名单,,,,,,\n\
               姓名,手机号码,邮箱,最高学历,工作年限,性别,备注\n\
               王芳,139 0013 9001,,本科,3年,女,内推\n\
               张伟,+86 138 0013 8000,,硕士,5,男,\n\
               李娜,,LiNa@Example.com,大专,2,女,\n\
               ,13900139002,,本科,1,,\n\
               赵六,1.38001E+10,,本科,2,,\n\
               孙七,13900139001,,硕士,4,,\n\
               周八,13700137000,,本科生,1,,\n\
               吴九,13600136000,,硕士,三年,,\n\
               郑十,13500135000,,,,,\n";
    let gbk = encoding_rs::GBK.encode(csv).0.into_owned();
    let r = send_list(&app, &job_id, "校招名单.csv", gbk).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let preview = r.body;
    assert_eq!(preview["format"], "csv");
    assert_eq!(preview["header_row"], 2);
    assert_eq!(preview["file_name"], "校招名单.csv");
    assert_eq!(
        preview["counts"],
        json!({"rows": 9, "new_candidates": 2, "known_candidates": 1, "already_applied": 1,
               "rejected": 5, "passing_screening": 1})
    );
    let gender = preview["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == "性别")
        .unwrap();
    assert_eq!(gender["usage"], "sensitive");
    assert!(
        !preview["rows"].to_string().contains('女'),
        "the gender column is not read"
    );
    let wang = row(&preview, 3);
    assert_eq!(
        (wang["outcome"].as_str(), wang["name"].as_str()),
        (Some("new"), Some("王芳"))
    );
    assert_eq!(wang["fields"]["education_level"], "bachelor");
    assert_eq!(wang["fields"]["years_experience"], 3.0);
    assert_eq!(wang["screening_passed"], true);
    assert_eq!(row(&preview, 4)["outcome"], "already_applied");
    let lina = row(&preview, 5);
    assert_eq!(lina["outcome"], "known");
    assert_eq!(lina["screening_passed"], false, "大专 < 本科");
    for (number, words) in [
        (6, "缺少姓名"),
        (7, "科学计数法"),
        (8, "与第 3 行是同一人"),
        (9, "学历“本科生”无法识别"),
        (10, "工作年限“三年”"),
    ] {
        let r = row(&preview, number);
        assert_eq!(r["outcome"], "rejected", "row {number}: {r}");
        assert!(reasons_zh(r).contains(words), "row {number}: {r}");
    }
    assert_eq!(
        row(&preview, 11)["outcome"],
        "new",
        "only the name and a phone are needed"
    );
    assert_eq!(total(&app).await, 2, "a preview writes no application");

    let id = preview["id"].as_str().unwrap();
    let again = app.get(&format!("/api/v1/imports/{id}")).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["counts"], preview["counts"]);
    assert_eq!(again.body["committed_at"], Value::Null);

    let done = app
        .post(&format!("/api/v1/imports/{id}/commit"), json!({}))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body["committed_at"].is_string());
    assert_eq!(total(&app).await, 5);
    let wang = row(&done.body, 3);
    assert_eq!(
        wang["name"],
        Value::Null,
        "the import keeps no candidate details"
    );
    let wang_app = wang["application_id"].as_str().unwrap().to_string();
    let detail = app.get(&format!("/api/v1/applications/{wang_app}")).await;
    assert_eq!(detail.body["candidate"]["name"], "王芳", "{}", detail.body);
    let resume = app
        .get(&format!("/api/v1/applications/{wang_app}/resume"))
        .await;
    assert_eq!(resume.body["screening"]["passed"], true, "{}", resume.body);
    assert_eq!(resume.body["parsed"]["years_experience"], 3.0);
    let lina_app = row(&done.body, 5)["application_id"]
        .as_str()
        .unwrap()
        .to_string();
    let lina_kept = app
        .services
        .store
        .get_application(app.org, lina_app.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        lina_kept.candidate_id,
        lina_candidate.as_str().unwrap(),
        "one person, one candidate"
    );
    assert_eq!(row(&done.body, 4)["application_id"], Value::Null);
    assert!(row(&done.body, 7)["reasons"].as_array().unwrap().len() == 1);

    // Again: the committed import, nothing more.
    let twice = app
        .post(&format!("/api/v1/imports/{id}/commit"), json!({}))
        .await;
    assert_eq!(twice.status, StatusCode::OK);
    assert_eq!(row(&twice.body, 3)["application_id"], wang_app.as_str());
    assert_eq!(total(&app).await, 5);
    assert_eq!(
        app.get("/api/v1/imports/no-such-import").await.status,
        StatusCode::NOT_FOUND
    );
}

/// A workbook as HR keeps one: a merged title above English headers, phones stored as
/// numbers, a degree merged over two rows, formulas with a result, one with an error.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 4, "Spring intake", &plain)
        .unwrap();
    for (c, h) in ["Name", "Mobile", "Email", "Degree", "Years of Experience"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    sheet.write_string(2, 0, "Emily Chen").unwrap();
    sheet.write_number(2, 1, 13900139011.0).unwrap();
    sheet.merge_range(2, 3, 3, 3, "Master's", &plain).unwrap();
    sheet
        .write_formula(2, 4, Formula::new("=2026-2020").set_result("6"))
        .unwrap();
    sheet.write_string(3, 0, "Tom Li").unwrap();
    sheet.write_string(3, 2, "tom@example.com").unwrap();
    sheet.write_number(3, 4, 1.5).unwrap();
    sheet.write_string(4, 0, "Ann Wu").unwrap();
    sheet.write_number(4, 1, 13900139012.0).unwrap();
    sheet
        .write_formula(
            4,
            4,
            Formula::new("=VLOOKUP(A5,Z:Z,2,0)").set_result("#N/A"),
        )
        .unwrap();
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn an_excel_workbook_with_merged_cells_and_formulas_gets_a_verdict_per_row() {
    let app = crate::common::spawn_app().await;
    let job_id = job_with_rule(&app, r#"years_experience >= 2"#).await;
    let r = send_list(&app, &job_id, "intake.xlsx", workbook()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let preview = r.body;
    assert_eq!(preview["format"], "xlsx");
    let emily = row(&preview, 3);
    assert_eq!(emily["phone"], "13900139011");
    assert_eq!(
        emily["fields"]["years_experience"], 6.0,
        "the formula's result"
    );
    assert_eq!(emily["screening_passed"], true);
    let tom = row(&preview, 4);
    assert_eq!(
        tom["fields"]["education_level"], "master",
        "the merged cell's value"
    );
    assert_eq!(tom["screening_passed"], false);
    let ann = row(&preview, 5);
    assert_eq!(ann["outcome"], "rejected");
    assert!(
        reasons_zh(ann).contains("E5") && reasons_zh(ann).contains("#N/A"),
        "{ann}"
    );
    let id = preview["id"].as_str().unwrap();
    let done = app
        .post(&format!("/api/v1/imports/{id}/commit"), json!({}))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(total(&app).await, 2);
}

#[tokio::test]
async fn files_that_are_not_candidate_lists_are_refused_with_the_reason() {
    let app = crate::common::spawn_app().await;
    let job_id = app.create_job().await["id"].as_str().unwrap().to_string();
    let mut damaged = "姓名,手机\n张伟,13800138000\n".repeat(30).into_bytes();
    for i in (0..damaged.len()).step_by(7) {
        damaged[i] = 0xFF;
    }
    let xlsx = workbook();
    for (file, bytes, words) in [
        (
            "resume.pdf",
            b"%PDF-1.7\n1 0 obj\n".to_vec(),
            "upload a CSV or an Excel",
        ),
        ("list.csv", b"a,b\n1,2\n".to_vec(), "No header row"),
        (
            "list.csv",
            "姓名,手机\n".as_bytes().to_vec(),
            "no candidate rows",
        ),
        ("broken.csv", damaged, "encoding"),
        ("cut.xlsx", xlsx[..xlsx.len() / 2].to_vec(), "damaged"),
        ("empty.csv", Vec::new(), "empty"),
    ] {
        let r = send_list(&app, &job_id, file, bytes).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{file}: {}",
            r.body
        );
        let message = r.body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(file) && message.contains(words),
            "{file}: {message}"
        );
        assert_eq!(r.body["error"]["field"], "file");
    }
    let big = vec![b'a'; kaoguan_resume::table::MAX_TABLE_BYTES + 70 * 1024];
    let r = send_list(&app, &job_id, "big.csv", big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(total(&app).await, 0);
}

/// The console: the import card on the resumes tab, the preview page, the commit.
#[tokio::test]
async fn the_console_previews_a_list_and_imports_it_on_confirmation() {
    let app = crate::common::spawn_app().await;
    let csrf = crate::console::sign_in(&app).await;
    let job_id = job_with_rule(&app, r#"education_level >= "本科""#).await;
    let tab = app.page(&format!("/jobs/{job_id}/resumes")).await;
    assert!(
        tab.contains("id=\"import-form\"") && tab.contains("批量导入候选人名单"),
        "{tab}"
    );
    let send = |bytes: Vec<u8>, file: &str, csrf: &str| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(file.to_string()),
            );
        app.client
            .post(app.url(&format!("/jobs/{job_id}/imports")))
            .multipart(form)
            .send()
    };
    // Not a list: the tab again, the reason under the form, nothing kept.
    let resp = send(b"%PDF-1.7\n".to_vec(), "简历.pdf", &csrf)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("简历.pdf：不支持这种文件，请上传 CSV 或 Excel（XLSX、XLS）表格。"),
        "{html}"
    );
    // Without the CSRF token nothing is read.
    let csv = "姓名,手机,学历,身份证号\n王芳,13900139001,本科,110101199003071234\n李雷,,硕士,\n";
    let resp = send(csv.as_bytes().to_vec(), "名单.csv", "wrong")
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    let resp = send(csv.as_bytes().to_vec(), "名单.csv", &csrf)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with(&format!("/jobs/{job_id}/imports/")),
        "{location}"
    );
    let page = app.page(&location).await;
    for words in [
        "名单.csv",
        "预览，尚未导入",
        "新候选人：1",
        "有问题、不会导入的行：1",
        "其中符合筛选条件：1",
        "个人敏感信息，不导入、不用于筛选",
        "没有手机号或邮箱",
        "确认导入 1 位候选人",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    assert!(
        !page.contains("110101199003071234"),
        "the ID number is never shown"
    );
    assert_eq!(app.get("/api/v1/applications").await.body["total"], 0);

    let resp = app
        .client
        .post(app.url(&format!("{location}/commit")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/api/v1/applications").await.body["total"], 1);
    let page = app.page(&location).await;
    assert!(
        page.contains("导入。") && page.contains("查看候选人"),
        "{page}"
    );
    assert!(!page.contains("确认导入"), "{page}");
    // Another job's address does not show this import.
    let other = app.create_job().await["id"].as_str().unwrap().to_string();
    let id = location.rsplit('/').next().unwrap();
    let resp = app
        .client
        .get(app.url(&format!("/jobs/{other}/imports/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}
