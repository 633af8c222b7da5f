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
//!
//! Players seek, so stores also read from an offset ([`ObjectStore::get_range`]): a file
//! is seeked, S3 answers a Range GET, and [`EncryptedStore`] turns a plaintext offset into
//! the chunk that holds it (see `crypto/range.rs`), so a late seek costs the range, not
//! the bytes before it.

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
    /// A ranged read starting after the object's last byte (starting exactly at the end
    /// is an empty read, not this).
    #[error("offset {offset} is past the end of the object ({size} bytes)")]
    OutOfRange { offset: u64, size: u64 },
    #[error("storage I/O failed: {0}")]
    Io(#[from] std::io::Error),
}

pub type ObjectResult<T> = Result<T, ObjectError>;

/// A readable object, streamed.
pub type ObjectReader = Box<dyn Read + Send>;

/// Part of an object, from [`ObjectStore::get_range`].
pub struct ObjectRange {
    /// The requested bytes, streamed.
    pub reader: ObjectReader,
    /// The length of the whole object as this store presents it (for [`EncryptedStore`],
    /// the plaintext), so callers and wrapping stores need no separate size request.
    pub object_len: u64,
}

impl fmt::Debug for ObjectRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectRange")
            .field("object_len", &self.object_len)
            .finish_non_exhaustive()
    }
}

/// Where media bytes live. Implementations must make `put` atomic: a reader of `key` sees
/// either the previous object or the complete new one, never a partial write.
pub trait ObjectStore: Send + Sync + 'static {
    /// Stores everything `data` yields under `key`, replacing any object there; returns
    /// the number of bytes read from `data`.
    fn put(&self, key: &ObjectKey, data: &mut dyn Read) -> ObjectResult<u64>;
    /// A stream of the object. Read errors of kind `InvalidData` mean the object failed an
    /// integrity check; see [`read_error`].
    fn get(&self, key: &ObjectKey) -> ObjectResult<ObjectReader>;
    /// The object's bytes from `offset`: `len` of them, or fewer where the object ends
    /// first, or all the rest when `len` is `None`. An offset equal to the object's length
    /// gives an empty stream; a larger one is [`ObjectError::OutOfRange`].
    ///
    /// Must not read the bytes before `offset`: that is the point. The shape is S3's
    /// Range GET (`Range: bytes=offset-` or `bytes=offset-(offset+len-1)`), whose 206
    /// response also carries the total length in `Content-Range: bytes a-b/total`; a 416
    /// means the offset is at or past the end, told apart with a HEAD. There is no
    /// default that reads and drops the prefix, so a new backend cannot be slow by
    /// accident.
    fn get_range(
        &self,
        key: &ObjectKey,
        offset: u64,
        len: Option<u64>,
    ) -> ObjectResult<ObjectRange>;
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
