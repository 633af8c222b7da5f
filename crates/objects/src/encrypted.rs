use std::io::Read;

use crate::crypto::{DecryptingReader, EncryptingReader, Keyring};
use crate::{ObjectKey, ObjectRange, ObjectReader, ObjectResult, ObjectStore};

/// Encrypts every object written to the wrapped store and decrypts on the way out, in
/// the chunked AES-256-GCM format of [`crate::crypto`]. The wrapped store sees only
/// ciphertext; `put` reports the plaintext length.
#[derive(Debug)]
pub struct EncryptedStore<S> {
    inner: S,
    keys: Keyring,
}

impl<S: ObjectStore> EncryptedStore<S> {
    pub fn new(inner: S, keys: Keyring) -> Self {
        Self { inner, keys }
    }

    pub fn inner(&self) -> &S {
        &self.inner
    }

    pub fn current_key_id(&self) -> &str {
        self.keys.current().id()
    }
}

/// Counts the bytes passing through, so `put` can report the plaintext size.
struct Counting<'a> {
    inner: &'a mut dyn Read,
    n: u64,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n += n as u64;
        Ok(n)
    }
}

impl<S: ObjectStore> ObjectStore for EncryptedStore<S> {
    fn put(&self, key: &ObjectKey, data: &mut dyn Read) -> ObjectResult<u64> {
        let mut counting = Counting { inner: data, n: 0 };
        let mut sealed = EncryptingReader::new(&mut counting, self.keys.current());
        self.inner.put(key, &mut sealed)?;
        drop(sealed);
        Ok(counting.n)
    }

    fn get(&self, key: &ObjectKey) -> ObjectResult<ObjectReader> {
        let raw = self.inner.get(key)?;
        Ok(Box::new(DecryptingReader::new(raw, &self.keys)?))
    }

    /// Plaintext offsets and lengths; reads the header, then only the chunks holding the
    /// range (see `crypto/range.rs`). `object_len` is the plaintext length.
    fn get_range(
        &self,
        key: &ObjectKey,
        offset: u64,
        len: Option<u64>,
    ) -> ObjectResult<ObjectRange> {
        crate::crypto::range::open_range(&self.inner, &self.keys, key, offset, len)
    }

    fn delete(&self, key: &ObjectKey) -> ObjectResult<()> {
        self.inner.delete(key)
    }

    fn exists(&self, key: &ObjectKey) -> ObjectResult<bool> {
        self.inner.exists(key)
    }
}
