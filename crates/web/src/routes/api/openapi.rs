//! The OpenAPI document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    applications, assignments, candidates, comments, dto, events, imports, intake, integrity,
    interview, jobs, media, org, ratings, recordings, rules, scorecards, users,
};
use crate::error::{Problem, ProblemBody};

#[derive(OpenApi)]
#[openapi(
    info(title = "Kaoguan API", description = "Kaoguan (考官): AI interviews with explainable scores."),
    paths(
        jobs::create_job, jobs::list_jobs, jobs::get_job, jobs::set_face_detection, jobs::set_band_thresholds, jobs::set_pipeline, jobs::set_status, jobs::copy, jobs::set_invite_validity, jobs::invite, jobs::merge_invitation, jobs::list_applications,
        applications::get_application, applications::decide, applications::move_stage, applications::renew_link, applications::revoke_link, applications::get_report, recordings::get_recording,
        interview::get_state, interview::consent, interview::next, interview::answer, interview::finish,
        media::create_upload, media::put_chunk, media::get_upload, media::complete_upload, media::post_recording,
        integrity::report_counts,
        events::list_events,
        candidates::list, candidates::compare,
        scorecards::submit, scorecards::board,
        users::list, users::invite, users::update, users::disable, users::enable, users::reset_password,
        org::get_settings, org::put_settings,
        comments::list, comments::add,
        intake::create, intake::set_settings, intake::get_resume, intake::preview,
        intake::correct, intake::rescreen,
        imports::preview, imports::get, imports::commit,
        assignments::assignable, assignments::list, assignments::assign, assignments::unassign,
        rules::set_rules, rules::preview, rules::history, rules::list_reviews, rules::decide_review,
        ratings::rate, ratings::list_ratings, ratings::rescore, ratings::calibrate, ratings::list_calibrations, ratings::publish,
    ),
    components(schemas(
        ProblemBody, Problem,
        dto::CreateJob, dto::FaceDetectionInput, dto::BandThresholdsInput, dto::BandThresholdsView, dto::PipelineInput, dto::JobStatusInput, dto::StageView, dto::InviteValidityInput, dto::CompetencyInput, dto::QuestionInput, dto::JobView, dto::CompetencyView,
        dto::QuestionView, dto::JobListItem, dto::CreateInvitation, dto::InvitationView,
        dto::ApplicationView, dto::DecisionInput, dto::CandidateView, dto::ApplicationListItem, dto::ConsentInput, dto::AnswerInput,
        ratings::RatingBody, ratings::RatingView, ratings::CalibrationView,
        media::CreateUploadInput, media::OffsetConflict,
        integrity::IntegrityInput, integrity::FaceCountsInput,
        kaoguan_service::media::UploadView, kaoguan_service::media::MediaAnswerView,
        kaoguan_service::events::EventView,
        rules::RulesInput, rules::ReviewInput,
        kaoguan_service::rules::PreviewRow, kaoguan_service::rules::RuleVerdict,
        kaoguan_service::rules::RuleHistory, kaoguan_service::rules::RunView, kaoguan_service::rules::MessageView,
        kaoguan_service::reviews::ReviewView,
        kaoguan_domain::scorecard::Scorecard, kaoguan_domain::scorecard::DimensionRating, kaoguan_domain::scorecard::Recommendation,
        kaoguan_service::scorecards::ScorecardBoard, kaoguan_service::scorecards::CardView, kaoguan_service::scorecards::DimensionRow,
        candidates::CandidateItem, candidates::CandidateList,
        applications::ApplicationDetail, applications::StageInput, kaoguan_service::applications::StageMove,
        kaoguan_service::compare::Comparison, kaoguan_service::compare::ComparedCandidate,
        users::UserView, users::InviteUserInput, users::UpdateUserInput, users::TemporaryPassword,
        org::OrgSettingsView, org::OrgSettingsInput,
        comments::CommentView, comments::CommentInput,
        intake::ApplicationInput, intake::ParsedView, intake::IntakeView, intake::IntakeSettings,
        intake::IntakeSettingsView, intake::ResumeView, intake::PreviewInput,
        kaoguan_service::intake::Preview, kaoguan_service::intake::PreviewRow,
        kaoguan_service::intake::TypedFields, kaoguan_service::screening::Screening,
        kaoguan_service::intake::ImportView, kaoguan_service::intake::ImportPreview,
        kaoguan_service::intake::ImportColumn, kaoguan_service::intake::ImportCounts,
        kaoguan_service::intake::ImportRowView, kaoguan_service::intake::RowReason,
        kaoguan_service::resume_match::ResumeMatch, kaoguan_service::resume_match::Support,
        kaoguan_service::screening::Reason, kaoguan_service::screening::ReasonValue,
        jobs::MergedView,
        assignments::AssignInput, assignments::StaffView, kaoguan_service::assignments::AssignmentView,
    )),
    modifiers(&BearerAuth),
    tags((name = "jobs"), (name = "applications"), (name = "interview", description = "the candidate's side, keyed by their token"),
        (name = "calibration", description = "human ratings and scorer calibration"),
        (name = "rules", description = "pipeline rules and the review queue of rejections they propose"),
        (name = "assignments", description = "who beyond HR sees which candidates"),
        (name = "scorecards", description = "second-round scorecards beside the AI's scores"),
        (name = "users", description = "the organisation's accounts, for admins")),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
