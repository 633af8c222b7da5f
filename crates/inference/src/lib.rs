//! Model runtimes behind traits, so the scoring engine and the services never depend on a
//! particular model or transport.
#![forbid(unsafe_code)]

pub mod llm;
