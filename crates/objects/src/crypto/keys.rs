use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, Read, Write};
use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::RngCore;
use secrecy::SecretString;
use sha2::{Digest, Sha256};

/// A 32-byte AES-256 key. `Debug` shows only its id, never the bytes.
#[derive(Clone)]
pub struct MediaKey {
    bytes: [u8; 32],
    id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the media encryption key must be base64 of exactly 32 bytes")]
    Malformed,
    #[error("cannot read or create the key file {path}: {source}")]
    File { path: String, source: io::Error },
}

impl MediaKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        // The id names the key in object headers without revealing it: a truncated hash
        // under a fixed label, so it cannot be confused with any other use of the key.
        let digest = Sha256::new()
            .chain_update(b"kaoguan media key id\0")
            .chain_update(bytes)
            .finalize();
        Self {
            bytes,
            id: hex::encode(&digest[..8]),
        }
    }

    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self::from_bytes(bytes)
    }

    /// Parses base64 (standard alphabet, padding optional, surrounding space ignored).
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let text = text.trim().trim_end_matches('=');
        let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(text)
            .map_err(|_| KeyError::Malformed)?;
        let bytes: [u8; 32] = decoded.try_into().map_err(|_| KeyError::Malformed)?;
        Ok(Self::from_bytes(bytes))
    }

    /// The key as base64, for writing the key file; kept secret-typed so it is not logged.
    pub fn export_base64(&self) -> SecretString {
        SecretString::from(STANDARD.encode(self.bytes))
    }

    /// A short public name for the key, written into every object it encrypts.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.bytes
    }
}

impl fmt::Debug for MediaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MediaKey(id={})", self.id)
    }
}

/// The key new objects are encrypted with, plus earlier keys still needed to read
/// objects written before a rotation.
#[derive(Debug, Clone)]
pub struct Keyring {
    current: MediaKey,
    previous: Vec<MediaKey>,
}

impl Keyring {
    pub fn new(current: MediaKey, previous: Vec<MediaKey>) -> Self {
        Self { current, previous }
    }

    pub fn current(&self) -> &MediaKey {
        &self.current
    }

    pub fn find(&self, id: &str) -> Option<&MediaKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.id == id)
    }
}

/// Reads the key stored at `path`, or generates one there (readable by the owner only)
/// when the file does not exist. Returns the key and whether it was just created, so the
/// caller can tell the operator to back it up.
pub fn load_or_create_key_file(path: &Path) -> Result<(MediaKey, bool), KeyError> {
    let file_err = |source| KeyError::File {
        path: path.display().to_string(),
        source,
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            let key = MediaKey::generate();
            use secrecy::ExposeSecret;
            let text = format!("{}\n", key.export_base64().expose_secret());
            file.write_all(text.as_bytes()).map_err(file_err)?;
            file.sync_all().map_err(file_err)?;
            Ok((key, true))
        }
        // Another process created it first, or it was there all along: read it.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let mut text = String::new();
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_string(&mut text))
                .map_err(file_err)?;
            Ok((MediaKey::from_base64(&text)?, false))
        }
        Err(e) => Err(file_err(e)),
    }
}
