//! The local speech engine behind the service's [`Transcription`] seam: decode the
//! recording to 16 kHz PCM, find the speech, transcribe only the speech with whisper.cpp,
//! map the segments back to the recording's own timeline (the report's player jumps there),
//! and measure delivery descriptively.

use std::path::Path;

use kaoguan_domain::Language;
use kaoguan_media::delivery::{self, TimedText, TranscriptView};
use kaoguan_media::vad::Trimmed;
use kaoguan_media::{decode, vad, Pcm, Span};
use kaoguan_service::media::{MediaInput, TranscriptResult, Transcription};
use kaoguan_speech::{PackedClip, Packing, Transcriber, TranscriberOptions};

/// Silence kept between speech spans after trimming: enough for the recogniser to hear a
/// sentence break, far less than the pauses candidates leave while thinking.
const KEPT_GAP_S: f64 = 0.6;

pub struct LocalTranscription {
    whisper: Transcriber,
    vad: vad::Detector,
}

impl LocalTranscription {
    pub fn load(
        model: &Path,
        threads: usize,
        vad: vad::Detector,
    ) -> Result<Self, kaoguan_speech::SpeechError> {
        let whisper = Transcriber::load(
            model,
            TranscriberOptions {
                threads: threads.max(1),
                max_concurrent: 1,
            },
        )?;
        Ok(Self { whisper, vad })
    }

    /// The voice-activity detector in use (`silero` or `energy`).
    pub fn vad_name(&self) -> &'static str {
        self.vad.name()
    }
}

fn speech_language(l: Language) -> (kaoguan_speech::Language, kaoguan_media::delivery::Language) {
    match l {
        Language::Zh => (
            kaoguan_speech::Language::Zh,
            kaoguan_media::delivery::Language::Zh,
        ),
        Language::En => (
            kaoguan_speech::Language::En,
            kaoguan_media::delivery::Language::En,
        ),
    }
}

/// A recording decoded and cut down to its speech, waiting for whisper.
struct Prepared {
    pcm: Pcm,
    speech: Vec<Span>,
    /// `None` when nothing was said: no whisper run at all.
    trimmed: Option<Trimmed>,
}

impl LocalTranscription {
    fn prepare(&self, media: &[u8], content_type: &str) -> Result<Prepared, String> {
        let pcm = decode::to_pcm16k(media, Some(content_type)).map_err(|e| e.to_string())?;
        let speech = self.vad.speech_segments(&pcm);
        let trimmed = (!speech.is_empty()).then(|| vad::trim_silence(&pcm, &speech, KEPT_GAP_S));
        Ok(Prepared {
            pcm,
            speech,
            trimmed,
        })
    }

    /// Whisper's transcript (of the trimmed audio) mapped back onto the recording, with
    /// the delivery measures. `transcript` is `None` exactly when nothing was said.
    fn finish(
        prepared: &Prepared,
        transcript: Option<kaoguan_speech::Transcript>,
        language: Language,
    ) -> Result<TranscriptResult, String> {
        let (_, media_lang) = speech_language(language);
        let (text, segments) = match (transcript, &prepared.trimmed) {
            (Some(t), Some(trimmed)) => {
                let segments: Vec<TimedText> = t
                    .segments
                    .iter()
                    .map(|s| {
                        let (start, end) = (f64::from(s.start_s), f64::from(s.end_s));
                        trimmed.map.text_to_original(start, end, &s.text)
                    })
                    .collect();
                (t.text, segments)
            }
            // Nothing said: an empty transcript, scored as too short to judge.
            _ => (String::new(), Vec::new()),
        };
        let measures = delivery::measure(
            &prepared.pcm,
            &prepared.speech,
            &TranscriptView {
                language: media_lang,
                text: &text,
                segments: &segments,
            },
        );
        Ok(TranscriptResult {
            text,
            language,
            segments: segments
                .into_iter()
                .map(|s| (s.start_s, s.end_s, s.text))
                .collect(),
            delivery: serde_json::to_value(measures).map_err(|e| e.to_string())?,
        })
    }
}

impl Transcription for LocalTranscription {
    fn transcribe(
        &self,
        media: &[u8],
        content_type: &str,
        language: Language,
        vocabulary: &[String],
    ) -> Result<TranscriptResult, String> {
        let input = MediaInput {
            media,
            content_type,
            vocabulary,
        };
        // One recording has a window of its own: the same whisper call as ever.
        let mut results = self.transcribe_many(&[input], language);
        results.pop().expect("one result per input")
    }

    /// One candidate's recordings: their speech is packed into shared whisper windows
    /// (`Transcriber::transcribe_packed`), so a backlog of short answers costs about half
    /// the CPU of transcribing them one by one, with the same error rates on the evaluation
    /// set (see the speech crate's README).
    fn transcribe_many(
        &self,
        inputs: &[MediaInput<'_>],
        language: Language,
    ) -> Vec<Result<TranscriptResult, String>> {
        let prepared: Vec<Result<Prepared, String>> = inputs
            .iter()
            .map(|i| self.prepare(i.media, i.content_type))
            .collect();
        // Only the recordings with speech go to whisper, in order.
        let clips: Vec<PackedClip<'_>> = prepared
            .iter()
            .zip(inputs)
            .filter_map(|(p, input)| {
                let trimmed = p.as_ref().ok()?.trimmed.as_ref()?;
                Some(PackedClip {
                    pcm: &trimmed.pcm.samples,
                    vocabulary: input.vocabulary,
                })
            })
            .collect();
        let mut heard = self
            .whisper
            .transcribe_packed(&clips, speech_language(language).0, Packing::default())
            .into_iter();
        prepared
            .iter()
            .map(|p| {
                let p = p.as_ref().map_err(Clone::clone)?;
                let transcript = match p.trimmed {
                    None => None,
                    Some(_) => Some(
                        heard
                            .next()
                            .expect("one transcript per clip")
                            .map_err(|e| e.to_string())?,
                    ),
                };
                Self::finish(p, transcript, language)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use kaoguan_media::delivery::{self, Language, TimedText, TranscriptView};
    use kaoguan_media::{Pcm, Span};
    use kaoguan_service::integrity::LongSilences;

    /// The report reads long silences out of the stored delivery JSON by field name: this
    /// pins those names to what the media crate actually writes.
    #[test]
    fn long_silences_are_read_from_the_delivery_measures_as_stored() {
        let pcm = Pcm::new(vec![0.0; 16_000 * 10], 16_000);
        let speech = [
            Span::new(0.5, 2.0),
            Span::new(5.5, 7.0),
            Span::new(7.5, 9.0),
        ];
        let segments = [TimedText {
            start_s: 0.5,
            end_s: 9.0,
            text: "first part then after a long pause the rest".into(),
        }];
        let measures = delivery::measure(
            &pcm,
            &speech,
            &TranscriptView {
                language: Language::En,
                text: &segments[0].text,
                segments: &segments,
            },
        );
        let stored = serde_json::to_value(measures).unwrap();
        let silences = LongSilences::from_delivery(&stored).expect("pause measures");
        assert_eq!(silences.count, 1, "{stored}");
        assert!((silences.longest_seconds - 3.5).abs() < 0.01, "{stored}");
        assert!(silences.threshold_seconds > 0.0);
    }
}
