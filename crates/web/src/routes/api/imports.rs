//! Bulk imports of candidate lists (CSV, XLSX, XLS): a preview first, then the commit.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::Json;
use kaoguan_domain::{DomainError, JobId};
use kaoguan_service::intake::{self, ImportFile, ImportView};

use super::parse_id;
use crate::error::{ApiError, ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::state::AppState;

/// Largest request to the imports endpoint: one spreadsheet.
pub const MAX_IMPORT_BYTES: usize = kaoguan_resume::table::MAX_TABLE_BYTES + 64 * 1024;

/// Reads a candidate list (`multipart/form-data` with a `file` part: CSV in UTF-8, GBK or
/// UTF-16, XLSX or XLS; headers in Chinese or English) into a preview: what each row
/// would become (`new`, `known`, `already_applied`) or why it is rejected. Nothing is
/// created until the preview is committed; it expires after a day.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/imports", tag = "applications",
    params(("id" = String, Path, description = "job id")),
    request_body(content_type = "multipart/form-data", description = "a `file` part"),
    responses((status = 201, body = ImportView), (status = 404, body = ProblemBody),
        (status = 413, body = ProblemBody),
        (status = 422, description = "not a candidate list (damaged, encrypted, no header row, broken encoding…)", body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn preview(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<ImportView>)> {
    let who = staff.recruiter()?;
    let job: JobId = parse_id(&id)?;
    let file = read_file(form).await?;
    let view = intake::preview_import(&state.services, &who, job, file).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// An import's preview or, once committed, what each row became.
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "applications",
    params(("id" = String, Path, description = "import id")),
    responses((status = 200, body = ImportView),
        (status = 404, description = "no such import, or an uncommitted one that expired", body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<ImportView>> {
    let who = staff.recruiter()?;
    Ok(Json(intake::get_import(&state.services, &who, &id).await?))
}

/// Creates the preview's applications (rows `new` and `known`), all in one transaction,
/// screened by the job's rule as it is now. Committing again returns the committed import.
#[utoipa::path(post, path = "/api/v1/imports/{id}/commit", tag = "applications",
    params(("id" = String, Path, description = "import id")),
    responses((status = 200, body = ImportView),
        (status = 404, body = ProblemBody),
        (status = 409, description = "the job is closed", body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn commit(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<ImportView>> {
    let who = staff.recruiter()?;
    Ok(Json(
        intake::commit_import(&state.services, &who, &id).await?,
    ))
}

/// The form's `file` part.
pub async fn read_file(mut form: Multipart) -> Result<ImportFile, ApiError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        ApiError::new(e.status(), "bad_multipart", e.body_text())
    };
    while let Some(field) = form.next_field().await.map_err(bad)? {
        if field.name() == Some("file") {
            let file_name = field.file_name().unwrap_or("import").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            return Ok(ImportFile {
                file_name,
                bytes: bytes.to_vec(),
            });
        }
    }
    Err(
        DomainError::new("file", "attach a CSV or Excel file as the `file` part")
            .zh("请选择一个 CSV 或 Excel 表格文件。")
            .en("Choose a CSV or Excel file.")
            .into(),
    )
}
