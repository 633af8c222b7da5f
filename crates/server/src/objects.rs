//! Wiring of the object store for recordings: a local directory, encrypted at rest with
//! the configured key (or one generated on first start and kept beside the database).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use kaoguan_objects::crypto::load_or_create_key_file;
use kaoguan_objects::{EncryptedStore, Keyring, LocalDirStore, MediaKey, ObjectStore};
use secrecy::ExposeSecret;

use crate::config::{Config, MediaConfig};

/// The configured keys: `Ok(None)` when none is configured (a key file will be used).
pub fn keyring(media: &MediaConfig) -> anyhow::Result<Option<Keyring>> {
    let previous = media_previous(media)?;
    let Some(current) = &media.encryption_key else {
        return Ok(None);
    };
    let current = MediaKey::from_base64(current.expose_secret())?;
    Ok(Some(Keyring::new(current, previous)))
}

/// The encrypted object store recordings go to.
pub fn object_store(config: &Config) -> anyhow::Result<Arc<dyn ObjectStore>> {
    let keys = match keyring(&config.media)? {
        Some(keys) => keys,
        None => generated_keyring(config)?,
    };
    let dir = config.media_dir();
    let local = LocalDirStore::new(&dir)
        .with_context(|| format!("cannot create media directory {}", dir.display()))?;
    tracing::info!(dir = %dir.display(), key_id = keys.current().id(), "media storage ready (AES-256-GCM at rest)");
    Ok(Arc::new(EncryptedStore::new(local, keys)))
}

fn generated_keyring(config: &Config) -> anyhow::Result<Keyring> {
    let dir = &config.storage.data_dir;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create data directory {}", dir.display()))?;
    let path = dir.join("media.key");
    let (key, created) = load_or_create_key_file(&path)?;
    if created {
        warn_generated(&path);
    }
    if config.database_url().starts_with("postgres") {
        tracing::warn!(
            "media.encryption_key is not set: this node uses its own key file; nodes sharing \
             recordings must share one key, so set media.encryption_key on every node"
        );
    }
    Ok(Keyring::new(key, media_previous(&config.media)?))
}

fn media_previous(media: &MediaConfig) -> anyhow::Result<Vec<MediaKey>> {
    media
        .previous_keys
        .iter()
        .map(|k| MediaKey::from_base64(k.expose_secret()).context("media.previous_keys"))
        .collect()
}

/// Said once, when the key is created: the path, never the key.
fn warn_generated(path: &Path) {
    tracing::warn!(
        path = %path.display(),
        "generated a new media encryption key; back this file up with the database: \
         recorded answers cannot be decrypted without it"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_generated_once_beside_the_database_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.storage.data_dir = dir.path().to_path_buf();
        let key = kaoguan_objects::ObjectKey::parse("answers/x").unwrap();
        let store = object_store(&config).unwrap();
        store.put(&key, &mut &b"spoken"[..]).unwrap();
        assert!(dir.path().join("media.key").is_file());
        assert!(dir.path().join("media/answers/x").is_file());
        // A restart reads the same key, so the recording still opens.
        let again = object_store(&config).unwrap();
        assert_eq!(
            kaoguan_objects::read_all(again.as_ref(), &key).unwrap(),
            b"spoken"
        );
        // A configured key that differs cannot read it, and says which key it needs.
        config.media.encryption_key = Some(MediaKey::generate().export_base64());
        let other = object_store(&config).unwrap();
        assert!(matches!(
            kaoguan_objects::read_all(other.as_ref(), &key),
            Err(kaoguan_objects::ObjectError::UnknownKey(_))
        ));
    }
}
