//! Recordings (webm/opus, ogg/opus, mp4/aac, wav, mp3) to 16 kHz mono `f32` PCM.
//!
//! Symphonia demuxes every container and decodes AAC, MP3 and PCM; Opus packets go to the
//! system libopus ([`crate::opus_track`]). Channels are averaged before resampling, so the
//! resampler (the costliest step) runs once, not once per channel.

use std::borrow::Cow;
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
    let bytes = patch_streaming_wav(bytes);
    let decoded = std::panic::catch_unwind(|| decode_mono(&bytes, content_type, options))
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
            // A packet using a feature the decoder lacks, after good audio: in practice a
            // damaged packet read as valid syntax (WebKitGTK's recorder repeats a fragment
            // header when it stops, and the bytes after it decode as nonsense). Skip it like
            // any damaged packet; from the start, the stream really is unsupported.
            Err(DecodeFailure::Unsupported(_)) if good > 0 => bad += 1,
            Err(DecodeFailure::Unsupported(e)) | Err(DecodeFailure::Fatal(e)) => return Err(e),
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

/// A WAV written as it was recorded (a browser without MediaRecorder streams the header
/// first) cannot know its sizes: writers put 0 or `0xFFFFFFFF` in the RIFF and data sizes.
/// Symphonia would read no audio from a zero data size, so both sizes are set from the bytes
/// that actually arrived, the data cut to whole sample frames. Any other input is returned
/// unchanged, without a copy.
fn patch_streaming_wav(bytes: &[u8]) -> Cow<'_, [u8]> {
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Cow::Borrowed(bytes);
    }
    let mut block_align = 1usize;
    let mut pos = 12usize;
    while let (Some(id), Some(size)) = (bytes.get(pos..pos + 4), u32_at(pos + 4)) {
        let body = pos + 8;
        let size = size as usize;
        if id == b"fmt " {
            if let Some(b) = bytes.get(body + 12..body + 14) {
                block_align = usize::from(u16::from_le_bytes([b[0], b[1]])).max(1);
            }
        } else if id == b"data" {
            let available = bytes.len() - body;
            let riff_ok = u32_at(4).is_some_and(|r| r as usize == bytes.len() - 8);
            if size != 0 && size <= available && (size < available || riff_ok) {
                return Cow::Borrowed(bytes);
            }
            let size = if size != 0 && size <= available {
                size
            } else {
                available - available % block_align
            };
            let Ok(size32) = u32::try_from(size) else {
                return Cow::Borrowed(bytes);
            };
            let end = body + size;
            let mut out = bytes[..end].to_vec();
            out[4..8].copy_from_slice(&((end - 8) as u32).to_le_bytes());
            out[pos + 4..body].copy_from_slice(&size32.to_le_bytes());
            return Cow::Owned(out);
        }
        pos = body.saturating_add(size).saturating_add(size & 1);
    }
    Cow::Borrowed(bytes)
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
    /// The packet needs a codec feature the decoder lacks.
    Unsupported(MediaError),
    /// The decoder cannot go on.
    Fatal(MediaError),
}

/// Symphonia's own decoders, or libopus for Opus.
enum TrackDecoder {
    Symphonia {
        decoder: Box<dyn Decoder>,
        /// Kept to build a fresh decoder after one panicked on a damaged packet.
        params: CodecParameters,
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
            params: params.clone(),
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
            Self::Symphonia {
                decoder,
                params,
                rate,
                buf,
            } => {
                // Symphonia 0.5's AAC decoder indexes past its tables on some damaged
                // packets (its issue #512, fixed upstream after 0.5.5): WebKitGTK's
                // recorder sometimes ends a recording with such bytes. One bad packet is
                // skipped as any other; the decoder's state is suspect after a panic, so
                // a fresh one takes over.
                let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    decode_packet(decoder.as_mut(), *rate, buf, packet, out)
                }));
                attempt.unwrap_or_else(|_| {
                    *decoder = symphonia::default::get_codecs()
                        .make(params, &DecoderOptions::default())
                        .map_err(|_| {
                            DecodeFailure::Fatal(corrupt("the decoder cannot restart".into()))
                        })?;
                    Err(DecodeFailure::Packet)
                })
            }
        }
    }
}

/// Decodes one packet with a Symphonia decoder and appends it, mixed down, to `out`.
fn decode_packet(
    decoder: &mut dyn Decoder,
    rate: u32,
    buf: &mut Option<SampleBuffer<f32>>,
    packet: &symphonia::core::formats::Packet,
    out: &mut Vec<f32>,
) -> Result<(), DecodeFailure> {
    let decoded = match decoder.decode(packet) {
        Ok(decoded) => decoded,
        Err(SymError::DecodeError(_)) | Err(SymError::IoError(_)) => {
            return Err(DecodeFailure::Packet)
        }
        Err(SymError::Unsupported(what)) => {
            return Err(DecodeFailure::Unsupported(corrupt(format!(
                "decoding: unsupported feature: {what}"
            ))))
        }
        Err(e) => return Err(DecodeFailure::Fatal(corrupt(format!("decoding: {e}")))),
    };
    let spec = *decoded.spec();
    if spec.rate != rate {
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

    fn wav(riff: u32, data: u32, samples: usize) -> Vec<u8> {
        let mut v = b"RIFF".to_vec();
        v.extend_from_slice(&riff.to_le_bytes());
        v.extend_from_slice(b"WAVEfmt ");
        v.extend_from_slice(&16u32.to_le_bytes());
        for x in [1u16, 1] {
            v.extend_from_slice(&x.to_le_bytes());
        }
        v.extend_from_slice(&16_000u32.to_le_bytes());
        v.extend_from_slice(&32_000u32.to_le_bytes());
        for x in [2u16, 16] {
            v.extend_from_slice(&x.to_le_bytes());
        }
        v.extend_from_slice(b"data");
        v.extend_from_slice(&data.to_le_bytes());
        v.resize(44 + 2 * samples, 7);
        v
    }

    #[test]
    fn streaming_wav_sizes_are_patched_from_the_length() {
        for placeholder in [0, u32::MAX] {
            let mut input = wav(placeholder, placeholder, 100);
            input.push(1); // half a sample frame at the end
            let patched = patch_streaming_wav(&input);
            assert_eq!(patched.as_ref(), wav(236, 200, 100), "{placeholder:#x}");
        }
        // A well-formed file, and anything that is not WAV, is left alone.
        let good = wav(236, 200, 100);
        assert!(matches!(patch_streaming_wav(&good), Cow::Borrowed(_)));
        assert!(matches!(patch_streaming_wav(b"OggS...."), Cow::Borrowed(_)));
        // A data size larger than what arrived (a cut upload) is also set to what arrived.
        assert_eq!(patch_streaming_wav(&wav(236, 400, 100)).as_ref(), good);
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
