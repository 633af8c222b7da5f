//! API tests against the real server on a real port and a real database.

#[path = "../common/mod.rs"]
mod common;

mod auth;
mod console;
mod interview;
mod jobs;
mod report;
