//! The resume card of a candidate's page: the fields read (with HR's corrections), each
//! linked to where it was read in the stored text, the verdict, the sensitive details
//! named, and the correction form.

use kaoguan_service::intake;
use kaoguan_service::ServiceError;

use crate::extract::Console;
use crate::i18n::Lang;
use crate::state::AppState;

/// The resume card of a candidate's page: what was read, the screening verdict, the
/// sensitive facts found (named, never shown), and the text.
pub struct ResumeCard {
    pub file_name: String,
    /// (message key of the field's name, value, corrected by HR).
    pub fields: Vec<(&'static str, String, bool)>,
    /// The correctable fields as the form shows them (effective values).
    pub form: CorrectionForm,
    pub sensitive: String,
    pub passed: Option<bool>,
    pub reasons: Vec<String>,
    /// How the resume matches the job's description, once compared.
    pub resume_match: Option<kaoguan_service::resume_match::ResumeMatch>,
    pub text: String,
    /// The text cut where fields were read: (piece, the field's message key if read there,
    /// an anchor id for the first piece of each field).
    pub segments: Vec<Segment>,
    /// Fields whose place in the text can be shown: message key → anchor id.
    pub anchors: Vec<(&'static str, String)>,
}

impl ResumeCard {
    /// The anchor of the place a field was read, if it was read from the text.
    pub fn anchor(&self, key: &str) -> Option<&str> {
        self.anchors
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, a)| a.as_str())
    }
}

/// A piece of the resume text: the piece, the field's message key if a field was read
/// there, and an anchor id for the first piece of each field.
pub type Segment = (String, Option<&'static str>, String);

/// The stored text cut at the spans of the fields read (as read, before corrections), each
/// piece with the field it holds, so the page can mark where each value came from.
fn segments(
    text: &str,
    read: &kaoguan_resume::Resume,
) -> (Vec<Segment>, Vec<(&'static str, String)>) {
    use kaoguan_resume::Span;
    let mut spans: Vec<(Span, &'static str)> = Vec::new();
    let mut push = |span: Span, key: &'static str| {
        if span.end > span.start && text.get(span.start..span.end).is_some() {
            spans.push((span, key));
        }
    };
    if let Some(f) = &read.name {
        push(f.span, "cand.name");
    }
    if let Some(f) = &read.phone {
        push(f.span, "resume.phone");
    }
    if let Some(f) = &read.email {
        push(f.span, "resume.email");
    }
    if let Some(f) = &read.education_level {
        push(f.span, "resume.education");
    }
    if let Some(f) = &read.school {
        push(f.span, "resume.school");
    }
    if let Some(f) = &read.major {
        push(f.span, "resume.major");
    }
    if let Some(f) = &read.graduation_year {
        push(f.span, "resume.graduation");
    }
    for w in &read.work {
        if let Some(e) = &w.employer {
            push(e.span, "resume.employers");
        }
    }
    for skill in &read.skills {
        push(skill.span, "resume.skills");
    }
    spans.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
    let mut out = Vec::new();
    let mut anchors: Vec<(&'static str, String)> = Vec::new();
    let mut at = 0;
    for (span, key) in spans {
        if span.start < at {
            continue; // overlaps a piece already marked
        }
        if span.start > at {
            out.push((text[at..span.start].to_string(), None, String::new()));
        }
        let id = if anchors.iter().any(|(k, _)| *k == key) {
            String::new()
        } else {
            let id = format!("read-{}", key.rsplit('.').next().unwrap_or(key));
            anchors.push((key, id.clone()));
            id
        };
        out.push((text[span.start..span.end].to_string(), Some(key), id));
        at = span.end;
    }
    if at < text.len() {
        out.push((text[at..].to_string(), None, String::new()));
    }
    (out, anchors)
}

pub async fn card(
    state: &AppState,
    console: &Console,
    id: kaoguan_domain::ApplicationId,
) -> Result<Option<ResumeCard>, ServiceError> {
    let record = intake::resume(&state.services, &console.staff, id).await?;
    let Some(stored) = record.resume else {
        return Ok(None);
    };
    let lang = console.lang;
    let parsed = intake::effective(&stored);
    let as_read: kaoguan_resume::Resume =
        serde_json::from_value(stored.parsed.clone()).unwrap_or_default();
    let (segments, anchors) = segments(&stored.text, &as_read);
    let corrected: Vec<String> = stored
        .corrections
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let is = |k: &str| corrected.iter().any(|c| c == k);
    let text_of = |f: &Option<kaoguan_resume::Field<String>>| {
        f.as_ref().map(|x| x.value.clone()).unwrap_or_default()
    };
    let level = parsed
        .education_level
        .as_ref()
        .map(|l| {
            if lang == Lang::Zh {
                l.value.zh()
            } else {
                l.value.en()
            }
            .to_string()
        })
        .unwrap_or_default();
    let years = if lang == Lang::Zh {
        format!("{} 年", parsed.years_experience)
    } else {
        format!("{} years", parsed.years_experience)
    };
    let join = if lang == Lang::Zh { "、" } else { ", " };
    let form = CorrectionForm {
        education_level: parsed
            .education_level
            .as_ref()
            .map(|l| l.value.as_str().to_string())
            .unwrap_or_default(),
        school: text_of(&parsed.school),
        major: text_of(&parsed.major),
        graduation_year: parsed
            .graduation_year
            .as_ref()
            .map(|y| y.value.to_string())
            .unwrap_or_default(),
        years_experience: parsed.years_experience.to_string(),
        skills: parsed
            .skills
            .iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        levels: kaoguan_domain::EducationLevel::ALL
            .iter()
            .map(|l| (l.as_str(), if lang == Lang::Zh { l.zh() } else { l.en() }))
            .collect(),
    };
    let mut fields = vec![
        ("cand.name", text_of(&parsed.name), false),
        ("resume.phone", text_of(&parsed.phone), false),
        ("resume.email", text_of(&parsed.email), false),
        ("resume.education", level, is("education_level")),
        ("resume.school", text_of(&parsed.school), is("school")),
        ("resume.major", text_of(&parsed.major), is("major")),
        (
            "resume.graduation",
            form.graduation_year.clone(),
            is("graduation_year"),
        ),
        ("resume.years", years, is("years_experience")),
        ("resume.employers", parsed.employers().join(join), false),
        (
            "resume.skills",
            parsed
                .skills
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>()
                .join(join),
            is("skills"),
        ),
    ];
    fields.retain(|(_, v, _)| !v.is_empty());
    let mut kinds: Vec<&str> = parsed.sensitive.iter().map(|s| s.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    let sensitive = kinds
        .iter()
        .map(|k| lang.t(&format!("sensitive.{k}")).to_string())
        .collect::<Vec<_>>()
        .join(join);
    let (passed, reasons) = match record.screening {
        Some(s) if s.rule.is_some() => (
            Some(s.passed),
            s.reasons
                .into_iter()
                .map(|r| if lang == Lang::Zh { r.zh } else { r.en })
                .collect(),
        ),
        _ => (None, Vec::new()),
    };
    Ok(Some(ResumeCard {
        file_name: stored.file_name,
        fields,
        form,
        sensitive,
        passed,
        reasons,
        resume_match: record.resume_match,
        segments,
        anchors,
        text: stored.text,
    }))
}

/// The correctable fields, prefilled.
pub struct CorrectionForm {
    pub education_level: String,
    pub school: String,
    pub major: String,
    pub graduation_year: String,
    pub years_experience: String,
    pub skills: String,
    /// (key, name) of each level, for the select.
    pub levels: Vec<(&'static str, &'static str)>,
}
