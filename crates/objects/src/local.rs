use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::{ObjectError, ObjectKey, ObjectReader, ObjectResult, ObjectStore};

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
        Ok(Box::new(io::BufReader::with_capacity(64 * 1024, file)))
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
}
