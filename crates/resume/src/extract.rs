//! From a file's bytes to the text a resume's fields are read from.
//!
//! The format is decided by the bytes, not the name: a `.pdf` that is really a Word file
//! is read as Word, and a `.docx` holding garbage is refused as damaged rather than shown
//! as nonsense.

use serde::Serialize;

use crate::{docx, pdf, text, ExtractError};

/// Largest resume file read, in bytes. Real resumes are far smaller; the limit keeps a
/// batch of hostile uploads from holding the workers' memory.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Most characters of text kept from one resume: twenty pages' worth and more.
pub const MAX_TEXT_CHARS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Text,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Text => "text",
        }
    }
}

/// A resume's text, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub format: Format,
    /// The text, lines separated by `\n`; spans of parsed fields index into it.
    pub text: String,
    /// Whether the file holds an image (in a resume, almost always the candidate's photo).
    pub has_image: bool,
}

/// Reads a resume file. `name` is only a hint for plain text (the bytes decide the rest).
pub fn extract(name: &str, bytes: &[u8]) -> Result<Document, ExtractError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ExtractError::TooLarge {
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty);
    }
    let (format, raw, has_image) = match sniff(bytes) {
        Sniffed::Pdf => {
            let (t, img) = pdf::text(bytes)?;
            (Format::Pdf, t, img)
        }
        Sniffed::Zip => {
            if !docx::is_docx(bytes) {
                // A container that does not open is a damaged file; one that opens is a
                // ZIP where a single resume was expected (archives go through
                // `archive::unpack`), or an Office file that is not a Word document.
                return Err(if !docx::opens(bytes) {
                    ExtractError::Corrupt
                } else if name.to_lowercase().ends_with(".zip") {
                    ExtractError::NestedArchive
                } else {
                    ExtractError::Unsupported
                });
            }
            let (t, img) = docx::text(bytes)?;
            (Format::Docx, t, img)
        }
        // Old binary Word (`.doc`) and password-protected Office files share this
        // container; neither can be read here, and both senders can save a DOCX or PDF.
        Sniffed::Ole => return Err(ExtractError::Unsupported),
        Sniffed::Image | Sniffed::OtherBinary => return Err(ExtractError::Unsupported),
        Sniffed::Text => (Format::Text, text::decode(bytes)?, false),
    };
    let text = tidy(&raw);
    if text.chars().filter(|c| !c.is_whitespace()).count() < 10 {
        return Err(match format {
            Format::Pdf if has_image => ExtractError::ImageOnly,
            _ => ExtractError::NoText,
        });
    }
    Ok(Document {
        format,
        text,
        has_image,
    })
}

enum Sniffed {
    Pdf,
    Zip,
    Ole,
    Image,
    OtherBinary,
    Text,
}

fn sniff(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(1024)];
    // PDF readers accept the header anywhere in the first kilobyte.
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Ole;
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"GIF8")
    {
        return Sniffed::Image;
    }
    if text::looks_like_text(bytes) {
        Sniffed::Text
    } else {
        Sniffed::OtherBinary
    }
}

/// Tidies extracted text without moving what a reader sees: full-width letters, digits and
/// `@ + - .` become ASCII (so `１３８` and `＠` match like their ASCII forms), control
/// characters go, line ends become `\n`, trailing spaces and runs of blank lines shrink,
/// and the text is cut at [`MAX_TEXT_CHARS`].
pub fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0;
    for line in raw.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let line: String = line
            .chars()
            .filter_map(|c| match c {
                '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                    char::from_u32(c as u32 - 0xFEE0)
                }
                '＠' => Some('@'),
                '＋' => Some('+'),
                '－' => Some('-'),
                '．' => Some('.'),
                '\u{00A0}' => Some(' '),
                '\t' => Some('\t'),
                c if c.is_control() || c == '\u{FEFF}' || c == '\u{200B}' => None,
                c => Some(c),
            })
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
        if out.len() > MAX_TEXT_CHARS * 4 {
            break;
        }
    }
    let trimmed = out.trim_matches('\n');
    match trimmed.char_indices().nth(MAX_TEXT_CHARS) {
        Some((cut, _)) => trimmed[..cut].to_string(),
        None => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_become_ascii_and_blank_runs_shrink() {
        let t = tidy(
            "姓名：张三\r\n\r\n\r\n\r\n手机：１３８ ００１３ ８０００  \n邮箱：ZS＠example．com",
        );
        assert_eq!(t, "姓名：张三\n\n手机：138 0013 8000\n邮箱：ZS@example.com");
    }

    #[test]
    fn refuses_what_is_not_a_resume() {
        assert_eq!(extract("a.txt", b"   \n"), Err(ExtractError::Empty));
        assert_eq!(
            extract("a.jpg", b"\xFF\xD8\xFF\xE0junk"),
            Err(ExtractError::Unsupported)
        );
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(matches!(
            extract("a.txt", &big),
            Err(ExtractError::TooLarge { .. })
        ));
        assert_eq!(extract("a.txt", b"hi"), Err(ExtractError::NoText));
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(
            extract("a.pdf.txt", &garbage),
            Err(ExtractError::Unsupported)
        );
    }
}
