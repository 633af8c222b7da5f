//! The streaming halves of the format described in the module above: an encrypting
//! reader (plaintext in, object bytes out) and a decrypting reader (the reverse). Each
//! holds at most two chunks in memory, whatever the object's size. The ranged reader in
//! `range.rs` reuses [`ChunkOpener`] to start at any chunk.

use std::io::{self, Read};

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;

use super::header::Header;
use super::keys::{Keyring, MediaKey};
use super::{CHUNK_SIZE, HKDF_INFO, MAGIC, PREFIX_LEN, SALT_LEN, TAG_LEN};
use crate::ObjectResult;

fn chunk_cipher(key: &MediaKey, salt: &[u8]) -> Aes256Gcm {
    let mut okm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(salt), key.bytes())
        .expand(HKDF_INFO, &mut okm)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    Aes256Gcm::new(&okm.into())
}

fn nonce(prefix: &[u8; PREFIX_LEN], counter: u32, last: bool) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[..PREFIX_LEN].copy_from_slice(prefix);
    n[PREFIX_LEN..PREFIX_LEN + 4].copy_from_slice(&counter.to_be_bytes());
    n[11] = u8::from(last);
    n
}

/// The next chunk of up to `size` bytes and whether it is the last. A full chunk is the
/// last only if nothing follows it, so one chunk is read ahead into `lookahead`.
fn next_chunk<R: Read>(
    inner: &mut R,
    lookahead: &mut Option<Vec<u8>>,
    size: usize,
) -> io::Result<(Vec<u8>, bool)> {
    let current = match lookahead.take() {
        Some(c) => c,
        None => read_up_to(inner, size)?,
    };
    if current.len() < size {
        return Ok((current, true));
    }
    let next = read_up_to(inner, size)?;
    let last = next.is_empty();
    *lookahead = (!last).then_some(next);
    Ok((current, last))
}

/// Reads until `buf` holds `want` bytes or the stream ends.
pub(super) fn read_up_to(inner: &mut dyn Read, want: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(want);
    inner.take(want as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

pub(super) fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Serves bytes out of a buffer and refills it chunk by chunk.
#[derive(Default)]
pub(super) struct Out {
    buf: Vec<u8>,
    pos: usize,
}

impl Out {
    pub(super) fn drain_into(&mut self, dst: &mut [u8]) -> usize {
        let n = dst.len().min(self.buf.len() - self.pos);
        dst[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        n
    }
    pub(super) fn is_empty(&self) -> bool {
        self.pos == self.buf.len()
    }
    pub(super) fn set(&mut self, buf: Vec<u8>) {
        self.buf = buf;
        self.pos = 0;
    }
}

/// Plaintext in, encrypted object out.
pub struct EncryptingReader<R> {
    inner: R,
    cipher: Aes256Gcm,
    header: Vec<u8>,
    prefix: [u8; PREFIX_LEN],
    counter: u32,
    lookahead: Option<Vec<u8>>,
    out: Out,
    started: bool,
    done: bool,
}

impl<R: Read> EncryptingReader<R> {
    pub fn new(inner: R, key: &MediaKey) -> Self {
        let mut salt = [0u8; SALT_LEN];
        let mut prefix = [0u8; PREFIX_LEN];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        rand::rngs::OsRng.fill_bytes(&mut prefix);
        let id = key.id().as_bytes();
        let mut header = Vec::with_capacity(32 + id.len());
        header.extend_from_slice(MAGIC);
        header.push(u8::try_from(id.len()).expect("key ids are 16 hex characters"));
        header.extend_from_slice(id);
        header.extend_from_slice(&(CHUNK_SIZE as u32).to_be_bytes());
        header.extend_from_slice(&salt);
        header.extend_from_slice(&prefix);
        Self {
            inner,
            cipher: chunk_cipher(key, &salt),
            header,
            prefix,
            counter: 0,
            lookahead: None,
            out: Out::default(),
            started: false,
            done: false,
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.set(self.header.clone());
            return Ok(());
        }
        let (current, last) = next_chunk(&mut self.inner, &mut self.lookahead, CHUNK_SIZE)?;
        let n = nonce(&self.prefix, self.counter, last);
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&n),
                Payload {
                    msg: &current,
                    aad: &self.header,
                },
            )
            .map_err(|_| io::Error::other("encryption failed"))?;
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| io::Error::other("object too large to encrypt"))?;
        self.done = last;
        self.out.set(sealed);
        Ok(())
    }
}

impl<R: Read> Read for EncryptingReader<R> {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        while self.out.is_empty() {
            if self.done || dst.is_empty() {
                return Ok(0);
            }
            self.fill()?;
        }
        Ok(self.out.drain_into(dst))
    }
}

/// Decrypts and authenticates single chunks of one object: its key, nonce prefix and
/// header (the associated data). Shared by the sequential and the ranged reader, so both
/// check exactly the same things.
pub(crate) struct ChunkOpener {
    cipher: Aes256Gcm,
    prefix: [u8; PREFIX_LEN],
    header: Vec<u8>,
}

impl ChunkOpener {
    pub(super) fn new(
        key: &MediaKey,
        salt: &[u8],
        prefix: [u8; PREFIX_LEN],
        header: Vec<u8>,
    ) -> Self {
        Self {
            cipher: chunk_cipher(key, salt),
            prefix,
            header,
        }
    }

    /// The plaintext of chunk number `counter`, sealed as final or not as `last` says;
    /// `InvalidData` unless it authenticates as exactly that.
    pub(super) fn open(&self, counter: u32, last: bool, sealed: &[u8]) -> io::Result<Vec<u8>> {
        if sealed.len() < TAG_LEN {
            return Err(invalid(format!(
                "object is truncated: chunk {counter} is missing or incomplete"
            )));
        }
        let n = nonce(&self.prefix, counter, last);
        self.cipher
            .decrypt(
                Nonce::from_slice(&n),
                Payload {
                    msg: sealed,
                    aad: &self.header,
                },
            )
            .map_err(|_| {
                invalid(format!(
                    "chunk {counter} failed authentication (tampered, truncated, reordered or wrong key)"
                ))
            })
    }
}

/// Encrypted object in, plaintext out. Fails with `InvalidData` as soon as a chunk does
/// not authenticate, or when the stream ends without its final chunk.
pub struct DecryptingReader<R> {
    inner: R,
    opener: ChunkOpener,
    chunk_size: usize,
    counter: u32,
    lookahead: Option<Vec<u8>>,
    out: Out,
    done: bool,
}

impl<R: Read> DecryptingReader<R> {
    /// Reads and checks the header, and picks the key it names from `keys`.
    pub fn new(mut inner: R, keys: &Keyring) -> ObjectResult<Self> {
        let header = Header::read(&mut inner)?;
        Ok(Self {
            opener: header.opener(keys)?,
            chunk_size: header.chunk_size,
            inner,
            counter: 0,
            lookahead: None,
            out: Out::default(),
            done: false,
        })
    }

    fn fill(&mut self) -> io::Result<()> {
        let sealed_size = self.chunk_size + TAG_LEN;
        let (current, last) = next_chunk(&mut self.inner, &mut self.lookahead, sealed_size)?;
        let plain = self.opener.open(self.counter, last, &current)?;
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| invalid("too many chunks"))?;
        self.done = last;
        self.out.set(plain);
        Ok(())
    }
}

impl<R: Read> Read for DecryptingReader<R> {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        while self.out.is_empty() {
            if self.done || dst.is_empty() {
                return Ok(0);
            }
            self.fill()?;
        }
        Ok(self.out.drain_into(dst))
    }
}
