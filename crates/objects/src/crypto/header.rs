//! Reading an encrypted object's header (layout in the module above), shared by the
//! sequential reader and the ranged one, which fetches the header on its own before
//! jumping to a chunk.

use std::io::{self, Read};

use super::keys::Keyring;
use super::stream::ChunkOpener;
use super::{MAGIC, MAX_CHUNK, MIN_CHUNK, PREFIX_LEN, SALT_LEN};
use crate::{ObjectError, ObjectResult};

/// The longest header a valid object can have (a 64-byte key id), so a ranged reader can
/// ask the backend for just this many bytes instead of a buffer's worth of chunk data.
pub(crate) const MAX_HEADER_LEN: u64 = (5 + 64 + 4 + SALT_LEN + PREFIX_LEN) as u64;

/// A parsed header, not yet authenticated: that happens with the first chunk, which
/// carries the header bytes as associated data.
pub(crate) struct Header {
    /// The header exactly as stored, for the chunks' associated data.
    pub bytes: Vec<u8>,
    pub key_id: String,
    /// Plaintext bytes per chunk, within [`MIN_CHUNK`, `MAX_CHUNK`].
    pub chunk_size: usize,
    salt: [u8; SALT_LEN],
    prefix: [u8; PREFIX_LEN],
}

impl Header {
    /// Reads exactly the header's bytes from `inner`, leaving it at the first chunk.
    pub fn read(inner: &mut dyn Read) -> ObjectResult<Self> {
        let mut start = [0u8; 5];
        read_exact_or_integrity(inner, &mut start)?;
        if &start[..4] != MAGIC {
            return Err(ObjectError::Integrity(
                "not an encrypted Kaoguan object (bad magic)".into(),
            ));
        }
        let id_len = usize::from(start[4]);
        if !(1..=64).contains(&id_len) {
            return Err(ObjectError::Integrity("bad key id length".into()));
        }
        let mut rest = vec![0u8; id_len + 4 + SALT_LEN + PREFIX_LEN];
        read_exact_or_integrity(inner, &mut rest)?;
        let key_id = std::str::from_utf8(&rest[..id_len])
            .map_err(|_| ObjectError::Integrity("key id is not text".into()))?
            .to_string();
        let (size, rest_after_id) = rest[id_len..].split_at(4);
        let chunk_size = u32::from_be_bytes(size.try_into().expect("slice of four bytes")) as usize;
        if !(MIN_CHUNK..=MAX_CHUNK).contains(&chunk_size) {
            return Err(ObjectError::Integrity(format!(
                "chunk size {chunk_size} is out of range"
            )));
        }
        let (salt, prefix) = rest_after_id.split_at(SALT_LEN);
        let salt = salt.try_into().expect("slice of the salt length");
        let prefix = prefix.try_into().expect("slice of the prefix length");
        let mut bytes = start.to_vec();
        bytes.extend_from_slice(&rest);
        Ok(Self {
            bytes,
            key_id,
            chunk_size,
            salt,
            prefix,
        })
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// The chunk opener for this object, under the key the header names; objects written
    /// before a key rotation find their key among the keyring's previous ones.
    pub fn opener(&self, keys: &Keyring) -> ObjectResult<ChunkOpener> {
        let key = keys
            .find(&self.key_id)
            .ok_or_else(|| ObjectError::UnknownKey(self.key_id.clone()))?;
        Ok(ChunkOpener::new(
            key,
            &self.salt,
            self.prefix,
            self.bytes.clone(),
        ))
    }
}

fn read_exact_or_integrity(inner: &mut dyn Read, buf: &mut [u8]) -> ObjectResult<()> {
    inner.read_exact(buf).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            ObjectError::Integrity("object is truncated in its header".into())
        } else {
            ObjectError::Io(e)
        }
    })
}
