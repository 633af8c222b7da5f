//! HR's uploads: a resume, or a ZIP of resumes, each file its own intake.

use kaoguan_domain::JobId;
use kaoguan_resume::ExtractError;

use super::{apply, clean_file_name, unreadable, Intake, IntakeInput, ResumeFile};
use crate::{Recruiter, ServiceError, Services};

/// How one uploaded file (or one file of an uploaded ZIP) went.
pub struct FileOutcome {
    /// The file's name, with its folder inside a ZIP.
    pub file_name: String,
    pub result: Result<Intake, ServiceError>,
}

/// Most bytes one console upload may carry (a ZIP of resumes, or several files).
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// Takes one uploaded file from HR: a resume, or a ZIP of resumes (each file its own
/// intake; a bad file gets its own error and the others go on). Nothing of a failed file
/// is written.
pub async fn apply_upload(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    file: ResumeFile,
) -> Vec<FileOutcome> {
    if !kaoguan_resume::archive::is_zip(&file.bytes) {
        let file_name = clean_file_name(&file.file_name);
        let result = apply(
            services,
            who,
            job,
            IntakeInput {
                resume: Some(file),
                source: "upload",
                ..IntakeInput::default()
            },
        )
        .await;
        return vec![FileOutcome { file_name, result }];
    }
    let archive_name = clean_file_name(&file.file_name);
    let bytes = file.bytes;
    let unpacked =
        tokio::task::spawn_blocking(move || kaoguan_resume::archive::unpack(&bytes)).await;
    let entries = match unpacked {
        Ok(Ok(entries)) => entries,
        Ok(Err(e)) => {
            return vec![FileOutcome {
                result: Err(unreadable(&archive_name, &e).into()),
                file_name: archive_name,
            }]
        }
        Err(e) => {
            return vec![FileOutcome {
                file_name: archive_name,
                result: Err(anyhow::anyhow!("archive reader stopped: {e}").into()),
            }]
        }
    };
    if entries.is_empty() {
        return vec![FileOutcome {
            result: Err(unreadable(&archive_name, &ExtractError::Empty).into()),
            file_name: archive_name,
        }];
    }
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let file_name = entry
            .name
            .chars()
            .filter(|c| !c.is_control())
            .take(300)
            .collect::<String>();
        let result = match entry.bytes {
            Ok(bytes) => {
                apply(
                    services,
                    who,
                    job,
                    IntakeInput {
                        resume: Some(ResumeFile {
                            file_name: file_name.clone(),
                            bytes,
                        }),
                        source: "upload",
                        ..IntakeInput::default()
                    },
                )
                .await
            }
            Err(e) => Err(unreadable(&file_name, &e).into()),
        };
        out.push(FileOutcome { file_name, result });
    }
    out
}
