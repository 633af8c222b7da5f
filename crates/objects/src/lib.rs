//! Object storage for media (recorded answers), behind one small trait.
//!
//! [`LocalDirStore`] keeps objects as files under a directory (the single-node default);
//! an S3-compatible backend can implement the same trait later. [`EncryptedStore`] wraps
//! any backend and encrypts every object with AES-256-GCM in a chunked, streaming format
//! (see [`crypto`]), so the backend only ever sees ciphertext.
//!
//! The trait is blocking and works on `std::io::Read` streams, and callers run it on the
//! blocking pool (`spawn_blocking`). Encryption is CPU work that must stay off async
//! worker threads anyway; local files are blocking I/O; and `Read` composes (chaining the
//! chunks of an upload, hashing on the way through) without pinning or polling. An S3
//! backend fits the same shape: `put` reads the stream in multipart-sized parts and `get`
//! returns a reader over the response body, each driven from the blocking thread.

#![forbid(unsafe_code)]

pub mod crypto;
mod encrypted;
mod key;
mod local;

use std::fmt;
use std::io::Read;

pub use crypto::{Keyring, MediaKey};
pub use encrypted::EncryptedStore;
pub use key::ObjectKey;
pub use local::LocalDirStore;

#[derive(Debug, thiserror::Error)]
pub enum ObjectError {
    #[error("object not found")]
    NotFound,
    /// The stored bytes are not what was written: tampered, truncated, reordered, or
    /// encrypted under a different key.
    #[error("object failed its integrity check: {0}")]
    Integrity(String),
    /// The object names a key id that is not configured.
    #[error("object was encrypted with key {0}, which is not configured")]
    UnknownKey(String),
    #[error("storage I/O failed: {0}")]
    Io(#[from] std::io::Error),
}

pub type ObjectResult<T> = Result<T, ObjectError>;

/// A readable object, streamed.
pub type ObjectReader = Box<dyn Read + Send>;

/// Where media bytes live. Implementations must make `put` atomic: a reader of `key` sees
/// either the previous object or the complete new one, never a partial write.
pub trait ObjectStore: Send + Sync + 'static {
    /// Stores everything `data` yields under `key`, replacing any object there; returns
    /// the number of bytes read from `data`.
    fn put(&self, key: &ObjectKey, data: &mut dyn Read) -> ObjectResult<u64>;
    /// A stream of the object. Read errors of kind `InvalidData` mean the object failed an
    /// integrity check; see [`read_error`].
    fn get(&self, key: &ObjectKey) -> ObjectResult<ObjectReader>;
    /// Removes the object; removing a missing object is not an error.
    fn delete(&self, key: &ObjectKey) -> ObjectResult<()>;
    fn exists(&self, key: &ObjectKey) -> ObjectResult<bool>;
}

/// Turns an error from reading an [`ObjectReader`] back into an [`ObjectError`], so an
/// integrity failure deep in a stream is reported as one.
pub fn read_error(e: std::io::Error) -> ObjectError {
    if e.kind() == std::io::ErrorKind::InvalidData {
        ObjectError::Integrity(e.to_string())
    } else {
        ObjectError::Io(e)
    }
}

/// Reads a whole object into memory. For tests and small objects only: media is streamed.
pub fn read_all(store: &dyn ObjectStore, key: &ObjectKey) -> ObjectResult<Vec<u8>> {
    let mut out = Vec::new();
    store.get(key)?.read_to_end(&mut out).map_err(read_error)?;
    Ok(out)
}

impl fmt::Debug for dyn ObjectStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ObjectStore")
    }
}
