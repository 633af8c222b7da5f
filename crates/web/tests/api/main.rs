//! API tests against the real server on a real port and a real database.

#[path = "../common/mod.rs"]
mod common;

mod assignments;
mod auth;
mod bands;
mod board;
mod calibration;
mod candidates;
mod comments;
mod console;
mod console_errors;
mod decisions;
mod imports;
mod intake;
mod intake_console;
mod integrity;
mod interview;
mod invitations;
mod jobs;
mod llm;
mod llm_scoring;
mod media;
mod media_report;
mod media_requests;
mod org_settings;
mod playback;
mod report;
mod reviews;
mod rules;
mod scorecards;
mod uploads;
mod users;
