//! Why a file gave no text, in words for the person who uploaded it.

use thiserror::Error;

/// Why a file could not be read as a resume. Each has a sentence in Chinese and English
/// for the per-file result list; `code` is for API clients.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExtractError {
    #[error("the file is larger than {limit_mb} MB")]
    TooLarge { limit_mb: usize },
    #[error("the file is empty")]
    Empty,
    #[error("not a PDF, DOCX or text file")]
    Unsupported,
    #[error("the file is damaged and cannot be read")]
    Corrupt,
    #[error("the file is password-protected")]
    Encrypted,
    #[error("the PDF holds only images (a scan); no text can be read from it")]
    ImageOnly,
    #[error("the text is in an encoding that cannot be read")]
    BrokenEncoding,
    #[error("an archive inside an archive is not unpacked")]
    NestedArchive,
    #[error("the archive unpacks to more than its limits allow")]
    ArchiveTooLarge,
    #[error("no text was found in the file")]
    NoText,
    /// Compressed content that would expand far beyond any resume (a "bomb").
    #[error("the file expands to far more data than a resume holds")]
    ExpandsTooMuch,
}

impl ExtractError {
    pub fn code(&self) -> &'static str {
        match self {
            ExtractError::TooLarge { .. } => "too_large",
            ExtractError::Empty => "empty",
            ExtractError::Unsupported => "unsupported",
            ExtractError::Corrupt => "corrupt",
            ExtractError::Encrypted => "encrypted",
            ExtractError::ImageOnly => "image_only",
            ExtractError::BrokenEncoding => "broken_encoding",
            ExtractError::NestedArchive => "nested_archive",
            ExtractError::ArchiveTooLarge => "archive_too_large",
            ExtractError::NoText => "no_text",
            ExtractError::ExpandsTooMuch => "expands_too_much",
        }
    }

    pub fn zh(&self) -> String {
        match self {
            ExtractError::TooLarge { limit_mb } => {
                format!("文件超过 {limit_mb} MB，请压缩或拆分后再上传。")
            }
            ExtractError::Empty => "文件是空的。".into(),
            ExtractError::Unsupported => {
                "不支持这种文件，请上传 PDF、Word（DOCX）或文本文件。".into()
            }
            ExtractError::Corrupt => "文件已损坏，无法读取。".into(),
            ExtractError::Encrypted => "文件设有密码，请取消密码后再上传。".into(),
            ExtractError::ImageOnly => {
                "这份 PDF 只有图片（扫描件），读不出文字；请上传文字版简历。".into()
            }
            ExtractError::BrokenEncoding => "文本编码无法识别，请另存为 UTF-8 后再上传。".into(),
            ExtractError::NestedArchive => "压缩包里的压缩包不会解压，请直接放入简历文件。".into(),
            ExtractError::ArchiveTooLarge => "压缩包解压后过大或文件过多，请分批上传。".into(),
            ExtractError::NoText => "文件里没有可读的文字。".into(),
            ExtractError::ExpandsTooMuch => "文件解压后的数据远超一份简历，已拒收。".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            ExtractError::TooLarge { limit_mb } => {
                format!("The file is larger than {limit_mb} MB; compress or split it and upload again.")
            }
            ExtractError::Empty => "The file is empty.".into(),
            ExtractError::Unsupported => {
                "This kind of file is not supported; upload a PDF, a Word (DOCX) or a text file.".into()
            }
            ExtractError::Corrupt => "The file is damaged and cannot be read.".into(),
            ExtractError::Encrypted => {
                "The file is password-protected; remove the password and upload it again.".into()
            }
            ExtractError::ImageOnly => {
                "This PDF holds only images (a scan), so no text can be read; upload a text version.".into()
            }
            ExtractError::BrokenEncoding => {
                "The text's encoding cannot be recognised; save it as UTF-8 and upload it again.".into()
            }
            ExtractError::NestedArchive => {
                "Archives inside the archive are not unpacked; put the resumes in directly.".into()
            }
            ExtractError::ArchiveTooLarge => {
                "The archive unpacks to too much data or too many files; upload it in parts.".into()
            }
            ExtractError::NoText => "No readable text was found in the file.".into(),
            ExtractError::ExpandsTooMuch => {
                "The file expands to far more data than any resume holds, so it was refused.".into()
            }
        }
    }
}
