use std::io::Read;

use super::*;
use crate::{read_all, EncryptedStore, LocalDirStore, ObjectError, ObjectKey, ObjectStore};

fn keyring() -> Keyring {
    Keyring::new(MediaKey::generate(), vec![])
}

fn seal(plain: &[u8], key: &MediaKey) -> Vec<u8> {
    let mut out = Vec::new();
    EncryptingReader::new(plain, key)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn open(sealed: &[u8], keys: &Keyring) -> Result<Vec<u8>, ObjectError> {
    let mut out = Vec::new();
    DecryptingReader::new(sealed, keys)?
        .read_to_end(&mut out)
        .map_err(crate::read_error)?;
    Ok(out)
}

fn sample(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

fn header_len(key: &MediaKey) -> usize {
    32 + key.id().len()
}

#[test]
fn round_trips_every_size_around_chunk_boundaries() {
    let keys = keyring();
    for len in [
        0,
        1,
        CHUNK_SIZE - 1,
        CHUNK_SIZE,
        CHUNK_SIZE + 1,
        3 * CHUNK_SIZE,
        3 * CHUNK_SIZE + 17,
    ] {
        let plain = sample(len);
        let sealed = seal(&plain, keys.current());
        let chunks = len.div_ceil(CHUNK_SIZE).max(1);
        assert_eq!(
            sealed.len(),
            header_len(keys.current()) + len + chunks * TAG_LEN,
            "size of a {len}-byte object"
        );
        assert_eq!(open(&sealed, &keys).unwrap(), plain, "{len} bytes");
    }
}

#[test]
fn the_same_plaintext_encrypts_differently_each_time() {
    let keys = keyring();
    let plain = sample(1000);
    let (a, b) = (seal(&plain, keys.current()), seal(&plain, keys.current()));
    assert_ne!(a, b);
    assert!(!a.windows(64).any(|w| plain.windows(64).any(|p| p == w)));
}

#[test]
fn any_flipped_bit_is_detected() {
    let keys = keyring();
    let sealed = seal(&sample(2 * CHUNK_SIZE + 5), keys.current());
    let hl = header_len(keys.current());
    // Header fields (key id excepted: changing it names an unknown key), a first-chunk
    // byte, a tag byte, and the last chunk.
    for at in [
        0,
        hl - 10,
        hl - 1,
        hl,
        hl + 100,
        hl + CHUNK_SIZE + 3,
        sealed.len() - 1,
    ] {
        let mut bad = sealed.clone();
        bad[at] ^= 0x01;
        assert!(
            matches!(open(&bad, &keys), Err(ObjectError::Integrity(_))),
            "flip at byte {at} went unnoticed"
        );
    }
}

#[test]
fn truncation_reordering_and_extension_are_detected() {
    let keys = keyring();
    let plain = sample(3 * CHUNK_SIZE);
    let sealed = seal(&plain, keys.current());
    let hl = header_len(keys.current());
    let c = CHUNK_SIZE + TAG_LEN;
    let chunk = |i: usize| &sealed[hl + i * c..hl + (i + 1) * c];

    // Cut at a chunk boundary: what remains is well-formed but lacks its final chunk.
    let cut = &sealed[..hl + 2 * c];
    assert!(matches!(open(cut, &keys), Err(ObjectError::Integrity(_))));
    // Cut inside a chunk, and down to the header alone.
    for len in [sealed.len() - 1, hl + 10, hl, hl - 3] {
        assert!(
            matches!(open(&sealed[..len], &keys), Err(ObjectError::Integrity(_))),
            "cut to {len}"
        );
    }
    // Two chunks swapped.
    let mut swapped = sealed[..hl].to_vec();
    for i in [1, 0, 2] {
        swapped.extend_from_slice(chunk(i));
    }
    assert!(matches!(
        open(&swapped, &keys),
        Err(ObjectError::Integrity(_))
    ));
    // A chunk appended after the final one.
    let mut extended = sealed.clone();
    extended.extend_from_slice(chunk(0));
    assert!(matches!(
        open(&extended, &keys),
        Err(ObjectError::Integrity(_))
    ));
    // Splicing a chunk in from another object under the same key.
    let other = seal(&plain, keys.current());
    let mut spliced = sealed.clone();
    spliced[hl..hl + c].copy_from_slice(&other[hl..hl + c]);
    assert!(matches!(
        open(&spliced, &keys),
        Err(ObjectError::Integrity(_))
    ));
}

#[test]
fn a_wrong_or_missing_key_is_refused_and_previous_keys_still_read() {
    let old = MediaKey::generate();
    let sealed = seal(b"recorded answer", &old);
    let rotated = Keyring::new(MediaKey::generate(), vec![]);
    match open(&sealed, &rotated) {
        Err(ObjectError::UnknownKey(id)) => assert_eq!(id, old.id()),
        other => panic!("expected UnknownKey, got {other:?}"),
    }
    let with_old = Keyring::new(MediaKey::generate(), vec![old.clone()]);
    assert_eq!(open(&sealed, &with_old).unwrap(), b"recorded answer");

    // A different key under the same id (as if the id were forged) fails authentication.
    let mut forged = seal(b"recorded answer", &MediaKey::generate());
    let id_at = 5;
    forged[id_at..id_at + 16].copy_from_slice(old.id().as_bytes());
    let only_old = Keyring::new(old, vec![]);
    assert!(matches!(
        open(&forged, &only_old),
        Err(ObjectError::Integrity(_))
    ));
}

#[test]
fn keys_parse_from_base64_and_never_show_in_debug() {
    let key = MediaKey::generate();
    use secrecy::ExposeSecret;
    let text = key.export_base64().expose_secret().to_string();
    let parsed = MediaKey::from_base64(&format!("  {text}\n")).unwrap();
    assert_eq!(parsed.id(), key.id());
    assert!(!format!("{key:?}").contains(&text));
    assert!(MediaKey::from_base64("c2hvcnQ=").is_err());
    assert!(MediaKey::from_base64("not base64 !!").is_err());
}

#[test]
fn the_key_file_is_created_once_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("media.key");
    let (first, created) = load_or_create_key_file(&path).unwrap();
    assert!(created);
    let (again, created) = load_or_create_key_file(&path).unwrap();
    assert!(!created);
    assert_eq!(first.id(), again.id());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::write(&path, "garbage").unwrap();
    assert!(load_or_create_key_file(&path).is_err());
}

#[test]
fn the_encrypted_store_keeps_only_ciphertext_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let local = LocalDirStore::new(dir.path()).unwrap();
    let store = EncryptedStore::new(local.clone(), keyring());
    let key = ObjectKey::parse("answers/a/b").unwrap();
    let plain = b"a spoken answer about hash values, repeated ".repeat(5000);
    assert_eq!(
        store.put(&key, &mut &plain[..]).unwrap(),
        plain.len() as u64
    );
    let on_disk = std::fs::read(local.path_of(&key)).unwrap();
    assert!(!on_disk
        .windows(32)
        .any(|w| plain[..32] == *w || plain[1000..1032] == *w));
    assert_eq!(read_all(&store, &key).unwrap(), plain);

    let empty = ObjectKey::parse("answers/empty").unwrap();
    assert_eq!(store.put(&empty, &mut &b""[..]).unwrap(), 0);
    assert!(store.exists(&empty).unwrap());
    assert_eq!(read_all(&store, &empty).unwrap(), b"");

    // Reading through the wrapper after tampering on disk fails.
    let mut tampered = on_disk.clone();
    let mid = tampered.len() / 2;
    tampered[mid] ^= 0x80;
    std::fs::write(local.path_of(&key), tampered).unwrap();
    assert!(matches!(
        read_all(&store, &key),
        Err(ObjectError::Integrity(_))
    ));
    store.delete(&key).unwrap();
    assert!(matches!(store.get(&key), Err(ObjectError::NotFound)));
}
