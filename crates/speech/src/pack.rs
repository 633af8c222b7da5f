//! Several short clips in one whisper window. Whisper encodes a full 30 s window whatever the
//! clip's length (fitting the window to the clip costs accuracy, see [`crate::Window`]), so a
//! 5 s answer pays for 30 s. Clips of the same language are instead laid end to end with
//! silence between them, transcribed once, and the output is cut back into clips by time:
//! the cut-and-merge idea of WhisperX (Bain et al., 2023), with whisper's own token timestamps
//! in place of a separate aligner.
//!
//! Everything here is arithmetic on sample counts and centisecond timestamps, so the layout
//! and the cut are tested without a model; [`crate::Transcriber::transcribe_packed`] runs them.
//!
//! Not used by the product yet. Measured on `shared/eval/audio` (`examples/transcribe_rtf
//! --pack 28:1.5`, Silero VAD, 2 threads): CPU per audio second 0.400 packed vs 0.809 clip
//! by clip, synthetic Mandarin CER 10.4% vs 10.8%, but English WER 26.7% vs 10.9%. The
//! recognition is as good; the cut is not: whisper.cpp's heuristic token times run late, so
//! the first word or two of a clip ("Ten of", "He was") land at the end of the clip before.
//! The cut needs better token times (whisper.cpp's DTW timestamps) before the server uses it.

/// Where a clip sits in a packed window, in samples from the window's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The clip's index in the caller's list.
    pub clip: usize,
    pub offset: usize,
    pub len: usize,
}

/// Clips laid out in one window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub placements: Vec<Placement>,
    /// Samples in the window, gaps included.
    pub len: usize,
}

/// Groups clips (given by their lengths in samples) into windows of at most `budget` samples,
/// with `gap` samples of silence between neighbours. First fit in the given order, so the
/// grouping is deterministic and clips keep their order inside a window; a clip longer than
/// the budget gets a window of its own (whisper then runs over it window by window, as
/// usual). Empty clips are left out: the caller answers them without whisper.
pub fn plan(lengths: &[usize], budget: usize, gap: usize) -> Vec<Window> {
    let mut windows: Vec<Window> = Vec::new();
    for (clip, &len) in lengths.iter().enumerate() {
        if len == 0 {
            continue;
        }
        let fits = windows.iter_mut().find(|w| w.len + gap + len <= budget);
        match fits {
            Some(w) => {
                let offset = w.len + gap;
                w.placements.push(Placement { clip, offset, len });
                w.len = offset + len;
            }
            None => windows.push(Window {
                placements: vec![Placement {
                    clip,
                    offset: 0,
                    len,
                }],
                len,
            }),
        }
    }
    windows
}

/// The window's samples: each clip at its offset, silence (zeros) between.
pub fn assemble(window: &Window, clips: &[&[f32]]) -> Vec<f32> {
    let mut pcm = vec![0.0f32; window.len];
    for p in &window.placements {
        pcm[p.offset..p.offset + p.len].copy_from_slice(&clips[p.clip][..p.len]);
    }
    pcm
}

/// A decoded text token with whisper's timestamps (centiseconds from the window's start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedToken {
    pub bytes: Vec<u8>,
    pub t0: i64,
    pub t1: i64,
}

/// One of whisper's segments: its own start and end, and its text tokens (special and
/// timestamp tokens already left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSegment {
    pub t0: i64,
    pub t1: i64,
    pub tokens: Vec<TimedToken>,
}

/// A piece of text that belongs to one clip, timed from that clip's own start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub start_cs: i64,
    pub end_cs: i64,
    pub bytes: Vec<u8>,
}

/// Centiseconds per sample at 16 kHz: 160 samples per centisecond.
const SAMPLES_PER_CS: usize = 160;

/// Cuts whisper's output for `window` back into clips: `result[i]` holds the pieces of
/// `window.placements[i]`, in order. Each clip owns its own span plus half of the silence on
/// either side; a segment inside one clip's territory goes to that clip whole (with
/// whisper's segment times), a segment that crosses a border is cut between tokens by each
/// token's midpoint. Times are clamped into the clip, so the player never seeks outside it.
pub fn split(window: &Window, segments: &[RawSegment]) -> Vec<Vec<Piece>> {
    let n = window.placements.len();
    let mut out: Vec<Vec<Piece>> = vec![Vec::new(); n];
    if n == 0 {
        return out;
    }
    // Territory borders in centiseconds: clip k owns [border[k], border[k+1]).
    let to_cs = |samples: usize| (samples / SAMPLES_PER_CS) as i64;
    let mut borders = Vec::with_capacity(n + 1);
    borders.push(i64::MIN);
    for pair in window.placements.windows(2) {
        let end = pair[0].offset + pair[0].len;
        borders.push(to_cs((end + pair[1].offset) / 2));
    }
    borders.push(i64::MAX);
    let owner = |t: i64| -> usize {
        // The last clip whose territory starts at or before t.
        (0..n).rev().find(|&k| borders[k] <= t).unwrap_or(0)
    };
    let mut emit = |k: usize, t0: i64, t1: i64, bytes: Vec<u8>| {
        let p = window.placements[k];
        let (start, end) = (to_cs(p.offset), to_cs(p.offset + p.len));
        let clamp = |t: i64| t.clamp(start, end) - start;
        let (s, e) = (clamp(t0), clamp(t1.max(t0)));
        out[k].push(Piece {
            start_cs: s,
            end_cs: e,
            bytes,
        });
    };
    for seg in segments {
        if seg.tokens.is_empty() {
            continue;
        }
        let (first, last) = (owner(seg.t0), owner((seg.t1 - 1).max(seg.t0)));
        if first == last {
            let bytes = seg.tokens.iter().flat_map(|t| t.bytes.clone()).collect();
            emit(first, seg.t0, seg.t1, bytes);
            continue;
        }
        // Crosses a border: runs of consecutive tokens with the same owner.
        let mut run: Option<(usize, i64, i64, Vec<u8>)> = None;
        for tok in &seg.tokens {
            let k = owner((tok.t0 + tok.t1) / 2);
            match &mut run {
                Some((rk, _, end, bytes)) if *rk == k => {
                    *end = tok.t1;
                    bytes.extend_from_slice(&tok.bytes);
                }
                _ => {
                    if let Some((rk, s, e, b)) = run.take() {
                        emit(rk, s, e, b);
                    }
                    run = Some((k, tok.t0, tok.t1, tok.bytes.clone()));
                }
            }
        }
        if let Some((rk, s, e, b)) = run {
            emit(rk, s, e, b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: usize = 16_000;

    #[test]
    fn clips_are_packed_first_fit_in_order_with_gaps() {
        // 30 s budget, 1 s gaps.
        let w = plan(&[5 * S, 20 * S, 4 * S, 40 * S, 0, 3 * S], 30 * S, S);
        assert_eq!(w.len(), 3);
        assert_eq!(
            w[0].placements,
            vec![
                Placement {
                    clip: 0,
                    offset: 0,
                    len: 5 * S
                },
                Placement {
                    clip: 1,
                    offset: 6 * S,
                    len: 20 * S
                },
                Placement {
                    clip: 5,
                    offset: 27 * S,
                    len: 3 * S
                },
            ]
        );
        assert_eq!(w[0].len, 30 * S);
        // The 4 s clip did not fit after 26 s (+1 s gap): a new window, which the 40 s clip
        // cannot share.
        assert_eq!(w[1].placements.len(), 1);
        assert_eq!(w[1].placements[0].clip, 2);
        assert_eq!(w[2].placements[0].clip, 3);
        assert_eq!(w[2].len, 40 * S);
    }

    #[test]
    fn assemble_puts_silence_between_clips() {
        let (a, b) = (vec![0.5f32; 3], vec![-0.25f32; 2]);
        let w = plan(&[3, 2], 100, 4);
        assert_eq!(
            assemble(&w[0], &[&a, &b]),
            vec![0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, -0.25, -0.25]
        );
    }

    fn tok(text: &str, t0: i64, t1: i64) -> TimedToken {
        TimedToken {
            bytes: text.as_bytes().to_vec(),
            t0,
            t1,
        }
    }

    fn texts(pieces: &[Piece]) -> Vec<(i64, i64, String)> {
        pieces
            .iter()
            .map(|p| {
                (
                    p.start_cs,
                    p.end_cs,
                    String::from_utf8(p.bytes.clone()).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn segments_inside_a_clip_go_whole_and_crossing_ones_are_cut_by_token_times() {
        // Clip 0: 0–5 s, gap to 7 s, clip 1: 7–10 s. Border at 6 s (600 cs).
        let w = plan(&[5 * S, 3 * S], 30 * S, 2 * S);
        let segments = vec![
            RawSegment {
                t0: 0,
                t1: 300,
                tokens: vec![tok(" ten", 0, 150), tok(" of clubs", 150, 300)],
            },
            // Runs from clip 0 into clip 1: cut between "spades" and "four".
            RawSegment {
                t0: 320,
                t1: 900,
                tokens: vec![
                    tok(" eight of", 320, 420),
                    tok(" spades", 420, 500),
                    tok(" four", 720, 780),
                    tok(" of clubs", 780, 900),
                ],
            },
            // Ends past the window's last clip: clamped to the clip's end (10 s).
            RawSegment {
                t0: 900,
                t1: 1200,
                tokens: vec![tok(" seven", 900, 1200)],
            },
            RawSegment {
                t0: 1200,
                t1: 1250,
                tokens: vec![],
            },
        ];
        let pieces = split(&w[0], &segments);
        assert_eq!(
            texts(&pieces[0]),
            vec![
                (0, 300, " ten of clubs".to_string()),
                (320, 500, " eight of spades".to_string()),
            ]
        );
        assert_eq!(
            texts(&pieces[1]),
            vec![
                (20, 200, " four of clubs".to_string()),
                (200, 300, " seven".to_string()),
            ]
        );
    }

    #[test]
    fn multibyte_characters_split_across_tokens_stay_together() {
        // "哈" is three bytes that whisper may emit as two tokens with the same time.
        let ha = "哈".as_bytes();
        let w = plan(&[2 * S, 2 * S], 30 * S, S);
        let segments = vec![RawSegment {
            t0: 0,
            t1: 500,
            tokens: vec![
                TimedToken {
                    bytes: ha[..2].to_vec(),
                    t0: 100,
                    t1: 110,
                },
                TimedToken {
                    bytes: ha[2..].to_vec(),
                    t0: 110,
                    t1: 120,
                },
                tok("x", 350, 400),
            ],
        }];
        let pieces = split(&w[0], &segments);
        assert_eq!(texts(&pieces[0]), vec![(100, 120, "哈".to_string())]);
        assert_eq!(texts(&pieces[1]), vec![(50, 100, "x".to_string())]);
    }
}
