//! A fixed set of worker threads running forward passes, so that however many blocking
//! threads call the embedder at once, at most `threads` batches compute at a time, and
//! each worker keeps its activation buffers across batches.

use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;

use crate::bert::{BertModel, Scratch};
use crate::EmbedError;

pub(crate) type Reply = (usize, Result<Vec<f32>, EmbedError>);

/// Packed sequences for one forward pass, mean-pooled over `pools` (token ranges in `ids`;
/// the sequences themselves for whole-text vectors); the answer goes to `reply` tagged
/// `index`.
pub(crate) struct Job {
    pub ids: Vec<u32>,
    pub seqs: Vec<Range<usize>>,
    pub pools: Vec<Range<usize>>,
    pub index: usize,
    pub reply: mpsc::Sender<Reply>,
}

pub(crate) struct Pool {
    tx: Option<mpsc::Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    pub(crate) fn new(model: Arc<BertModel>, threads: usize) -> Result<Self, EmbedError> {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let mut workers = Vec::with_capacity(threads);
        for i in 0..threads.max(1) {
            let (model, rx) = (model.clone(), rx.clone());
            let handle = std::thread::Builder::new()
                .name(format!("embed-{i}"))
                .spawn(move || work(&model, &rx))
                .map_err(|e| EmbedError::Unsupported(format!("cannot start a worker: {e}")))?;
            workers.push(handle);
        }
        Ok(Self {
            tx: Some(tx),
            workers,
        })
    }

    pub(crate) fn submit(&self, job: Job) -> Result<(), EmbedError> {
        self.tx
            .as_ref()
            .and_then(|tx| tx.send(job).ok())
            .ok_or_else(|| EmbedError::Unsupported("embedding workers have stopped".into()))
    }
}

fn work(model: &BertModel, rx: &Mutex<mpsc::Receiver<Job>>) {
    let mut scratch = Scratch::default();
    loop {
        // The lock is held only while waiting for the next job, not while computing.
        let job = match rx.lock().unwrap_or_else(|e| e.into_inner()).recv() {
            Ok(job) => job,
            Err(_) => return, // the embedder was dropped
        };
        // A bug in the forward pass must cost one batch, not a worker.
        let out = catch_unwind(AssertUnwindSafe(|| {
            model.forward_pooled(&job.ids, &job.seqs, &job.pools, &mut scratch)
        }))
        .unwrap_or_else(|_| {
            scratch = Scratch::default();
            Err(EmbedError::Unsupported("forward pass panicked".into()))
        });
        // The caller may have given up; nothing to do then.
        let _ = job.reply.send((job.index, out));
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.tx = None;
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}
