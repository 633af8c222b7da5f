//! Comments on a candidate, with @mentions. Anyone who may see the candidate may comment;
//! a mention names a colleague who may see the candidate too (mentioning is not sharing:
//! HR assigns first), and queues a message to them in the same transaction as the comment.

use kaoguan_domain::{ApplicationId, DomainError, UserId};
use kaoguan_store::{Comment, Effects, Mention, NewMessage, User};

use crate::events::DomainEvent;
use crate::{ServiceError, ServiceResult, Services, Staff};

/// Longest comment, in characters.
pub const MAX_CHARS: usize = 2000;

/// The application's comments, oldest first (for whoever may see the application).
pub async fn list(
    services: &Services,
    who: &Staff,
    id: ApplicationId,
) -> ServiceResult<Vec<Comment>> {
    crate::applications::get_application(services, who, id).await?;
    Ok(services.store.list_comments(who.org(), id).await?)
}

/// The colleagues `text` mentions as `@name`, each once, in the order they appear. The
/// longest name wins where one name starts another (`@王伟` inside `@王伟华`).
pub fn mentioned<'a>(text: &str, people: &'a [User]) -> Vec<&'a User> {
    let mut by_length: Vec<&User> = people
        .iter()
        .filter(|u| !u.display_name.trim().is_empty())
        .collect();
    by_length.sort_by_key(|u| std::cmp::Reverse(u.display_name.chars().count()));
    let mut found: Vec<(usize, &User)> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for u in by_length {
        let needle = format!("@{}", u.display_name.trim());
        for (at, _) in text.match_indices(&needle) {
            let span = at..at + needle.len();
            if taken
                .iter()
                .any(|t| t.start < span.end && span.start < t.end)
            {
                continue;
            }
            taken.push(span);
            if !found.iter().any(|(_, f)| f.id == u.id) {
                found.push((at, u));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, u)| u).collect()
}

/// Adds a comment. 422 for an empty or over-long one, or one that mentions a colleague
/// who cannot see the candidate (nothing is written then).
pub async fn add(
    services: &Services,
    who: &Staff,
    id: ApplicationId,
    text: &str,
) -> ServiceResult<Comment> {
    let app = crate::applications::get_application(services, who, id).await?;
    let body = text.trim();
    let chars = body.chars().count();
    if chars == 0 || chars > MAX_CHARS {
        return Err(DomainError::new("body", "must be 1 to 2000 characters")
            .zh("评论须为 1 到 2000 个字。")
            .en("A comment must be 1 to 2,000 characters.")
            .into());
    }
    let job = services.store.get_job(who.org(), app.job_id).await?;
    let people: Vec<User> = services
        .store
        .list_users(who.org())
        .await?
        .into_iter()
        .filter(|u| u.disabled_at.is_none())
        .collect();
    let mut mentions: Vec<UserId> = Vec::new();
    for u in mentioned(body, &people) {
        let them = Staff { user: u.clone() };
        let sight = them.sight(services).await?;
        if !sight.application(job.org_id, job.id, &job.department, app.id) {
            return Err(DomainError::new(
                "body",
                format!("{} cannot see this candidate", u.display_name),
            )
            .zh(format!(
                "{}看不到这位候选人，请先让 HR 分配或共享给对方。",
                u.display_name
            ))
            .en(format!(
                "{} cannot see this candidate; ask HR to assign or share it first.",
                u.display_name
            ))
            .into());
        }
        if u.id != who.user.id {
            mentions.push(u.id);
        }
    }
    let comment = Comment {
        id: uuid::Uuid::new_v4().to_string(),
        application_id: app.id,
        author_id: who.user.id,
        author_name: who.user.display_name.clone(),
        body: body.to_string(),
        mentions: mentions.clone(),
        created_at: services.clock.now(),
    };
    // Ids only: the sender fills in names when it renders the message.
    let messages: Vec<NewMessage> = mentions
        .iter()
        .map(|u| NewMessage {
            recipient: format!("user:{u}"),
            template: "comment_mention".into(),
            payload: serde_json::json!({
                "application_id": app.id,
                "comment_id": comment.id,
                "author_id": who.user.id,
            }),
        })
        .collect();
    let mut effects = Effects::none().event(
        DomainEvent::CommentAdded {
            application_id: app.id,
            comment_id: comment.id.clone(),
            mentions: mentions.clone(),
        }
        .logged(),
    );
    for m in &messages {
        effects = effects.event(
            DomainEvent::MessageQueued {
                application_id: app.id,
                recipient: m.recipient.clone(),
                template: m.template.clone(),
            }
            .logged(),
        );
    }
    services
        .store
        .add_comment(who.org(), &comment, &messages, &effects)
        .await
        .map_err(ServiceError::from)?;
    Ok(comment)
}

/// The colleagues `who` may mention on this application: active members of staff, other
/// than `who`, who can see it.
pub async fn mentionable(
    services: &Services,
    who: &Staff,
    id: ApplicationId,
) -> ServiceResult<Vec<User>> {
    let app = crate::applications::get_application(services, who, id).await?;
    let job = services.store.get_job(who.org(), app.job_id).await?;
    let mut out = Vec::new();
    for u in services.store.list_users(who.org()).await? {
        if u.disabled_at.is_some() || u.id == who.user.id || u.display_name.trim().is_empty() {
            continue;
        }
        let them = Staff { user: u };
        if them
            .sight(services)
            .await?
            .application(job.org_id, job.id, &job.department, app.id)
        {
            out.push(them.user);
        }
    }
    Ok(out)
}

/// The newest comments that mention `who`, among candidates they can still see.
pub async fn mentioning_me(services: &Services, who: &Staff) -> ServiceResult<Vec<Mention>> {
    let sight = who.sight(services).await?;
    Ok(services
        .store
        .mentions_of(who.org(), who.user.id, 20)
        .await?
        .into_iter()
        .filter(|m| sight.application(who.org(), m.job_id, &m.department, m.comment.application_id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaoguan_domain::Role;

    fn user(name: &str) -> User {
        User {
            id: UserId::new(),
            org_id: kaoguan_domain::OrgId::new(),
            email: format!("{}@example.com", name.len()).parse().unwrap(),
            display_name: name.into(),
            role: Role::Interviewer,
            department: None,
            disabled_at: None,
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn mentions_are_found_once_in_order_and_the_longest_name_wins() {
        let people = vec![user("王伟"), user("王伟华"), user("Li Na"), user("")];
        let names = |text: &str| -> Vec<String> {
            mentioned(text, &people)
                .iter()
                .map(|u| u.display_name.clone())
                .collect()
        };
        assert_eq!(
            names("@王伟华 请看一下，@Li Na 也看看"),
            ["王伟华", "Li Na"]
        );
        assert_eq!(names("@王伟 和 @王伟华 @王伟"), ["王伟", "王伟华"]);
        assert_eq!(names("王伟 没有 at 符号"), Vec::<String>::new());
        assert_eq!(names("邮件 a@b.com"), Vec::<String>::new());
    }
}
