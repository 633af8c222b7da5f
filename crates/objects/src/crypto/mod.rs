//! Encryption at rest: AES-256-GCM in a chunked streaming format.
//!
//! An encrypted object is a header followed by chunks:
//!
//! ```text
//! offset  size  field
//! 0       4     magic "KGM1" (format version 1)
//! 4       1     n = length of the key id (1..=64)
//! 5       n     key id, ASCII (which configured key encrypted the object)
//! 5+n     4     plaintext chunk size, big-endian (65,536)
//! 9+n     16    salt, random per object
//! 25+n    7     nonce prefix, random per object
//! 32+n    …     chunks: AES-256-GCM ciphertext of up to chunk-size bytes + 16-byte tag
//! ```
//!
//! Every chunk but the last holds exactly chunk-size plaintext bytes; the last holds the
//! rest (zero bytes only when the object is empty), so an object always has one chunk.
//!
//! - **Key per object.** The chunk key is HKDF-SHA256 of the configured 32-byte key with
//!   the object's salt, so nonces never repeat under one key however many objects exist.
//! - **Nonce per chunk** = prefix (7) ‖ chunk counter (4, big-endian) ‖ final flag (1:
//!   1 on the last chunk, 0 otherwise). Reordered chunks fail (wrong counter); a stream
//!   cut at a chunk boundary fails (its new last chunk was sealed as not final); chunks
//!   appended after the final one fail (it was sealed as final).
//! - **The header is authenticated** as associated data of every chunk, so changing the
//!   key id, chunk size, salt or prefix fails too.
//! - **Key rotation.** New objects are written under the keyring's current key; objects
//!   name their key id, and the keyring also holds previous keys to read older objects.
//! - **Random access.** Chunk sizes are fixed, so the chunk holding any plaintext offset
//!   is found by arithmetic and read on its own, checked exactly as a sequential read
//!   checks it (`range.rs`).

mod header;
mod keys;
pub(crate) mod range;
mod stream;

pub use keys::{load_or_create_key_file, KeyError, Keyring, MediaKey};
pub use stream::{DecryptingReader, EncryptingReader};

pub(crate) const MAGIC: &[u8; 4] = b"KGM1";
/// Plaintext bytes per chunk written; readers accept any size in [`MIN_CHUNK`, `MAX_CHUNK`].
pub const CHUNK_SIZE: usize = 64 * 1024;
pub(crate) const MIN_CHUNK: usize = 1024;
/// Bounds the memory a forged header can make a reader allocate.
pub(crate) const MAX_CHUNK: usize = 16 * 1024 * 1024;
pub(crate) const TAG_LEN: usize = 16;
pub(crate) const SALT_LEN: usize = 16;
pub(crate) const PREFIX_LEN: usize = 7;
pub(crate) const HKDF_INFO: &[u8] = b"kaoguan media v1 chunk key";

#[cfg(test)]
mod range_tests;
#[cfg(test)]
mod tests;
