//! The blocking side of uploads: storing chunk objects, streaming them into the final
//! recording, reading a recording back. Runs on the blocking pool: the object store does
//! file I/O and encryption, which must stay off the async worker threads.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::Arc;

use anyhow::Context;
use kaoguan_domain::{ApplicationId, OrgId, QuestionId, UploadId};
use kaoguan_objects::{ObjectError, ObjectKey, ObjectReader, ObjectStore};
use kaoguan_store::UploadChunk;
use sha2::{Digest, Sha256};

use crate::{ServiceError, ServiceResult, Services};

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Each attempt at a chunk gets an object of its own (the random suffix), so a losing
/// concurrent retry can never overwrite the chunk that won.
pub(super) fn staging_key(org: OrgId, upload: UploadId, offset: u64) -> ObjectKey {
    let nonce = &uuid::Uuid::new_v4().simple().to_string()[..12];
    parse_key(format!("staging/{org}/{upload}/{offset:016}-{nonce}"))
}

/// Recordings are filed by org and application, so a retention purge can find them.
pub(super) fn answer_key(
    org: OrgId,
    application: ApplicationId,
    question: QuestionId,
    upload: UploadId,
) -> ObjectKey {
    parse_key(format!("answers/{org}/{application}/{question}/{upload}"))
}

fn parse_key(raw: String) -> ObjectKey {
    ObjectKey::parse(&raw).expect("keys built from ids are valid")
}

fn object_error(e: ObjectError) -> ServiceError {
    ServiceError::Internal(anyhow::Error::new(e).context("media storage"))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> ServiceResult<T> + Send + 'static,
) -> ServiceResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .context("media storage task panicked")?
}

pub(super) async fn put_chunk_object(
    services: &Services,
    key: ObjectKey,
    bytes: Arc<Vec<u8>>,
) -> ServiceResult<()> {
    let objects = services.objects.clone();
    blocking(move || {
        objects
            .put(&key, &mut bytes.as_slice())
            .map(|_| ())
            .map_err(object_error)
    })
    .await
}

/// Best effort: a leftover object costs disk space, not correctness, so failures are
/// logged (by key, which holds only ids) and not returned.
pub(super) async fn delete_objects(services: &Services, keys: Vec<String>) {
    let objects = services.objects.clone();
    let _ = tokio::task::spawn_blocking(move || {
        for raw in keys {
            let Ok(key) = ObjectKey::parse(&raw) else {
                continue;
            };
            if let Err(e) = objects.delete(&key) {
                tracing::warn!(key = %key, error = %e, "could not delete a media object");
            }
        }
    })
    .await;
}

/// Streams the chunks, in order, into one object at `target`; checks every chunk's
/// length and digest on the way. Returns the recording's size and SHA-256 (hex).
pub(super) async fn assemble(
    services: &Services,
    chunks: Vec<UploadChunk>,
    target: ObjectKey,
) -> ServiceResult<(u64, String)> {
    let objects = services.objects.clone();
    blocking(move || {
        let mut chain = ChunkChain {
            store: objects.as_ref(),
            pending: chunks.into(),
            current: None,
            total: 0,
            digest: Sha256::new(),
        };
        objects.put(&target, &mut chain).map_err(object_error)?;
        Ok((chain.total, hex::encode(chain.digest.finalize())))
    })
    .await
}

/// Reads a whole recording into memory, for the transcription engine.
pub(super) async fn read_recording(services: &Services, key: &str) -> Result<Vec<u8>, ObjectError> {
    let objects = services.objects.clone();
    let key = ObjectKey::parse(key)
        .map_err(|e| ObjectError::Integrity(format!("stored object key is invalid: {e}")))?;
    tokio::task::spawn_blocking(move || kaoguan_objects::read_all(objects.as_ref(), &key))
        .await
        .map_err(|e| ObjectError::Io(io::Error::other(e)))?
}

struct Current {
    reader: ObjectReader,
    chunk: UploadChunk,
    read: u64,
    digest: Sha256,
}

/// The upload's chunk objects read one after another as one stream.
struct ChunkChain<'a> {
    store: &'a dyn ObjectStore,
    pending: VecDeque<UploadChunk>,
    current: Option<Current>,
    total: u64,
    digest: Sha256,
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

impl Read for ChunkChain<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let current = match &mut self.current {
                Some(c) => c,
                None => {
                    let Some(chunk) = self.pending.pop_front() else {
                        return Ok(0);
                    };
                    if u64::try_from(chunk.offset).ok() != Some(self.total) {
                        return Err(invalid(format!(
                            "upload chunks are not contiguous at byte {}",
                            self.total
                        )));
                    }
                    let key =
                        ObjectKey::parse(&chunk.object_key).map_err(|e| invalid(e.to_string()))?;
                    let reader = self.store.get(&key).map_err(|e| match e {
                        ObjectError::Io(io) => io,
                        other => invalid(other.to_string()),
                    })?;
                    self.current.insert(Current {
                        reader,
                        chunk,
                        read: 0,
                        digest: Sha256::new(),
                    })
                }
            };
            let n = current.reader.read(buf)?;
            if n == 0 {
                let c = self.current.take().expect("a current chunk");
                let digest = hex::encode(c.digest.finalize());
                if u64::try_from(c.chunk.length).ok() != Some(c.read) || digest != c.chunk.sha256 {
                    return Err(invalid(format!(
                        "upload chunk at byte {} does not match what was received",
                        c.chunk.offset
                    )));
                }
                continue;
            }
            current.read += n as u64;
            current.digest.update(&buf[..n]);
            self.digest.update(&buf[..n]);
            self.total += n as u64;
            return Ok(n);
        }
    }
}
