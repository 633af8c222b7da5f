//! Ranged reads of encrypted objects: the same bytes as a sequential read, the same
//! integrity checks for the bytes returned, and no reading of what comes before.

use std::io::Read;
use std::sync::{Arc, Mutex};

use super::range::Layout;
use super::*;
use crate::{
    read_all, read_error, EncryptedStore, LocalDirStore, ObjectError, ObjectKey, ObjectRange,
    ObjectReader, ObjectResult, ObjectStore,
};

const C: usize = CHUNK_SIZE;
const SEALED: usize = C + TAG_LEN;
const SIZES: [usize; 6] = [0, 1, C - 1, C, C + 1, 3 * C + 123];

/// What a backend was asked for and how many bytes were read out of it.
#[derive(Debug, Default)]
struct Log {
    ranges: Vec<(u64, Option<u64>)>,
    whole_gets: usize,
    bytes_read: u64,
}

/// Wraps a backend and logs every read, to show which ciphertext a ranged read touches.
struct Counting<S> {
    inner: S,
    log: Arc<Mutex<Log>>,
}

struct CountingReader {
    inner: ObjectReader,
    log: Arc<Mutex<Log>>,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.log.lock().unwrap().bytes_read += n as u64;
        Ok(n)
    }
}

impl<S: ObjectStore> Counting<S> {
    fn wrap(&self, inner: ObjectReader) -> ObjectReader {
        Box::new(CountingReader {
            inner,
            log: self.log.clone(),
        })
    }
}

impl<S: ObjectStore> ObjectStore for Counting<S> {
    fn put(&self, key: &ObjectKey, data: &mut dyn Read) -> ObjectResult<u64> {
        self.inner.put(key, data)
    }
    fn get(&self, key: &ObjectKey) -> ObjectResult<ObjectReader> {
        self.log.lock().unwrap().whole_gets += 1;
        Ok(self.wrap(self.inner.get(key)?))
    }
    fn get_range(
        &self,
        key: &ObjectKey,
        offset: u64,
        len: Option<u64>,
    ) -> ObjectResult<ObjectRange> {
        self.log.lock().unwrap().ranges.push((offset, len));
        let range = self.inner.get_range(key, offset, len)?;
        Ok(ObjectRange {
            reader: self.wrap(range.reader),
            object_len: range.object_len,
        })
    }
    fn delete(&self, key: &ObjectKey) -> ObjectResult<()> {
        self.inner.delete(key)
    }
    fn exists(&self, key: &ObjectKey) -> ObjectResult<bool> {
        self.inner.exists(key)
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    local: LocalDirStore,
    store: EncryptedStore<Counting<LocalDirStore>>,
    log: Arc<Mutex<Log>>,
}

fn fixture(keys: Keyring) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let local = LocalDirStore::new(dir.path()).unwrap();
    let log = Arc::new(Mutex::new(Log::default()));
    let counting = Counting {
        inner: local.clone(),
        log: log.clone(),
    };
    Fixture {
        _dir: dir,
        local,
        store: EncryptedStore::new(counting, keys),
        log,
    }
}

impl Fixture {
    fn put(&self, name: &str, plain: &[u8]) -> ObjectKey {
        let key = ObjectKey::parse(name).unwrap();
        self.store.put(&key, &mut &plain[..]).unwrap();
        *self.log.lock().unwrap() = Log::default();
        key
    }

    fn on_disk(&self, key: &ObjectKey) -> Vec<u8> {
        std::fs::read(self.local.path_of(key)).unwrap()
    }

    fn replace_on_disk(&self, key: &ObjectKey, bytes: &[u8]) {
        std::fs::write(self.local.path_of(key), bytes).unwrap();
    }
}

fn keyring() -> Keyring {
    Keyring::new(MediaKey::generate(), vec![])
}

fn sample(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

fn header_len<S: ObjectStore>(store: &EncryptedStore<S>) -> usize {
    32 + store.current_key_id().len()
}

/// A ranged read, whole: the bytes and the reported plaintext length.
fn read_range(
    store: &dyn ObjectStore,
    key: &ObjectKey,
    offset: u64,
    len: Option<u64>,
) -> ObjectResult<(Vec<u8>, u64)> {
    let mut range = store.get_range(key, offset, len)?;
    let mut out = Vec::new();
    range.reader.read_to_end(&mut out).map_err(read_error)?;
    Ok((out, range.object_len))
}

fn is_integrity<T: std::fmt::Debug>(r: &ObjectResult<T>) -> bool {
    matches!(r, Err(ObjectError::Integrity(_)))
}

#[test]
fn ranges_equal_the_sequential_read_at_every_boundary() {
    let f = fixture(keyring());
    for size in SIZES {
        let plain = sample(size);
        let key = f.put(&format!("obj-{size}"), &plain);
        assert_eq!(
            read_all(&f.store, &key).unwrap(),
            plain,
            "sequential, {size}"
        );
        let offsets = [
            0,
            1,
            C / 2,
            C - 1,
            C,
            C + 1,
            2 * C - 7,
            2 * C,
            3 * C,
            3 * C + 60,
            size.saturating_sub(1),
            size,
        ];
        let lens = [
            None,
            Some(0),
            Some(1),
            Some(100),
            Some(C as u64),
            Some(C as u64 + 2),
            Some(u64::MAX),
        ];
        for offset in offsets.into_iter().filter(|&o| o <= size) {
            for len in lens {
                let end = len.map_or(size, |l| {
                    (offset as u64).saturating_add(l).min(size as u64) as usize
                });
                let got = read_range(&f.store, &key, offset as u64, len)
                    .unwrap_or_else(|e| panic!("size {size}, offset {offset}, len {len:?}: {e}"));
                assert_eq!(got.1, size as u64, "reported size");
                assert!(
                    got.0 == plain[offset..end],
                    "size {size}, offset {offset}, len {len:?}: {} bytes differ from the sequential read",
                    got.0.len()
                );
            }
        }
        // Past the end is an error naming the size; exactly at the end is empty (above).
        for past in [size + 1, size + C, size + 5 * C] {
            match read_range(&f.store, &key, past as u64, None) {
                Err(ObjectError::OutOfRange { offset, size: s }) => {
                    assert_eq!((offset, s), (past as u64, size as u64));
                }
                other => panic!("size {size}, offset {past}: expected OutOfRange, got {other:?}"),
            }
        }
    }
}

#[test]
fn the_layout_is_computed_from_header_and_stored_length() {
    let hl = 48u64;
    let c = C as u64;
    let sealed = SEALED as u64;
    let tag = TAG_LEN as u64;
    // stored length → plaintext length, for the sizes the encryptor writes.
    for (plain, chunks) in [
        (0, 1),
        (1, 1),
        (c - 1, 1),
        (c, 1),
        (c + 1, 2),
        (3 * c + 123, 4),
    ] {
        let layout = Layout::new(hl, c, hl + plain + chunks * tag).unwrap();
        assert_eq!(layout.plain_len(), plain);
    }
    // Lengths no encryptor writes: nothing after the header, a tail shorter than a tag.
    for stored in [hl, hl - 1, hl + 15, hl + sealed + 3] {
        assert!(is_integrity(&Layout::new(hl, c, stored)), "stored {stored}");
    }
    // 3×64 KiB + 123: byte 2×64 KiB + 5 is chunk 2, five bytes in, stored at hl + 2 sealed.
    let layout = Layout::new(hl, c, hl + 3 * sealed + 123 + tag).unwrap();
    let plan = layout.plan(2 * c + 5, 2 * c + 10);
    assert_eq!((plan.first, plan.last, plan.skip), (2, 2, 5));
    assert_eq!(
        (plan.sealed_offset, plan.sealed_len),
        (hl + 2 * sealed, sealed)
    );
    // A range to the end includes the short last chunk, and only its stored bytes.
    let plan = layout.plan(c - 1, 3 * c + 123);
    assert_eq!((plan.first, plan.last, plan.skip), (0, 3, c - 1));
    assert_eq!(plan.sealed_len, 3 * sealed + 123 + tag);
    // Exactly at the end, still the last chunk (to check its final flag), all skipped.
    let plan = layout.plan(3 * c + 123, 3 * c + 123);
    assert_eq!((plan.first, plan.last, plan.skip), (3, 3, 123));
    // An object of exactly one full chunk ends at a chunk boundary: still chunk 0.
    let one = Layout::new(hl, c, hl + sealed).unwrap();
    let plan = one.plan(c, c);
    assert_eq!((plan.first, plan.last, plan.skip), (0, 0, c));
}

#[test]
fn a_late_seek_reads_only_the_header_and_the_chunks_it_needs() {
    let f = fixture(keyring());
    let size = 1024 * 1024;
    let plain = sample(size);
    let key = f.put("big", &plain);
    let hl = header_len(&f.store) as u64;

    // The last chunk of sixteen, from inside it to the end.
    let (got, _) = read_range(&f.store, &key, (size - 1000) as u64, None).unwrap();
    assert!(got == plain[size - 1000..]);
    {
        let log = f.log.lock().unwrap();
        assert!(
            log.bytes_read < 2 * SEALED as u64,
            "read {} ciphertext bytes for the last chunk",
            log.bytes_read
        );
        assert_eq!(log.whole_gets, 0, "no sequential read");
        assert_eq!(
            log.ranges,
            vec![
                (0, Some(96)),
                (hl + 15 * SEALED as u64, Some(SEALED as u64))
            ],
            "the header, then the last chunk"
        );
    }

    // A short range in the middle reads one chunk, or two when it crosses a boundary.
    for (offset, len, chunks) in [(5 * C + 10, 10, 1), (7 * C - 3, 6, 2)] {
        *f.log.lock().unwrap() = Log::default();
        let (got, _) = read_range(&f.store, &key, offset as u64, Some(len as u64)).unwrap();
        assert!(got == plain[offset..offset + len]);
        let read = f.log.lock().unwrap().bytes_read;
        assert!(
            read <= hl + (chunks * SEALED) as u64,
            "read {read} bytes for {chunks} chunk(s)"
        );
    }

    // The counter sees everything a sequential read takes: the whole object.
    *f.log.lock().unwrap() = Log::default();
    read_all(&f.store, &key).unwrap();
    assert!(f.log.lock().unwrap().bytes_read >= size as u64);
}

#[test]
fn a_tampered_chunk_fails_every_range_that_covers_it() {
    let f = fixture(keyring());
    let plain = sample(3 * C + 123);
    let key = f.put("tampered", &plain);
    let hl = header_len(&f.store);
    let original = f.on_disk(&key);
    let mut bad = original.clone();
    bad[hl + SEALED + 500] ^= 0x04; // inside chunk 1
    f.replace_on_disk(&key, &bad);

    for (offset, len) in [
        (C + 10, Some(5)),    // only chunk 1
        (0, None),            // from the start, through it
        (C - 10, Some(20)),   // across its start
        (2 * C - 1, Some(2)), // across its end
    ] {
        assert!(
            is_integrity(&read_range(&f.store, &key, offset as u64, len)),
            "range {offset}+{len:?} returned tampered bytes"
        );
    }
    // Chunks on either side are still read (each one is checked on its own).
    assert!(read_range(&f.store, &key, 0, Some(C as u64)).unwrap().0 == plain[..C]);
    assert!(read_range(&f.store, &key, 2 * C as u64, None).unwrap().0 == plain[2 * C..]);

    // The header is every chunk's associated data: changing it fails a read of any chunk.
    let mut bad_header = original;
    bad_header[hl - 1] ^= 0x01; // last byte of the nonce prefix
    f.replace_on_disk(&key, &bad_header);
    assert!(is_integrity(&read_range(
        &f.store,
        &key,
        3 * C as u64,
        None
    )));
}

#[test]
fn truncation_and_extension_fail_a_range_reaching_the_end() {
    let f = fixture(keyring());
    let plain = sample(3 * C + 123);
    let key = f.put("cut", &plain);
    let hl = header_len(&f.store);
    let original = f.on_disk(&key);

    // The last chunk dropped: what remains looks like a 3×64 KiB object.
    f.replace_on_disk(&key, &original[..hl + 3 * SEALED]);
    for offset in [3 * C - 10, 2 * C, 3 * C, 3 * C + 50, 10 * C] {
        assert!(
            is_integrity(&read_range(&f.store, &key, offset as u64, None)),
            "a range from {offset} to the end of the cut object read fine"
        );
    }
    // A range that stops before the cut returns its (authentic) bytes.
    assert!(read_range(&f.store, &key, C as u64, Some(10)).unwrap().0 == plain[C..C + 10]);
    // Starting early and reading on into the cut fails when it gets there.
    let mut range = f.store.get_range(&key, 0, None).unwrap();
    let err = range.reader.read_to_end(&mut Vec::new()).unwrap_err();
    assert!(matches!(read_error(err), ObjectError::Integrity(_)));

    // Cut inside the last chunk, or down to a tail shorter than a tag.
    for len in [original.len() - 1, hl + 3 * SEALED + 10] {
        f.replace_on_disk(&key, &original[..len]);
        assert!(
            is_integrity(&read_range(&f.store, &key, 3 * C as u64, None)),
            "cut to {len}"
        );
    }

    // A chunk appended after the final one: the old final chunk is no longer last.
    let mut extended = original.clone();
    extended.extend_from_slice(&original[hl..hl + SEALED]);
    f.replace_on_disk(&key, &extended);
    assert!(is_integrity(&read_range(
        &f.store,
        &key,
        3 * C as u64,
        None
    )));
}

#[test]
fn objects_under_a_rotated_key_are_read_in_ranges() {
    let old = MediaKey::generate();
    let before = fixture(Keyring::new(old.clone(), vec![]));
    let plain = sample(3 * C + 123);
    let key = before.put("old", &plain);
    let sealed = before.on_disk(&key);

    let after = fixture(Keyring::new(MediaKey::generate(), vec![old.clone()]));
    after.replace_on_disk(&key, &sealed);
    let (got, size) = read_range(&after.store, &key, 2 * C as u64 + 7, None).unwrap();
    assert_eq!(size, plain.len() as u64);
    assert!(got == plain[2 * C + 7..]);

    let forgotten = fixture(keyring());
    forgotten.replace_on_disk(&key, &sealed);
    match read_range(&forgotten.store, &key, 2 * C as u64, None) {
        Err(ObjectError::UnknownKey(id)) => assert_eq!(id, old.id()),
        other => panic!("expected UnknownKey, got {other:?}"),
    }
}

#[test]
fn missing_and_non_encrypted_objects_are_reported_as_such() {
    let f = fixture(keyring());
    let key = ObjectKey::parse("absent").unwrap();
    assert!(matches!(
        f.store.get_range(&key, 0, None),
        Err(ObjectError::NotFound)
    ));
    f.replace_on_disk(
        &key,
        b"plain bytes, never encrypted, long enough to hold a header....",
    );
    assert!(is_integrity(&read_range(&f.store, &key, 0, None)));
}
