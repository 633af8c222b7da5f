//! Random access into an encrypted object: plaintext from any offset, reading only the
//! chunks that hold it.
//!
//! Every chunk but the last holds exactly `chunk_size` plaintext bytes and is stored as
//! `chunk_size + 16` bytes (ciphertext and tag), right after the header. So plaintext
//! byte `N` lives in chunk `N / chunk_size`, `N % chunk_size` bytes in, and that chunk is
//! stored at `header_len + (N / chunk_size) * (chunk_size + 16)`. The one thing the
//! arithmetic needs from outside is how many chunks there are, i.e. which one is final;
//! that comes from the stored length, which a ranged read of the backend reports
//! alongside the bytes (a file's length, S3's `Content-Range` total).
//!
//! The stored length is not trusted for anything but finding bytes. Each chunk returned
//! is opened with its own counter and with the final flag set exactly when the length
//! says it is the last, so a cut or extended object fails as soon as a read touches the
//! chunk that is now (or no longer) last, just as a sequential read fails at its end.
//! Every ranged read opens at least one chunk, and a range that reaches the end of the
//! object (including an empty one starting exactly there) opens the final chunk.

use std::io::{self, Read};

use super::header::{Header, MAX_HEADER_LEN};
use super::keys::Keyring;
use super::stream::{invalid, read_up_to, ChunkOpener, Out};
use super::TAG_LEN;
use crate::{ObjectError, ObjectKey, ObjectRange, ObjectResult, ObjectStore};

/// Where the chunks of one stored object sit, from its header and stored length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    header_len: u64,
    chunk_size: u64,
    stored_len: u64,
    /// At least one: an empty object is one chunk holding nothing.
    chunks: u64,
    plain_len: u64,
}

impl Layout {
    /// Fails when no sequence of chunks has this stored length: nothing after the
    /// header, or a last chunk too short to hold its tag.
    pub fn new(header_len: u64, chunk_size: u64, stored_len: u64) -> ObjectResult<Self> {
        let truncated = |what: &str| ObjectError::Integrity(format!("object is truncated {what}"));
        let body = stored_len
            .checked_sub(header_len)
            .ok_or_else(|| truncated("in its header"))?;
        let sealed = chunk_size + TAG_LEN as u64;
        let (full, rest) = (body / sealed, body % sealed);
        let (chunks, plain_len) = match rest {
            0 if full == 0 => return Err(truncated("after its header")),
            0 => (full, full * chunk_size),
            r if r < TAG_LEN as u64 => return Err(truncated("in its last chunk")),
            r => (full + 1, full * chunk_size + r - TAG_LEN as u64),
        };
        // Chunk counters are 32 bits in the nonce.
        if chunks - 1 > u64::from(u32::MAX) {
            return Err(ObjectError::Integrity("too many chunks".into()));
        }
        Ok(Self {
            header_len,
            chunk_size,
            stored_len,
            chunks,
            plain_len,
        })
    }

    pub fn plain_len(&self) -> u64 {
        self.plain_len
    }

    fn last_index(&self) -> u64 {
        self.chunks - 1
    }

    fn sealed_start(&self, index: u64) -> u64 {
        self.header_len + index * (self.chunk_size + TAG_LEN as u64)
    }

    fn sealed_end(&self, index: u64) -> u64 {
        if index == self.last_index() {
            self.stored_len
        } else {
            self.sealed_start(index + 1)
        }
    }

    /// The chunks to read for plaintext `[offset, end)`, `offset <= end <= plain_len`.
    /// Starts at the last chunk when `offset` is the end, so that one is still opened.
    pub fn plan(&self, offset: u64, end: u64) -> Plan {
        debug_assert!(offset <= end && end <= self.plain_len);
        let first = (offset / self.chunk_size).min(self.last_index());
        let last = if end > offset {
            (end - 1) / self.chunk_size
        } else {
            first
        };
        Plan {
            first,
            last,
            skip: offset - first * self.chunk_size,
            sealed_offset: self.sealed_start(first),
            sealed_len: self.sealed_end(last) - self.sealed_start(first),
        }
    }
}

/// What to fetch from the backend for one range, and how much plaintext to drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    pub first: u64,
    pub last: u64,
    /// Plaintext bytes of chunk `first` before the range.
    pub skip: u64,
    pub sealed_offset: u64,
    pub sealed_len: u64,
}

/// Plaintext bytes `[offset, offset + len)` of the encrypted object stored under `key` in
/// `inner` (to the end when `len` is `None`, clipped at the end when longer). Two backend
/// reads: the header, then just the chunks holding the range. An offset past the end is
/// [`ObjectError::OutOfRange`], once the final chunk has proved where the end is; an
/// offset exactly at the end is an empty stream.
pub(crate) fn open_range(
    inner: &dyn ObjectStore,
    keys: &Keyring,
    key: &ObjectKey,
    offset: u64,
    len: Option<u64>,
) -> ObjectResult<ObjectRange> {
    let mut head = inner.get_range(key, 0, Some(MAX_HEADER_LEN))?;
    let header = Header::read(&mut head.reader)?;
    drop(head.reader);
    let opener = header.opener(keys)?;
    let layout = Layout::new(
        header.len() as u64,
        header.chunk_size as u64,
        head.object_len,
    )?;
    let size = layout.plain_len();
    let (start, end) = if offset > size {
        (size, size)
    } else {
        let end = len.map_or(size, |len| offset.saturating_add(len).min(size));
        (offset, end)
    };
    let plan = layout.plan(start, end);
    let sealed = inner.get_range(key, plan.sealed_offset, Some(plan.sealed_len))?;
    let reader = RangeReader::start(sealed.reader, opener, layout, plan, end - start)?;
    if offset > size {
        // The final chunk authenticated, so the end really is at `size`.
        return Err(ObjectError::OutOfRange { offset, size });
    }
    Ok(ObjectRange {
        reader: Box::new(reader),
        object_len: size,
    })
}

/// Decrypts consecutive chunks from `plan.first`, handing out `left` plaintext bytes
/// after skipping `plan.skip`. Holds one chunk in memory.
struct RangeReader {
    inner: crate::ObjectReader,
    opener: ChunkOpener,
    layout: Layout,
    next: u64,
    left: u64,
    out: Out,
}

impl RangeReader {
    /// Opens the first chunk before returning, so a bad header, key or first chunk is an
    /// error of the ranged read itself rather than of its first `read`.
    fn start(
        inner: crate::ObjectReader,
        opener: ChunkOpener,
        layout: Layout,
        plan: Plan,
        left: u64,
    ) -> ObjectResult<Self> {
        let mut reader = Self {
            inner,
            opener,
            layout,
            next: plan.first,
            left,
            out: Out::default(),
        };
        let plain = reader.next_chunk().map_err(crate::read_error)?;
        let skip = usize::try_from(plan.skip).unwrap_or(usize::MAX);
        let wanted = plain
            .get(skip..)
            .ok_or_else(|| ObjectError::Integrity("chunk is shorter than its layout".into()))?;
        reader.hand_out(wanted.to_vec());
        Ok(reader)
    }

    fn next_chunk(&mut self) -> io::Result<Vec<u8>> {
        let index = self.next;
        let want = self.layout.sealed_end(index) - self.layout.sealed_start(index);
        let want = usize::try_from(want).map_err(|_| invalid("chunk too large"))?;
        let sealed = read_up_to(&mut self.inner, want)?;
        if sealed.len() < want {
            return Err(invalid(format!(
                "object is truncated: chunk {index} is incomplete (cut, or replaced while being read)"
            )));
        }
        let counter = u32::try_from(index).map_err(|_| invalid("too many chunks"))?;
        let plain = self
            .opener
            .open(counter, index == self.layout.last_index(), &sealed)?;
        self.next += 1;
        Ok(plain)
    }

    fn hand_out(&mut self, mut plain: Vec<u8>) {
        plain.truncate(usize::try_from(self.left).unwrap_or(usize::MAX));
        self.left -= plain.len() as u64;
        self.out.set(plain);
    }
}

impl Read for RangeReader {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        while self.out.is_empty() {
            if self.left == 0 || dst.is_empty() {
                return Ok(0);
            }
            let plain = self.next_chunk()?;
            self.hand_out(plain);
        }
        Ok(self.out.drain_into(dst))
    }
}
