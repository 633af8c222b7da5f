//! Opus packets (from WebM or Ogg) decoded with the system libopus.
//!
//! Symphonia demuxes Opus tracks but has no Opus decoder, so the packets come here. Both
//! containers carry the same `OpusHead` structure (RFC 7845 §5.1) as codec private data; it
//! tells the channel layout and how many leading samples are encoder padding ("pre-skip").

use crate::error::MediaError;

/// libopus decodes at 48 kHz whatever the encoder's input rate was.
pub(crate) const OPUS_RATE: u32 = 48_000;

/// The longest Opus packet is 120 ms.
const MAX_FRAME_SAMPLES: usize = OPUS_RATE as usize * 120 / 1000;

/// The fields of an `OpusHead` that decoding needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OpusHead {
    pub channels: u8,
    pub pre_skip: u16,
    pub streams: u8,
    pub coupled_streams: u8,
    pub mapping: Vec<u8>,
}

impl OpusHead {
    /// Parses an `OpusHead`; `fallback_channels` is used when the container carries none
    /// (some muxers omit the codec private data for plain mono/stereo streams).
    pub(crate) fn parse(
        extra: Option<&[u8]>,
        fallback_channels: usize,
    ) -> Result<Self, MediaError> {
        let Some(b) = extra.filter(|b| !b.is_empty()) else {
            return Self::simple(fallback_channels.clamp(1, 2) as u8, 0);
        };
        if b.len() < 19 || &b[..8] != b"OpusHead" {
            return Err(corrupt("malformed OpusHead"));
        }
        let channels = b[9];
        let pre_skip = u16::from_le_bytes([b[10], b[11]]);
        let family = b[18];
        if family == 0 {
            if !(1..=2).contains(&channels) {
                return Err(corrupt("OpusHead channel count"));
            }
            return Self::simple(channels, pre_skip);
        }
        let n = usize::from(channels);
        if n == 0 || b.len() < 21 + n {
            return Err(corrupt("OpusHead channel mapping"));
        }
        let (streams, coupled_streams) = (b[19], b[20]);
        if streams == 0 || coupled_streams > streams {
            return Err(corrupt("OpusHead stream counts"));
        }
        Ok(Self {
            channels,
            pre_skip,
            streams,
            coupled_streams,
            mapping: b[21..21 + n].to_vec(),
        })
    }

    fn simple(channels: u8, pre_skip: u16) -> Result<Self, MediaError> {
        Ok(Self {
            channels,
            pre_skip,
            streams: 1,
            coupled_streams: channels - 1,
            mapping: (0..channels).collect(),
        })
    }
}

/// Decodes one Opus track packet by packet into mono 48 kHz samples.
pub(crate) struct OpusTrack {
    decoder: opus::MSDecoder,
    channels: usize,
    to_skip: usize,
    buf: Vec<f32>,
}

impl OpusTrack {
    pub(crate) fn new(head: &OpusHead) -> Result<Self, MediaError> {
        // The multistream decoder also covers plain mono/stereo (one stream), so one code
        // path serves every channel mapping family.
        let decoder =
            opus::MSDecoder::new(OPUS_RATE, head.streams, head.coupled_streams, &head.mapping)
                .map_err(|e| MediaError::UnsupportedCodec {
                    codec: format!("opus ({} channels): {e}", head.channels),
                })?;
        let channels = usize::from(head.channels);
        Ok(Self {
            decoder,
            channels,
            to_skip: usize::from(head.pre_skip),
            buf: vec![0.0; MAX_FRAME_SAMPLES * channels],
        })
    }

    /// Decodes one packet and appends its mono mix to `out`, dropping `trim_end` samples
    /// (per channel, at 48 kHz) from the packet's end as the container asks.
    /// Returns `Err(())` for a packet libopus rejects: the caller counts and skips those.
    pub(crate) fn decode(
        &mut self,
        packet: &[u8],
        trim_end: usize,
        out: &mut Vec<f32>,
    ) -> Result<(), ()> {
        let frames = self
            .decoder
            .decode_float(packet, &mut self.buf, false)
            .map_err(|_| ())?;
        let frames = frames.saturating_sub(trim_end);
        let interleaved = &self.buf[..frames * self.channels];
        let skip = self.to_skip.min(frames);
        self.to_skip -= skip;
        crate::mixdown::append_mono(&interleaved[skip * self.channels..], self.channels, out);
        Ok(())
    }
}

fn corrupt(detail: &str) -> MediaError {
    MediaError::Corrupt {
        detail: detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(channels: u8, pre_skip: u16, family: u8) -> Vec<u8> {
        let mut b = b"OpusHead".to_vec();
        b.push(1);
        b.push(channels);
        b.extend_from_slice(&pre_skip.to_le_bytes());
        b.extend_from_slice(&48_000u32.to_le_bytes());
        b.extend_from_slice(&0i16.to_le_bytes());
        b.push(family);
        b
    }

    #[test]
    fn parses_family_zero_stereo() {
        let h = OpusHead::parse(Some(&head(2, 312, 0)), 1).unwrap();
        assert_eq!(h.channels, 2);
        assert_eq!(h.pre_skip, 312);
        assert_eq!((h.streams, h.coupled_streams), (1, 1));
        assert_eq!(h.mapping, vec![0, 1]);
    }

    #[test]
    fn parses_family_one_mapping() {
        let mut b = head(3, 0, 1);
        b.extend_from_slice(&[2, 1, 0, 1, 2]);
        let h = OpusHead::parse(Some(&b), 1).unwrap();
        assert_eq!((h.streams, h.coupled_streams), (2, 1));
        assert_eq!(h.mapping, vec![0, 1, 2]);
    }

    #[test]
    fn rejects_garbage_head() {
        assert!(matches!(
            OpusHead::parse(Some(b"NotOpusAtAll-----------"), 1),
            Err(MediaError::Corrupt { .. })
        ));
        assert!(OpusHead::parse(Some(&head(0, 0, 0)), 1).is_err());
    }

    #[test]
    fn missing_head_falls_back_to_container_channels() {
        let h = OpusHead::parse(None, 2).unwrap();
        assert_eq!((h.channels, h.pre_skip), (2, 0));
    }
}
