//! Delivery measures: how an answer was spoken, described, never judged.
//!
//! Speaking rate, pauses, filler words, pitch and loudness variation, for the report to show
//! against the batch's range. Nothing here infers emotion, personality or any trait of the
//! person; turning these numbers into a score is the scoring crate's business, through
//! explicit weights that default to zero.

mod fillers;
mod loudness;
mod pauses;
mod pitch;
mod units;

pub use loudness::Loudness;
pub use pauses::Pauses;
pub use pitch::Pitch;

use serde::{Deserialize, Serialize};

use crate::pcm::{Pcm, Span};

/// Language of the answer; decides what a unit of speech is and which fillers apply.
/// Mirrors `kaoguan_domain::Language` (same serde form) without depending on the domain crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Mandarin: counted in Chinese characters.
    Zh,
    /// English: counted in words.
    En,
}

/// A stretch of transcript with its time in the recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimedText {
    /// Start, seconds.
    pub start_s: f64,
    /// End, seconds.
    pub end_s: f64,
    /// What was said.
    pub text: String,
}

/// The transcript as delivery measures need it.
#[derive(Debug, Clone, Copy)]
pub struct TranscriptView<'a> {
    /// Language of the answer.
    pub language: Language,
    /// The whole transcript (simplified characters for Mandarin).
    pub text: &'a str,
    /// Timed segments, used for speech time when VAD found none.
    pub segments: &'a [TimedText],
}

/// What the rate is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RateUnit {
    /// Chinese characters (a run of Latin letters or digits counts as one).
    Chars,
    /// English words.
    Words,
}

/// Speaking rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakingRate {
    /// What is counted.
    pub unit: RateUnit,
    /// How many were counted in the transcript.
    pub units: usize,
    /// Units per minute of speech (pauses excluded); `None` with under a second of speech.
    pub per_min_speech: Option<f64>,
    /// Units per minute of the whole recording; `None` for an empty recording.
    pub per_min_total: Option<f64>,
}

/// One filler and how often it occurred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FillerCount {
    /// The filler as written ("嗯", "you know").
    pub filler: String,
    /// Occurrences.
    pub count: usize,
}

/// Filler words (rules in the `fillers` module's documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fillers {
    /// Total fillers.
    pub count: usize,
    /// Fillers per 100 units (characters or words); `None` with an empty transcript.
    pub per_100_units: Option<f64>,
    /// Which fillers, most frequent first.
    pub found: Vec<FillerCount>,
}

/// All delivery measures of one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// Language the measures were taken in.
    pub language: Language,
    /// Length of the recording, seconds.
    pub total_s: f64,
    /// Time spent speaking, seconds.
    pub speech_s: f64,
    /// Speaking rate.
    pub rate: SpeakingRate,
    /// Pauses between first and last speech.
    pub pauses: Pauses,
    /// Filler words.
    pub fillers: Fillers,
    /// Pitch over voiced speech; `None` when too little was voiced.
    pub pitch: Option<Pitch>,
    /// Loudness over speech; `None` without speech.
    pub loudness: Option<Loudness>,
}

/// Below this much speech a per-minute rate is noise, not a measure.
const MIN_SPEECH_FOR_RATE_S: f64 = 1.0;

/// Measures delivery from the decoded audio, the VAD's speech spans and the transcript.
///
/// When `speech` is empty but the transcript has timed segments, the segments stand in for
/// the speech spans (the recogniser heard speech the VAD missed, e.g. a very quiet voice).
pub fn measure(pcm: &Pcm, speech: &[Span], transcript: &TranscriptView<'_>) -> Delivery {
    let from_segments: Vec<Span>;
    let speech = if speech.is_empty() {
        from_segments = transcript
            .segments
            .iter()
            .filter(|s| s.end_s > s.start_s)
            .map(|s| Span::new(s.start_s, s.end_s))
            .collect();
        &from_segments[..]
    } else {
        speech
    };
    let total_s = pcm.duration_s();
    let speech_s: f64 = speech.iter().map(Span::duration_s).sum();

    let tokens = units::tokenize(transcript.text);
    let n_units = units::count_units(&tokens);
    let per_min =
        |seconds: f64, min: f64| (seconds >= min).then(|| n_units as f64 * 60.0 / seconds);
    let rate = SpeakingRate {
        unit: match transcript.language {
            Language::Zh => RateUnit::Chars,
            Language::En => RateUnit::Words,
        },
        units: n_units,
        per_min_speech: per_min(speech_s, MIN_SPEECH_FOR_RATE_S),
        per_min_total: per_min(total_s, f64::MIN_POSITIVE),
    };

    let found = fillers::find(&tokens, transcript.language);
    let mut found: Vec<FillerCount> = found
        .into_iter()
        .map(|(filler, count)| FillerCount { filler, count })
        .collect();
    found.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.filler.cmp(&b.filler)));
    let count = found.iter().map(|f| f.count).sum();
    let fillers = Fillers {
        count,
        per_100_units: (n_units > 0).then(|| count as f64 * 100.0 / n_units as f64),
        found,
    };

    let (f0s, voiced_frames) = pitch::track(pcm, speech);
    Delivery {
        language: transcript.language,
        total_s,
        speech_s,
        rate,
        pauses: pauses::measure(speech, pauses::LONG_PAUSE_S),
        fillers,
        pitch: pitch::summarise(&f0s, voiced_frames),
        loudness: loudness::summarise(&loudness::block_levels(pcm, speech)),
    }
}

#[cfg(test)]
mod tests;
