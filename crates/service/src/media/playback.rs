//! Recordings played back to reviewers, decrypted on the way out. Only staff who may see
//! the application's report may hear its recordings; nothing here is public.
//!
//! A player asks for many byte ranges of one recording (up to the upload limit, 200 MB by
//! default), and seeking near the end of a long one must not cost decrypting all that
//! comes before. So a range is a ranged read of the store: the encrypted store reads the
//! header, then jumps straight to the 64 KiB encryption chunk holding the range's first
//! byte, decrypting (and authenticating) only the chunks the range covers; the range is
//! sent in pieces as they come, and reading stops at its end. Memory stays at one
//! encryption chunk per request.

use std::io::{self, Read};

use kaoguan_domain::{ApplicationId, QuestionId};
use kaoguan_objects::ObjectKey;
use tokio::sync::mpsc;

use crate::{ServiceError, ServiceResult, Services, Staff};

/// Bytes per piece sent to the client.
const PIECE: usize = 64 * 1024;

/// A recorded answer the caller may hear, not yet read.
#[derive(Debug, Clone)]
pub struct Recording {
    /// As the recorder declared it, e.g. `audio/webm;codecs=opus`.
    pub content_type: String,
    /// Decrypted length in bytes.
    pub size: u64,
    key: String,
}

impl Recording {
    /// Decrypts `len` bytes from `first` on the blocking pool, handing them over in pieces;
    /// a read or integrity error ends the stream with that error (the client sees a cut
    /// response, and the log says why).
    pub fn stream(
        &self,
        services: &Services,
        first: u64,
        len: u64,
    ) -> mpsc::Receiver<io::Result<Vec<u8>>> {
        let (tx, rx) = mpsc::channel(2);
        let objects = services.objects.clone();
        let key = self.key.clone();
        tokio::task::spawn_blocking(move || {
            let read = || -> io::Result<()> {
                let key = ObjectKey::parse(&key).map_err(io::Error::other)?;
                let mut reader = objects
                    .get_range(&key, first, Some(len))
                    .map_err(io::Error::other)?
                    .reader;
                let mut left = len;
                while left > 0 {
                    let mut piece = vec![0u8; PIECE.min(left as usize)];
                    reader.read_exact(&mut piece)?;
                    left -= piece.len() as u64;
                    if tx.blocking_send(Ok(piece)).is_err() {
                        return Ok(()); // the client went away
                    }
                }
                Ok(())
            };
            if let Err(e) = read() {
                tracing::warn!(error = %e, "could not stream a recording");
                let _ = tx.blocking_send(Err(e));
            }
        });
        rx
    }
}

/// The recording of one answer, if `who` may hear it.
pub async fn recording(
    services: &Services,
    who: &Staff,
    application: ApplicationId,
    question: QuestionId,
) -> ServiceResult<Recording> {
    crate::applications::get_application(services, who, application).await?;
    let answer = services
        .store
        .get_media_answer(who.org(), application, question)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(Recording {
        content_type: answer.content_type,
        size: u64::try_from(answer.size_bytes).unwrap_or(0),
        key: answer.object_key,
    })
}
