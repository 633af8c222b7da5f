//! PDF resumes: the text layer, through `pdf-extract` (which maps CJK fonts through their
//! ToUnicode tables), guarded against the ways a hostile or broken PDF hurts a server.
//!
//! - The library panics on some malformed files: it runs behind `catch_unwind`, on a
//!   thread of its own with a generous stack, and a panic is a damaged file.
//! - Streams are inflated once, bounded, before extraction, so a deflate bomb is refused
//!   instead of filling memory.
//! - Only the first [`MAX_PAGES`] pages are read.

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Document, Object};

use crate::ExtractError;

/// Pages read from one PDF; a resume has one to three.
pub const MAX_PAGES: u32 = 30;
/// Most bytes all of a PDF's compressed streams may inflate to.
const MAX_INFLATED_BYTES: u64 = 128 * 1024 * 1024;

/// The text of the first pages, and whether the file holds an image.
pub(crate) fn text(bytes: &[u8]) -> Result<(String, bool), ExtractError> {
    let owned = bytes.to_vec();
    let worker = std::thread::Builder::new()
        .name("pdf-text".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || catch_unwind(AssertUnwindSafe(|| read(&owned))))
        .map_err(|_| ExtractError::Corrupt)?;
    match worker.join() {
        Ok(Ok(result)) => result,
        // A panic inside the library: the file is one it cannot read.
        _ => Err(ExtractError::Corrupt),
    }
}

fn read(bytes: &[u8]) -> Result<(String, bool), ExtractError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) => ExtractError::Encrypted,
        _ => ExtractError::Corrupt,
    })?;
    if doc.is_encrypted() {
        // Many "protected" PDFs only restrict printing or copying and open with an empty
        // password; those we read. One that needs a password to open we cannot.
        doc.decrypt("").map_err(|_| ExtractError::Encrypted)?;
    }
    check_inflated_size(&doc)?;
    let has_image = doc.objects.values().any(is_image);
    let pages: Vec<u32> = doc
        .get_pages()
        .keys()
        .copied()
        .take(MAX_PAGES as usize)
        .collect();
    if pages.is_empty() {
        return Err(ExtractError::Corrupt);
    }
    let mut text = String::new();
    for page in pages {
        let mut out = pdf_extract::PlainTextOutput::new(&mut text);
        // A page the library cannot read is skipped; the others may hold the resume.
        let _ = pdf_extract::output_doc_page(&doc, &mut out, page);
        text.push('\n');
    }
    Ok((text, has_image))
}

fn is_image(object: &Object) -> bool {
    match object {
        Object::Stream(s) => s
            .dict
            .get(b"Subtype")
            .and_then(|v| v.as_name())
            .is_ok_and(|n| n == b"Image"),
        _ => false,
    }
}

/// Refuses a PDF whose deflated streams would inflate past [`MAX_INFLATED_BYTES`].
fn check_inflated_size(doc: &Document) -> Result<(), ExtractError> {
    let mut total: u64 = 0;
    for object in doc.objects.values() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let flate = match stream.dict.get(b"Filter") {
            Ok(Object::Name(n)) => n == b"FlateDecode",
            Ok(Object::Array(a)) => a
                .iter()
                .any(|f| f.as_name().is_ok_and(|n| n == b"FlateDecode")),
            _ => false,
        };
        if !flate {
            total += stream.content.len() as u64;
            continue;
        }
        let budget = MAX_INFLATED_BYTES.saturating_sub(total) + 1;
        let mut sink = std::io::sink();
        let inflated = std::io::copy(
            &mut flate2::read::ZlibDecoder::new(&stream.content[..]).take(budget),
            &mut sink,
        )
        .unwrap_or(0);
        total += inflated;
        if total > MAX_INFLATED_BYTES {
            return Err(ExtractError::ExpandsTooMuch);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pdfs_are_damaged_files_not_crashes() {
        assert_eq!(
            text(b"%PDF-1.4\n garbage").unwrap_err(),
            ExtractError::Corrupt
        );
        let mut truncated =
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".to_vec();
        truncated
            .extend_from_slice(b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\nxref");
        assert!(text(&truncated).is_err());
    }
}
