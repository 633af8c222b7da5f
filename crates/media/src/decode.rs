//! Recordings (webm/opus, ogg/opus, mp4/aac, wav, mp3) to 16 kHz mono `f32` PCM.
//!
//! Symphonia demuxes every container and decodes AAC, MP3 and PCM; Opus packets go to the
//! system libopus ([`crate::opus_track`]). Channels are averaged before resampling, so the
//! resampler (the costliest step) runs once, not once per channel.

use std::io::Cursor;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{self, CodecParameters, CodecType, Decoder, DecoderOptions};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use crate::error::MediaError;
use crate::mixdown::append_mono;
use crate::opus_track::{OpusHead, OpusTrack, OPUS_RATE};
use crate::pcm::{Pcm, SAMPLE_RATE};
use crate::resample::resample_mono;

/// Limits applied while decoding.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeOptions {
    /// Longest recording accepted, in seconds. Checked on the decoded samples as they grow,
    /// so a file that lies about its length (or a hostile one) cannot exhaust memory.
    pub max_duration_s: f64,
}

impl Default for DecodeOptions {
    /// 15 minutes: well past any interview answer, and about 58 MB of decoded audio at most.
    fn default() -> Self {
        Self {
            max_duration_s: 15.0 * 60.0,
        }
    }
}

/// Shorter than this (10 ms) counts as no audio at all.
const MIN_SAMPLES_AT_16K: usize = SAMPLE_RATE as usize / 100;

/// Sample rates beyond any real microphone are treated as corrupt headers.
const MAX_SOURCE_RATE: u32 = 384_000;

/// Decodes a recording to 16 kHz mono PCM with the default [`DecodeOptions`].
///
/// `content_type` (e.g. `audio/webm;codecs=opus`) is a hint only: the container is sniffed
/// from the bytes, so a mislabelled upload still decodes. For video containers the first
/// audio track is used.
///
/// A stream cut off part-way (an upload that lost its tail) yields the audio before the cut;
/// damage in the header is an error.
pub fn to_pcm16k(bytes: &[u8], content_type: Option<&str>) -> Result<Pcm, MediaError> {
    to_pcm16k_with(bytes, content_type, &DecodeOptions::default())
}

/// [`to_pcm16k`] with explicit limits.
pub fn to_pcm16k_with(
    bytes: &[u8],
    content_type: Option<&str>,
    options: &DecodeOptions,
) -> Result<Pcm, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    // Symphonia's demuxers can panic on some malformed input (arithmetic on untrusted
    // sizes); one hostile upload must fail alone, not take down the worker thread.
    let decoded = std::panic::catch_unwind(|| decode_mono(bytes, content_type, options))
        .map_err(|_| corrupt("the demuxer failed on malformed data".into()))?;
    let (mono, rate) = decoded?;
    let samples = resample_mono(&mono, rate, SAMPLE_RATE)?;
    if samples.len() < MIN_SAMPLES_AT_16K {
        return Err(MediaError::Empty);
    }
    Ok(Pcm::new(samples, SAMPLE_RATE))
}

/// Demuxes and decodes the first audio track to mono at its own sample rate.
fn decode_mono(
    bytes: &[u8],
    content_type: Option<&str>,
    options: &DecodeOptions,
) -> Result<(Vec<f32>, u32), MediaError> {
    let mut format = open_container(bytes, content_type)?;
    let track = pick_audio_track(format.as_ref())?;
    let (track_id, params) = (track.id, track.codec_params.clone());
    let mut decoder = TrackDecoder::new(&params)?;
    let rate = decoder.sample_rate();
    if rate == 0 || rate > MAX_SOURCE_RATE {
        return Err(corrupt(format!("implausible sample rate {rate} Hz")));
    }
    let max_samples = (options.max_duration_s.max(0.0) * f64::from(rate)) as usize;

    let mut mono = Vec::new();
    let (mut good, mut bad) = (0usize, 0usize);
    loop {
        let packet = match format.next_packet() {
            Ok(packet) => packet,
            // The normal end of a stream, and also where a truncated upload stops.
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            // A chained stream with new parameters: only the first part is the answer.
            Err(SymError::ResetRequired) => break,
            Err(e) if good > 0 => {
                // Damage after some audio decoded: keep what we have, as for truncation.
                let _ = e;
                break;
            }
            Err(e) => return Err(corrupt(format!("demuxing: {e}"))),
        };
        if packet.track_id() != track_id {
            continue;
        }
        match decoder.decode(&packet, &mut mono) {
            Ok(()) => good += 1,
            Err(DecodeFailure::Packet) => bad += 1,
            Err(DecodeFailure::Fatal(e)) => return Err(e),
        }
        if mono.len() > max_samples {
            return Err(MediaError::TooLong {
                max_s: options.max_duration_s,
            });
        }
    }
    if good == 0 {
        return Err(if bad > 0 {
            corrupt("no audio packet could be decoded".into())
        } else {
            MediaError::Empty
        });
    }
    Ok((mono, rate))
}

fn open_container(
    bytes: &[u8],
    content_type: Option<&str>,
) -> Result<Box<dyn FormatReader>, MediaError> {
    let mut hint = Hint::new();
    let mime = content_type.map(base_mime);
    if let Some(mime) = mime.as_deref() {
        hint.mime_type(mime);
        if let Some(ext) = extension_for(mime) {
            hint.with_extension(ext);
        }
    }
    // The reader must own its data ('static); uploads are bounded, so one copy is fine.
    let source = MediaSourceStream::new(Box::new(Cursor::new(bytes.to_vec())), Default::default());
    let format_options = FormatOptions {
        // Drops encoder delay/padding for MP3 and AAC so timestamps match the recording.
        enable_gapless: true,
        ..Default::default()
    };
    symphonia::default::get_probe()
        .format(&hint, source, &format_options, &MetadataOptions::default())
        .map(|probed| probed.format)
        .map_err(|e| match e {
            SymError::Unsupported(_) => MediaError::UnsupportedContainer {
                content_type: content_type.map(str::to_string),
            },
            other => corrupt(format!("reading the container header: {other}")),
        })
}

fn pick_audio_track(
    format: &dyn FormatReader,
) -> Result<&symphonia::core::formats::Track, MediaError> {
    let tracks = format.tracks();
    if let Some(track) = tracks.iter().find(|t| {
        let p = &t.codec_params;
        p.codec != codecs::CODEC_TYPE_NULL
            && (p.sample_rate.is_some()
                || p.channels.is_some()
                || p.codec == codecs::CODEC_TYPE_OPUS)
    }) {
        return Ok(track);
    }
    // An audio-looking track whose codec the demuxer could not even name.
    if tracks.iter().any(|t| t.codec_params.sample_rate.is_some()) {
        return Err(MediaError::UnsupportedCodec {
            codec: "unknown".into(),
        });
    }
    Err(MediaError::NoAudioTrack)
}

/// `audio/webm; codecs="opus"` → `audio/webm`.
fn base_mime(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn extension_for(mime: &str) -> Option<&'static str> {
    Some(match mime {
        "audio/webm" | "video/webm" => "webm",
        "audio/x-matroska" | "video/x-matroska" => "mkv",
        "audio/ogg" | "application/ogg" | "audio/opus" => "ogg",
        "audio/mp4" | "video/mp4" | "audio/x-m4a" | "audio/m4a" | "video/quicktime" => "mp4",
        "audio/aac" | "audio/x-aac" => "aac",
        "audio/mpeg" | "audio/mp3" => "mp3",
        "audio/wav" | "audio/x-wav" | "audio/wave" | "audio/vnd.wave" => "wav",
        _ => return None,
    })
}

enum DecodeFailure {
    /// One bad packet: skipped, as players do.
    Packet,
    /// The decoder cannot go on.
    Fatal(MediaError),
}

/// Symphonia's own decoders, or libopus for Opus.
enum TrackDecoder {
    Symphonia {
        decoder: Box<dyn Decoder>,
        rate: u32,
        buf: Option<SampleBuffer<f32>>,
    },
    Opus(OpusTrack),
}

impl TrackDecoder {
    fn new(params: &CodecParameters) -> Result<Self, MediaError> {
        if params.codec == codecs::CODEC_TYPE_OPUS {
            let channels = params.channels.map_or(1, |c| c.count());
            let head = OpusHead::parse(params.extra_data.as_deref(), channels)?;
            return Ok(Self::Opus(OpusTrack::new(&head)?));
        }
        let decoder = symphonia::default::get_codecs()
            .make(params, &DecoderOptions::default())
            .map_err(|_| MediaError::UnsupportedCodec {
                codec: codec_name(params.codec),
            })?;
        let rate = params
            .sample_rate
            .ok_or_else(|| corrupt("audio track without a sample rate".into()))?;
        Ok(Self::Symphonia {
            decoder,
            rate,
            buf: None,
        })
    }

    fn sample_rate(&self) -> u32 {
        match self {
            Self::Symphonia { rate, .. } => *rate,
            Self::Opus(_) => OPUS_RATE,
        }
    }

    fn decode(
        &mut self,
        packet: &symphonia::core::formats::Packet,
        out: &mut Vec<f32>,
    ) -> Result<(), DecodeFailure> {
        match self {
            Self::Opus(track) => track
                .decode(packet.buf(), packet.trim_end as usize, out)
                .map_err(|()| DecodeFailure::Packet),
            Self::Symphonia { decoder, rate, buf } => {
                let decoded = match decoder.decode(packet) {
                    Ok(decoded) => decoded,
                    Err(SymError::DecodeError(_)) | Err(SymError::IoError(_)) => {
                        return Err(DecodeFailure::Packet)
                    }
                    Err(e) => return Err(DecodeFailure::Fatal(corrupt(format!("decoding: {e}")))),
                };
                let spec = *decoded.spec();
                if spec.rate != *rate {
                    // A mid-stream rate change would silently warp time; refuse instead.
                    return Err(DecodeFailure::Fatal(corrupt(
                        "sample rate changes mid-stream".into(),
                    )));
                }
                let needed = decoded.capacity() as u64;
                let sample_buf = match buf {
                    Some(b) if b.capacity() as u64 >= needed * spec.channels.count() as u64 => b,
                    _ => buf.insert(SampleBuffer::new(needed, spec)),
                };
                sample_buf.copy_interleaved_ref(decoded);
                append_mono(sample_buf.samples(), spec.channels.count(), out);
                Ok(())
            }
        }
    }
}

fn codec_name(codec: CodecType) -> String {
    if let Some(d) = symphonia::default::get_codecs().get_codec(codec) {
        return d.short_name.to_string();
    }
    let name = match codec {
        c if c == codecs::CODEC_TYPE_VORBIS => "vorbis",
        c if c == codecs::CODEC_TYPE_FLAC => "flac",
        c if c == codecs::CODEC_TYPE_ALAC => "alac",
        c if c == codecs::CODEC_TYPE_EAC3 => "eac3",
        c if c == codecs::CODEC_TYPE_SPEEX => "speex",
        c if c == codecs::CODEC_TYPE_WAVPACK => "wavpack",
        c if c == codecs::CODEC_TYPE_PCM_ALAW => "pcm a-law",
        c if c == codecs::CODEC_TYPE_PCM_MULAW => "pcm mu-law",
        c => return format!("codec id {c}"),
    };
    name.to_string()
}

fn corrupt(detail: String) -> MediaError {
    MediaError::Corrupt { detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_parameters_are_ignored() {
        assert_eq!(base_mime("Audio/WebM; codecs=\"opus\""), "audio/webm");
        assert_eq!(extension_for("audio/x-m4a"), Some("mp4"));
        assert_eq!(extension_for("text/plain"), None);
    }

    #[test]
    fn empty_and_garbage_inputs() {
        assert_eq!(to_pcm16k(&[], None), Err(MediaError::Empty));
        let garbage = vec![0x5au8; 4096];
        assert!(matches!(
            to_pcm16k(&garbage, Some("audio/webm")),
            Err(MediaError::UnsupportedContainer { .. })
        ));
    }
}
