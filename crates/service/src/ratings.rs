//! Human ratings of answers: 1–5 per competency the question measures. They sit beside the
//! AI scores in the report and are what calibration learns from.

use kaoguan_domain::{ApplicationId, CompetencyKey, DomainError, QuestionId};
use kaoguan_store::Rating;

use crate::{ServiceError, ServiceResult, Services, Staff};

pub const MAX_NOTE_CHARS: usize = 2000;

pub struct RatingInput {
    pub question_id: QuestionId,
    pub competency: CompetencyKey,
    pub rating: i64,
    pub note: Option<String>,
}

/// Records (or replaces) the caller's rating. Anyone who may see the candidate's report
/// may rate it.
pub async fn rate(
    services: &Services,
    who: &Staff,
    application: ApplicationId,
    input: RatingInput,
) -> ServiceResult<Rating> {
    if !(1..=5).contains(&input.rating) {
        return Err(
            DomainError::new("rating", "must be a whole number from 1 to 5")
                .zh("评分须为 1 到 5 的整数。")
                .en("The rating must be a whole number from 1 to 5.")
                .into(),
        );
    }
    let note = input
        .note
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        return Err(DomainError::new(
            "note",
            format!("is longer than {MAX_NOTE_CHARS} characters"),
        )
        .zh(format!("备注不能超过 {MAX_NOTE_CHARS} 个字符。"))
        .en(format!(
            "The note must be at most {MAX_NOTE_CHARS} characters."
        ))
        .into());
    }
    let app = crate::applications::get_application(services, who, application).await?;
    let job = services.store.get_job(who.org(), app.job_id).await?;
    let question = services
        .store
        .get_question(who.org(), input.question_id)
        .await
        .map_err(ServiceError::from)?;
    if question.job_id != job.id {
        return Err(ServiceError::NotFound);
    }
    if !question.competencies.contains(&input.competency) {
        return Err(DomainError::new(
            "competency",
            format!("{} is not measured by this question", input.competency),
        )
        .zh(format!("这道题不考察维度“{}”。", input.competency))
        .en(format!(
            "This question does not measure \"{}\".",
            input.competency
        ))
        .into());
    }
    let rating = Rating {
        application_id: app.id,
        question_id: question.id,
        competency: input.competency,
        rater_id: who.user.id,
        rating: input.rating,
        note,
        updated_at: services.clock.now(),
    };
    services.store.upsert_rating(who.org(), &rating).await?;
    Ok(rating)
}

pub async fn list(
    services: &Services,
    who: &Staff,
    application: ApplicationId,
) -> ServiceResult<Vec<Rating>> {
    crate::applications::get_application(services, who, application).await?;
    Ok(services.store.list_ratings(who.org(), application).await?)
}
