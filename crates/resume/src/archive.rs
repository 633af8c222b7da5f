//! A ZIP of resumes, unpacked under limits: how many files, how large each, how much in
//! all. A bad entry gets its own error and the others go on; archives inside the archive
//! are not opened (a classic way to hide a bomb).

use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::extract::MAX_FILE_BYTES;
use crate::ExtractError;

/// Most files read from one archive.
pub const MAX_ENTRIES: usize = 500;
/// Most bytes one archive may unpack to in all.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// One file of the archive: its name (folders included) and its bytes, or why not.
#[derive(Debug)]
pub struct Entry {
    pub name: String,
    pub bytes: Result<Vec<u8>, ExtractError>,
}

/// Whether the bytes are a ZIP archive (and not a Word document, which is one too).
pub fn is_zip(bytes: &[u8]) -> bool {
    (bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06"))
        && !crate::docx::is_docx(bytes)
}

/// The archive's files, in order. Folders, macOS resource forks and hidden files are left
/// out; an archive that cannot be opened at all is an error of its own.
pub fn unpack(bytes: &[u8]) -> Result<Vec<Entry>, ExtractError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| ExtractError::Corrupt)?;
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut file = match zip.by_index(i) {
            Ok(f) => f,
            Err(zip::result::ZipError::UnsupportedArchive(_)) => {
                out.push(Entry {
                    name: format!("#{}", i + 1),
                    bytes: Err(ExtractError::Encrypted),
                });
                continue;
            }
            Err(_) => {
                out.push(Entry {
                    name: format!("#{}", i + 1),
                    bytes: Err(ExtractError::Corrupt),
                });
                continue;
            }
        };
        let name = entry_name(file.name_raw());
        let base = name.rsplit('/').next().unwrap_or(&name);
        if file.is_dir()
            || name.starts_with("__MACOSX/")
            || base.starts_with('.')
            || base.is_empty()
        {
            continue;
        }
        if out.len() >= MAX_ENTRIES {
            return Err(ExtractError::ArchiveTooLarge);
        }
        if file.encrypted() {
            out.push(Entry {
                name,
                bytes: Err(ExtractError::Encrypted),
            });
            continue;
        }
        if total >= MAX_TOTAL_BYTES {
            out.push(Entry {
                name,
                bytes: Err(ExtractError::ArchiveTooLarge),
            });
            continue;
        }
        let limit = (MAX_FILE_BYTES as u64).min(MAX_TOTAL_BYTES - total);
        let mut data = Vec::new();
        let read = (&mut file).take(limit + 1).read_to_end(&mut data);
        total += data.len() as u64;
        let bytes = match read {
            Err(_) => Err(ExtractError::Corrupt),
            Ok(_) if data.len() as u64 > limit => Err(if limit < MAX_FILE_BYTES as u64 {
                ExtractError::ArchiveTooLarge
            } else {
                ExtractError::TooLarge {
                    limit_mb: MAX_FILE_BYTES / (1024 * 1024),
                }
            }),
            Ok(_) if is_zip(&data) || is_other_archive(&data) => Err(ExtractError::NestedArchive),
            Ok(_) => Ok(data),
        };
        out.push(Entry { name, bytes });
    }
    Ok(out)
}

/// ZIP names are UTF-8 when the archiver says so; Chinese Windows archivers write GBK
/// without saying, so bytes that are not UTF-8 are read as GB18030.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
    }
}

/// RAR, 7z, gzip and tar (by their signatures): not unpacked inside an archive.
fn is_other_archive(bytes: &[u8]) -> bool {
    bytes.starts_with(b"Rar!")
        || bytes.starts_with(&[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C])
        || bytes.starts_with(&[0x1F, 0x8B])
        || bytes.get(257..262) == Some(b"ustar")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn files_come_out_and_nested_archives_do_not() {
        let inner = zip_of(&[("a.txt", b"hello")]);
        let outer = zip_of(&[
            ("resumes/张三.txt", "张三 13800138000".as_bytes()),
            ("__MACOSX/._x", b"junk"),
            ("inner.zip", &inner),
        ]);
        assert!(is_zip(&outer));
        let entries = unpack(&outer).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].name, "resumes/张三.txt");
        assert!(entries[0].bytes.is_ok());
        assert_eq!(
            entries[1].bytes.as_ref().unwrap_err(),
            &ExtractError::NestedArchive
        );
    }

    #[test]
    fn a_bomb_stops_at_the_limit() {
        let zeros = vec![0u8; MAX_FILE_BYTES + 10];
        let bomb = zip_of(&[("big.txt", &zeros), ("ok.txt", b"fine text here")]);
        assert!(bomb.len() < 1024 * 1024, "deflate shrinks zeros");
        let entries = unpack(&bomb).unwrap();
        assert!(matches!(
            entries[0].bytes,
            Err(ExtractError::TooLarge { .. })
        ));
        assert!(entries[1].bytes.is_ok());
        assert_eq!(
            unpack(b"PK\x03\x04 not really").unwrap_err(),
            ExtractError::Corrupt
        );
    }
}
