use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::{ObjectError, ObjectKey, ObjectRange, ObjectReader, ObjectResult, ObjectStore};

/// Objects as files under one directory: `<root>/<key>`. Writes go to a temporary file in
/// the same directory, are flushed to disk and then renamed over the target, so a crash
/// never leaves a half-written object under its real name.
#[derive(Debug, Clone)]
pub struct LocalDirStore {
    root: PathBuf,
}

impl LocalDirStore {
    /// Creates the directory if needed.
    pub fn new(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        fs::create_dir_all(&root)?;
        Ok(Self { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `key` lives on disk; keys are validated relative paths, so this stays under
    /// the root.
    pub fn path_of(&self, key: &ObjectKey) -> PathBuf {
        self.root.join(key.as_str())
    }
}

/// Read buffer: one encryption chunk, so an encrypted reader's chunk is one file read.
const BUFFER: usize = 64 * 1024;

fn not_found_or_io(e: io::Error) -> ObjectError {
    if e.kind() == io::ErrorKind::NotFound {
        ObjectError::NotFound
    } else {
        ObjectError::Io(e)
    }
}

impl ObjectStore for LocalDirStore {
    fn put(&self, key: &ObjectKey, data: &mut dyn Read) -> ObjectResult<u64> {
        let path = self.path_of(key);
        let dir = path.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4().simple()));
        let result = (|| {
            let mut file = File::create(&tmp)?;
            let n = io::copy(data, &mut file)?;
            file.flush()?;
            file.sync_all()?;
            fs::rename(&tmp, &path)?;
            Ok(n)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result.map_err(crate::read_error)
    }

    fn get(&self, key: &ObjectKey) -> ObjectResult<ObjectReader> {
        let file = File::open(self.path_of(key)).map_err(not_found_or_io)?;
        Ok(Box::new(io::BufReader::with_capacity(BUFFER, file)))
    }

    fn get_range(
        &self,
        key: &ObjectKey,
        offset: u64,
        len: Option<u64>,
    ) -> ObjectResult<ObjectRange> {
        let mut file = File::open(self.path_of(key)).map_err(not_found_or_io)?;
        // The length of the file we opened: a concurrent `put` renames a new file into
        // place and leaves this one as it was.
        let object_len = file.metadata()?.len();
        if offset > object_len {
            return Err(ObjectError::OutOfRange {
                offset,
                size: object_len,
            });
        }
        file.seek(SeekFrom::Start(offset))?;
        let left = len.map_or(object_len - offset, |len| len.min(object_len - offset));
        // A buffer no larger than the range, so a short read (an encrypted header) does
        // not pull in the chunk after it.
        let capacity = usize::try_from(left).map_or(BUFFER, |left| left.min(BUFFER));
        let reader = io::BufReader::with_capacity(capacity, file.take(left));
        Ok(ObjectRange {
            reader: Box::new(reader),
            object_len,
        })
    }

    fn delete(&self, key: &ObjectKey) -> ObjectResult<()> {
        match fs::remove_file(self.path_of(key)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(ObjectError::Io(e)),
        }
    }

    fn exists(&self, key: &ObjectKey) -> ObjectResult<bool> {
        Ok(self.path_of(key).is_file())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_delete_exists() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDirStore::new(dir.path().join("media")).unwrap();
        let key = ObjectKey::parse("a/b/c.bin").unwrap();
        assert!(!store.exists(&key).unwrap());
        assert!(matches!(store.get(&key), Err(ObjectError::NotFound)));
        assert_eq!(store.put(&key, &mut &b"hello"[..]).unwrap(), 5);
        assert!(store.exists(&key).unwrap());
        assert_eq!(crate::read_all(&store, &key).unwrap(), b"hello");
        store.put(&key, &mut &b"bye"[..]).unwrap();
        assert_eq!(crate::read_all(&store, &key).unwrap(), b"bye");
        store.delete(&key).unwrap();
        store.delete(&key).unwrap();
        assert!(!store.exists(&key).unwrap());
        let leftovers: Vec<_> = fs::read_dir(dir.path().join("media/a/b"))
            .unwrap()
            .collect();
        assert!(leftovers.is_empty(), "no temporary files are left behind");
    }

    #[test]
    fn ranges_are_read_from_their_offset() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDirStore::new(dir.path()).unwrap();
        let key = ObjectKey::parse("r").unwrap();
        store.put(&key, &mut &b"0123456789"[..]).unwrap();
        let read = |offset, len| -> ObjectResult<(Vec<u8>, u64)> {
            let mut range = store.get_range(&key, offset, len)?;
            let mut out = Vec::new();
            range.reader.read_to_end(&mut out)?;
            Ok((out, range.object_len))
        };
        assert_eq!(read(0, None).unwrap(), (b"0123456789".to_vec(), 10));
        assert_eq!(read(3, Some(4)).unwrap(), (b"3456".to_vec(), 10));
        assert_eq!(read(8, Some(100)).unwrap(), (b"89".to_vec(), 10));
        assert_eq!(read(10, None).unwrap(), (Vec::new(), 10));
        assert!(matches!(
            read(11, None),
            Err(ObjectError::OutOfRange {
                offset: 11,
                size: 10
            })
        ));
        let missing = ObjectKey::parse("nothing").unwrap();
        assert!(matches!(
            store.get_range(&missing, 0, None),
            Err(ObjectError::NotFound)
        ));
    }
}
