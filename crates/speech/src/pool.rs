//! A bounded pool of whisper.cpp decoding states. A state holds the KV caches and work
//! buffers of one transcription (tens of MB for base, hundreds for large), so there are at
//! most `max` of them, created on first need and reused; a caller beyond that waits.

use std::sync::{Condvar, Mutex, PoisonError};

use whisper_rs::{WhisperContext, WhisperState};

use crate::SpeechError;

/// What one transcription needs: its state, and a second one kept only for language
/// detection. Detection encodes with the state's audio window of the *previous* full
/// transcription (whisper.cpp offers no other way to set it); a state that never transcribes
/// always uses the whole 30 s window, so detection does not depend on the previous clip.
pub struct Slot {
    pub state: WhisperState,
    pub detector: Option<WhisperState>,
    /// `state` has run a transcription. whisper.cpp seeds the greedy decoder's random
    /// generator (used by its temperature fallback) only when a state is created, so a
    /// reused state would sample differently from a fresh one and the same recording could
    /// come back with different text: a used state is replaced before its next transcription.
    pub used: bool,
}

pub struct Pool {
    max: usize,
    inner: Mutex<Inner>,
    returned: Condvar,
}

struct Inner {
    idle: Vec<Slot>,
    created: usize,
}

pub struct Lease<'a> {
    pool: &'a Pool,
    slot: Option<Slot>,
}

impl Pool {
    /// A pool holding `first` (created at load so that a model whisper.cpp cannot run fails
    /// there, not on the first answer).
    pub fn new(first: Slot, max: usize) -> Self {
        Pool {
            max: max.max(1),
            inner: Mutex::new(Inner {
                idle: vec![first],
                created: 1,
            }),
            returned: Condvar::new(),
        }
    }

    pub fn acquire(&self, ctx: &WhisperContext) -> Result<Lease<'_>, SpeechError> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(slot) = inner.idle.pop() {
                return Ok(Lease {
                    pool: self,
                    slot: Some(slot),
                });
            }
            if inner.created < self.max {
                inner.created += 1;
                drop(inner);
                return match ctx.create_state() {
                    Ok(state) => Ok(Lease {
                        pool: self,
                        slot: Some(Slot {
                            state,
                            detector: None,
                            used: false,
                        }),
                    }),
                    Err(e) => {
                        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
                        inner.created -= 1;
                        self.returned.notify_one();
                        Err(SpeechError::Transcribe(format!(
                            "cannot create a whisper state: {e}"
                        )))
                    }
                };
            }
            inner = self
                .returned
                .wait(inner)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl std::ops::Deref for Lease<'_> {
    type Target = Slot;
    fn deref(&self) -> &Slot {
        self.slot.as_ref().expect("held until drop")
    }
}

impl std::ops::DerefMut for Lease<'_> {
    fn deref_mut(&mut self) -> &mut Slot {
        self.slot.as_mut().expect("held until drop")
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(slot) = self.slot.take() {
            let mut inner = self
                .pool
                .inner
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            inner.idle.push(slot);
            self.pool.returned.notify_one();
        }
    }
}
