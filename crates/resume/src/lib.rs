//! Resumes in, facts out.
//!
//! [`extract`] turns a file (PDF, DOCX, TXT in any common encoding) into plain text,
//! refusing hostile input with a reason a person can act on; [`archive`] unpacks a ZIP of
//! resumes under limits against bombs; [`parse`] reads the fields HR screens on —
//! contacts, education, work history, skills — each with the span of the text it came
//! from, and finds what screening must not use (ID numbers, age, gender, marital status,
//! photos) so it can be hidden and never stored in plain text. [`table`] reads candidate
//! lists from CSV and Excel files for bulk import.
//!
//! Nothing here performs I/O beyond the bytes it is given, and nothing panics on bad
//! input: the PDF library does on some malformed files, so it runs behind `catch_unwind`.

pub mod archive;
mod docx;
mod error;
pub mod eval;
pub mod extract;
pub mod parse;
mod pdf;
pub mod table;
mod text;

pub use error::ExtractError;
pub use extract::{extract, Document, Format, MAX_FILE_BYTES};
pub use parse::{
    parse, redact, Field, Resume, Sensitive, SensitiveKind, Span, WorkEntry, YearMonth,
};
