//! Voice-activity detection: where in a recording the candidate speaks.
//!
//! Two detectors behind [`Detector`]:
//! - [`silero`]: Silero VAD, a small neural model (needs its 1.2 MB weights file); tells
//!   speech from loud non-speech sounds (knocks, typing, music);
//! - the energy detector here: an adaptive noise floor, a spectral-flatness check against
//!   steady noise, hysteresis, and minimum speech/silence durations. It needs no model, works
//!   the same for Mandarin and English, and is cheap (an FFT every 10 ms), but anything loud
//!   enough counts as speech. It is the fallback when the model is not installed.

mod features;
pub mod silero;
mod trim;

use std::sync::Arc;

pub use trim::{trim_silence, TimeMap, Trimmed};

use serde::{Deserialize, Serialize};

use crate::pcm::{Pcm, Span};
use features::{frames, Frame, HOP_S};

/// Tuning of the energy detector. The defaults suit a browser microphone in a normal room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VadConfig {
    /// A frame starts speech this many dB above the local noise floor…
    pub start_above_floor_db: f64,
    /// …and speech continues while frames stay this many dB above it (hysteresis).
    pub continue_above_floor_db: f64,
    /// Frames quieter than this are never speech (dB re full-scale sine), whatever the floor.
    pub absolute_min_db: f64,
    /// Frames within this many dB of the start threshold must also look unlike steady
    /// noise (spectral flatness below [`Self::max_flatness`]) to start speech.
    pub flatness_margin_db: f64,
    /// Flatness above which a marginal frame is taken for noise.
    pub max_flatness: f64,
    /// Window over which the noise floor is estimated (its 10th percentile), seconds.
    pub floor_window_s: f64,
    /// Speech shorter than this is dropped (clicks, knocks).
    pub min_speech_s: f64,
    /// Silences shorter than this inside speech are bridged (gaps between words).
    pub min_silence_s: f64,
    /// Added before and after each segment so word edges (soft onsets, trailing
    /// fricatives) are not clipped.
    pub pad_s: f64,
}

impl Default for VadConfig {
    fn default() -> Self {
        Self {
            start_above_floor_db: 12.0,
            continue_above_floor_db: 7.0,
            absolute_min_db: -60.0,
            flatness_margin_db: 6.0,
            max_flatness: 0.55,
            floor_window_s: 8.0,
            min_speech_s: 0.15,
            min_silence_s: 0.30,
            pad_s: 0.10,
        }
    }
}

/// The voice-activity detector a deployment uses.
#[derive(Debug, Clone)]
pub enum Detector {
    Energy(VadConfig),
    Silero(Arc<silero::SileroVad>, silero::SileroConfig),
}

impl Detector {
    /// Speech segments of `pcm` (16 kHz), in order and non-overlapping.
    pub fn speech_segments(&self, pcm: &Pcm) -> Vec<Span> {
        match self {
            Self::Energy(config) => speech_segments_with(pcm, config),
            Self::Silero(model, config) => model.speech_segments(pcm, config),
        }
    }

    /// A short name for logs and reports: `energy` or `silero`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Energy(_) => "energy",
            Self::Silero(..) => "silero",
        }
    }
}

impl Default for Detector {
    fn default() -> Self {
        Self::Energy(VadConfig::default())
    }
}

/// Speech segments of `pcm` with the default [`VadConfig`], in order and non-overlapping.
pub fn speech_segments(pcm: &Pcm) -> Vec<Span> {
    speech_segments_with(pcm, &VadConfig::default())
}

/// Speech segments of `pcm` with explicit tuning.
pub fn speech_segments_with(pcm: &Pcm, config: &VadConfig) -> Vec<Span> {
    if pcm.samples.is_empty() || pcm.sample_rate == 0 {
        return Vec::new();
    }
    let frames = frames(pcm);
    let floors = noise_floors(&frames, config);
    let active = hysteresis(&frames, &floors, config);
    let raw = runs(&active);
    let merged = bridge_and_drop(raw, config);
    let total = pcm.duration_s();
    let mut out: Vec<Span> = Vec::with_capacity(merged.len());
    for (a, b) in merged {
        let span = Span::new(
            (a as f64 * HOP_S - config.pad_s).max(0.0),
            (b as f64 * HOP_S + config.pad_s).min(total),
        );
        // Padding can make neighbours touch; keep the output non-overlapping.
        match out.last_mut() {
            Some(last) if span.start_s <= last.end_s => last.end_s = span.end_s,
            _ => out.push(span),
        }
    }
    out
}

/// The noise floor under each frame: the 10th percentile of energies in a window around it,
/// updated every half second, never below the absolute minimum minus the start margin (so
/// digital silence does not make faint hiss look like speech).
fn noise_floors(frames: &[Frame], config: &VadConfig) -> Vec<f64> {
    let half = ((config.floor_window_s / HOP_S / 2.0).round() as usize).max(1);
    let step = ((0.5 / HOP_S) as usize).max(1);
    let lowest = config.absolute_min_db - config.start_above_floor_db;
    let mut floors = vec![lowest; frames.len()];
    let mut scratch = Vec::with_capacity(2 * half + 1);
    for block in (0..frames.len()).step_by(step) {
        let centre = (block + step / 2).min(frames.len() - 1);
        let lo = centre.saturating_sub(half);
        let hi = (centre + half + 1).min(frames.len());
        scratch.clear();
        scratch.extend(frames[lo..hi].iter().map(|f| f.energy_db));
        let k = scratch.len() / 10;
        let (_, p10, _) = scratch.select_nth_unstable_by(k, f64::total_cmp);
        let floor = p10.max(lowest);
        for f in &mut floors[block..(block + step).min(frames.len())] {
            *f = floor;
        }
    }
    floors
}

fn hysteresis(frames: &[Frame], floors: &[f64], config: &VadConfig) -> Vec<bool> {
    let mut in_speech = false;
    frames
        .iter()
        .zip(floors)
        .map(|(f, &floor)| {
            let start = (floor + config.start_above_floor_db).max(config.absolute_min_db);
            let cont = (floor + config.continue_above_floor_db).max(config.absolute_min_db);
            in_speech = if in_speech {
                f.energy_db >= cont
            } else {
                f.energy_db >= start
                    && (f.energy_db >= start + config.flatness_margin_db
                        || f.flatness <= config.max_flatness)
            };
            in_speech
        })
        .collect()
}

/// Runs of `true` as half-open frame ranges.
fn runs(active: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &a) in active.iter().enumerate() {
        match (a, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, active.len()));
    }
    out
}

/// Bridges short gaps first (so a word split by a stop consonant is one run), then drops
/// runs still too short to be speech.
fn bridge_and_drop(runs: Vec<(usize, usize)>, config: &VadConfig) -> Vec<(usize, usize)> {
    let min_gap = (config.min_silence_s / HOP_S).round() as usize;
    let min_len = (config.min_speech_s / HOP_S).round() as usize;
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (a, b) in runs {
        match merged.last_mut() {
            Some(last) if a - last.1 < min_gap => last.1 = b,
            _ => merged.push((a, b)),
        }
    }
    merged.retain(|(a, b)| b - a >= min_len);
    merged
}

/// Total speech time in `spans`, seconds.
pub fn speech_time_s(spans: &[Span]) -> f64 {
    spans.iter().map(Span::duration_s).sum()
}

#[cfg(test)]
mod tests;
