//! Inviting candidates: each gets an application and a personal interview link.

use kaoguan_domain::{ApplicationId, DomainError, InterviewToken, JobId};
use kaoguan_store::{Application, Effects, NewCandidate};

use crate::events::DomainEvent;
use crate::{Recruiter, ServiceError, ServiceResult, Services};

pub const MAX_BULK_INVITATIONS: usize = 500;

pub struct Invitation {
    pub application: Application,
    /// The candidate's personal link; its last path segment is the token. Shown once:
    /// only the token's digest is stored.
    pub interview_url: String,
}

pub fn interview_url(public_url: &str, token: &InterviewToken) -> String {
    format!("{}/i/{}", public_url.trim_end_matches('/'), token.expose())
}

pub async fn invite(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    candidate: &NewCandidate,
) -> ServiceResult<Invitation> {
    // Confirms the job exists in the recruiter's organisation and takes candidates
    // before creating anything.
    let found = services.store.get_job(who.org(), job).await?;
    if found.status != kaoguan_domain::JobStatus::Open {
        return Err(crate::ServiceError::conflict(
            "job_closed",
            "the job is closed to new candidates; reopen it to invite",
        ));
    }
    let token = InterviewToken::generate();
    let created = services
        .store
        .create_application(
            who.org(),
            job,
            &kaoguan_store::NewApplication {
                candidate,
                stage: found.pipeline().interview_stage(),
                token: &token.digest(),
            },
            services.clock.now(),
            &Effects::none().event(DomainEvent::ApplicationCreated { job_id: job }.logged()),
        )
        .await;
    let application = match created {
        Ok(a) => a,
        Err(kaoguan_store::StoreError::Conflict(_)) => {
            // The same person (email or phone) is already a candidate for this job.
            let existing = services
                .store
                .find_application_by_contact(who.org(), job, candidate)
                .await?;
            return Err(ServiceError::conflict(
                "duplicate_application",
                match existing {
                    Some(id) => format!(
                        "this email or phone is already invited to this job: application {id}"
                    ),
                    None => "this email or phone is already invited to this job".to_string(),
                },
            ));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Invitation {
        application,
        interview_url: interview_url(&services.settings.public_url, &token),
    })
}

/// A new link for an interview not yet over: the old link stops working at once (the
/// candidate's page then says the link is no longer valid). The new link is shown once.
pub async fn renew_link(
    services: &Services,
    who: &Recruiter,
    id: ApplicationId,
) -> ServiceResult<Invitation> {
    let token = InterviewToken::generate();
    let effects = Effects::none().event(DomainEvent::LinkRenewed { application_id: id }.logged());
    let replaced = services
        .store
        .replace_token(
            who.org(),
            id,
            &token.digest(),
            false,
            services.clock.now(),
            &effects,
        )
        .await?;
    if !replaced {
        return Err(interview_over());
    }
    Ok(Invitation {
        application: services.store.get_application(who.org(), id).await?,
        interview_url: interview_url(&services.settings.public_url, &token),
    })
}

/// Withdraws the interview link: no link works until HR makes a new one.
pub async fn revoke_link(
    services: &Services,
    who: &Recruiter,
    id: ApplicationId,
) -> ServiceResult<Application> {
    // A token nobody is given: the digest of a fresh secret that is dropped at once.
    let unusable = InterviewToken::generate().digest();
    let effects = Effects::none().event(DomainEvent::LinkRevoked { application_id: id }.logged());
    let replaced = services
        .store
        .replace_token(
            who.org(),
            id,
            &unusable,
            true,
            services.clock.now(),
            &effects,
        )
        .await?;
    if !replaced {
        return Err(interview_over());
    }
    Ok(services.store.get_application(who.org(), id).await?)
}

fn interview_over() -> ServiceError {
    ServiceError::conflict(
        "interview_over",
        "the interview is over (finished or declined); its link can no longer be changed",
    )
}

/// What merging a second invitation did.
#[derive(Debug, Clone)]
pub struct Merged {
    pub application: Application,
    /// The contacts added to the candidate: `email`, `phone` (none when it had them all).
    pub added: Vec<&'static str>,
}

/// Merges an invitation of someone the job already has into their application, on HR's
/// request: the contacts it lacked are added; no new link is made and nothing else
/// changes. 404 when the job has nobody with this email or phone; 409 when the new
/// contact belongs to yet another application of the job.
pub async fn merge(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    candidate: &NewCandidate,
) -> ServiceResult<Merged> {
    services.store.get_job(who.org(), job).await?;
    let Some(id) = services
        .store
        .find_application_by_contact(who.org(), job, candidate)
        .await?
    else {
        return Err(ServiceError::NotFound);
    };
    // The event names the contacts the invitation offered (ids and field names only);
    // which of them the candidate lacked is decided inside the store's transaction.
    let now = services.clock.now();
    let added = match services
        .store
        .merge_contacts(
            who.org(),
            id,
            candidate,
            now,
            &Effects::none().event(
                DomainEvent::InvitationMerged {
                    application_id: id,
                    offered: offered_fields(candidate),
                }
                .logged(),
            ),
        )
        .await
    {
        Ok(added) => added,
        Err(kaoguan_store::StoreError::Conflict(_)) => {
            return Err(ServiceError::conflict(
                "contact_in_use",
                "the other contact belongs to another candidate of this job",
            ))
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Merged {
        application: services.store.get_application(who.org(), id).await?,
        added,
    })
}

/// The job's application of the person with `candidate`'s email or phone, if any.
pub async fn existing_application(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    candidate: &NewCandidate,
) -> ServiceResult<Option<Application>> {
    match services
        .store
        .find_application_by_contact(who.org(), job, candidate)
        .await?
    {
        Some(id) => Ok(Some(services.store.get_application(who.org(), id).await?)),
        None => Ok(None),
    }
}

/// The contacts an invitation offers to a merge.
fn offered_fields(candidate: &NewCandidate) -> Vec<&'static str> {
    let mut v = Vec::new();
    if candidate.email.is_some() {
        v.push("email");
    }
    if candidate.phone.is_some() {
        v.push("phone");
    }
    v
}

/// The lines (1-based) of `candidates` that would invite someone twice to `job`: the same
/// email or phone as an earlier line, or as an application the job already has. Checked
/// before a batch is sent, so a duplicate does not half-send it.
pub async fn duplicates(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    candidates: &[NewCandidate],
) -> ServiceResult<Vec<(usize, DomainError)>> {
    let keys = |c: &NewCandidate| {
        (
            c.email.as_ref().map(|e| e.match_key()),
            c.phone.as_ref().map(|p| p.match_key()),
        )
    };
    let mut out = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        let (email, phone) = keys(c);
        let earlier = candidates[..i].iter().position(|o| {
            let (e, p) = keys(o);
            (email.is_some() && e == email) || (phone.is_some() && p == phone)
        });
        if let Some(j) = earlier {
            out.push((
                i + 1,
                DomainError::new("candidates", format!("same person as line {}", j + 1))
                    .zh(format!("与第 {} 行是同一个人（相同邮箱或手机号）。", j + 1))
                    .en(format!(
                        "The same person as line {} (same email or phone).",
                        j + 1
                    )),
            ));
        } else if services
            .store
            .find_application_by_contact(who.org(), job, c)
            .await?
            .is_some()
        {
            out.push((
                i + 1,
                DomainError::new("candidates", "already a candidate for this job")
                    .zh("这位候选人（相同邮箱或手机号）已在本岗位的候选人名单中。")
                    .en("This person (same email or phone) is already a candidate for this job."),
            ));
        }
    }
    Ok(out)
}

/// Parses pasted `name, email, phone` lines (email and phone optional; commas, Chinese
/// commas or tabs between fields). Every bad line is reported with its number, and
/// nothing is invited unless all lines parse, so a typo does not half-send a batch.
pub fn parse_bulk(text: &str) -> Result<Vec<NewCandidate>, Vec<(usize, DomainError)>> {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse_line(line) {
            Ok(c) => ok.push(c),
            Err(e) => errors.push((i + 1, e)),
        }
    }
    if ok.is_empty() && errors.is_empty() {
        errors.push((
            0,
            DomainError::new("candidates", "enter at least one line")
                .zh("请至少填写一行候选人信息。")
                .en("Enter at least one candidate, one per line."),
        ));
    }
    if ok.len() > MAX_BULK_INVITATIONS {
        errors.push((
            0,
            DomainError::new(
                "candidates",
                format!("at most {MAX_BULK_INVITATIONS} per batch"),
            )
            .zh(format!("每批最多邀请 {MAX_BULK_INVITATIONS} 位候选人。"))
            .en(format!(
                "At most {MAX_BULK_INVITATIONS} candidates can be invited in one batch."
            )),
        ));
    }
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(errors)
    }
}

fn parse_line(line: &str) -> Result<NewCandidate, DomainError> {
    let fields: Vec<&str> = line
        .split([',', '，', '\t', ';', '；'])
        .map(str::trim)
        .collect();
    if fields.len() > 3 {
        return Err(
            DomainError::new("line", "expected at most three fields: name, email, phone")
                .zh("每行最多三项：姓名、邮箱、手机。")
                .en("A line holds at most three fields: name, email, phone."),
        );
    }
    let name = fields[0].parse()?;
    let mut email = None;
    let mut phone = None;
    // Email and phone may come in either order or be left out; an @ tells them apart.
    for f in fields.iter().skip(1).filter(|f| !f.is_empty()) {
        if f.contains('@') {
            email = Some(f.parse()?);
        } else {
            phone = Some(f.parse()?);
        }
    }
    Ok(NewCandidate { name, email, phone })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_lines_parse_in_any_order() {
        let parsed = parse_bulk("王芳, wangfang@example.com, 13800138000\n\nLi Lei，13900139000\nAnna\tanna@example.org").unwrap();
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[0].name.as_str(), "王芳");
        assert_eq!(parsed[1].phone.as_ref().unwrap().as_str(), "13900139000");
        assert!(parsed[1].email.is_none());
        assert_eq!(
            parsed[2].email.as_ref().unwrap().as_str(),
            "anna@example.org"
        );
    }

    #[test]
    fn bulk_reports_every_bad_line() {
        let errs =
            parse_bulk("ok, a@example.com\nbad, not-an-email@\n, a@b.com\nx, 12").unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 3, 4]);
        assert!(parse_bulk("   \n").is_err());
    }

    #[test]
    fn urls_end_with_the_token() {
        let t = InterviewToken::generate();
        let url = interview_url("https://hr.example.com/", &t);
        assert_eq!(url.rsplit('/').next().unwrap(), t.expose());
    }
}
