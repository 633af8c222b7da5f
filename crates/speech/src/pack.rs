//! Several short clips in one whisper window. Whisper encodes a full 30 s window whatever the
//! clip's length (fitting the window to the clip costs accuracy, see [`crate::Window`]), so a
//! 5 s answer pays for 30 s. Clips of the same language are instead laid end to end with
//! silence between them, transcribed once, and the output is cut back into clips: the
//! cut-and-merge idea of WhisperX (Bain et al., 2023), with whisper's own text and token
//! timestamps in place of a separate aligner.
//!
//! Everything here is arithmetic on sample counts and centisecond timestamps, so the layout
//! and the cut are tested without a model; [`crate::Transcriber::transcribe_packed`] runs them.
//!
//! The cut trusts whisper's text over its times: heuristic token times run late by a word or
//! two (cutting by time alone moved the first words of a clip, "Ten of", "He was", to the
//! clip before: English WER 26.7%), and whisper.cpp's DTW timestamps (which need flash
//! attention off) put the words of short clips a clip late (13.9% with the cut below). So
//! a cut goes where a sentence ends, and the times choose which sentence end (see
//! [`split`]).
//!
//! Measured on `shared/eval/audio` (`examples/transcribe_rtf --path --vad … --pack 28:1.5`,
//! Silero VAD, 2 threads, 2026-12-04): CPU per audio second 0.432 packed against 0.869 clip
//! by clip (wall RTF 0.225 against 0.446); English WER 5.9% against 10.9% (5.9% against
//! 4.0% with numbers normalised: packed, whisper writes "four" where alone it wrote "4", and
//! hears "clubs" as "clothes" twice more), synthetic Mandarin CER 10.4% against 10.8%. The
//! server transcribes a candidate's waiting recordings this way.

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

/// What [`split`] gives one clip of a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipText {
    pub pieces: Vec<Piece>,
    /// False when a cut next to this clip's text fell where no sentence ended: whisper did
    /// not punctuate there, so only the rough token times placed it, and they can be a
    /// word off. The caller transcribes such a clip again on its own.
    pub sure: bool,
}

/// Centiseconds per sample at 16 kHz: 160 samples per centisecond.
const SAMPLES_PER_CS: usize = 160;

/// What a cut costs, in centiseconds of timing disagreement (summed over the tokens that
/// would otherwise sit outside their clip's territory). Whisper's token times are rough:
/// heuristic ones run late by a word or two, and a segment's last token is often put at
/// the next clip's start. Its text is more reliable: a clip's answer almost always ends a
/// sentence before the silence between clips. So the text says where a cut may go and the
/// times only choose among those places.
///
/// After a sentence's final punctuation: free.
const CUT_AT_SENTENCE: i64 = 0;
/// Before a capitalised word (a sentence whisper did not punctuate) or after a clause mark
/// (a comma, a semicolon): cheap.
const CUT_AT_CLAUSE: i64 = 50;
/// Between two words of one sentence: only when the times disagree by more than 3 s in all,
/// as they do when an answer was cut off mid-sentence and the next one follows.
const CUT_IN_SENTENCE: i64 = 300;

/// Cuts whisper's output for `window` back into clips: `result[i]` holds the pieces of
/// `window.placements[i]`, in order, and whether its cuts fell at sentence ends. Each clip
/// owns its own span plus half of the silence on either side. The tokens are assigned to
/// clips in order (never back to an earlier clip) by a minimum-cost cut: a token costs its
/// time's distance from its clip's territory, a cut costs nothing after a full stop,
/// [`CUT_AT_CLAUSE`] after a comma or before a capital, [`CUT_IN_SENTENCE`] between other
/// words, and is impossible inside a word, a character or before punctuation. A segment
/// that stays whole keeps whisper's segment times; a cut one gets its tokens' times. Times
/// are clamped into the clip, so the player never seeks outside it.
pub fn split(window: &Window, segments: &[RawSegment]) -> Vec<ClipText> {
    let n = window.placements.len();
    let mut out: Vec<ClipText> = vec![
        ClipText {
            pieces: Vec::new(),
            sure: true,
        };
        n
    ];
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
    let distance = |t: i64, k: usize| {
        borders[k]
            .saturating_sub(t)
            .max(t.saturating_sub(borders[k + 1]))
            .max(0)
    };

    // The window's tokens in order, with their segment and the cost of a cut before them.
    let mut tokens: Vec<(usize, &TimedToken, Option<i64>)> = Vec::new();
    for (si, seg) in segments.iter().enumerate() {
        for tok in &seg.tokens {
            // Between segments too, the text decides: whisper ends segments inside
            // sentences as well.
            let cut = match tokens.last() {
                None => Some(CUT_AT_SENTENCE),
                Some((_, prev, _)) => cut_cost(prev, tok),
            };
            tokens.push((si, tok, cut));
        }
    }
    let clip_of = assign(&tokens, n, |i, k| {
        let t = tokens[i].1;
        distance((t.t0 + t.t1.max(t.t0)) / 2, k)
    });

    for i in 1..tokens.len() {
        if clip_of[i] != clip_of[i - 1] && tokens[i].2 != Some(CUT_AT_SENTENCE) {
            out[clip_of[i - 1]].sure = false;
            out[clip_of[i]].sure = false;
        }
    }
    let mut emit = |k: usize, t0: i64, t1: i64, bytes: Vec<u8>| {
        let p = window.placements[k];
        // The end from the length, so a time never passes the clip's own end.
        let (start, end) = (to_cs(p.offset), to_cs(p.offset) + to_cs(p.len));
        let clamp = |t: i64| t.clamp(start, end) - start;
        let (s, e) = (clamp(t0), clamp(t1.max(t0)));
        out[k].pieces.push(Piece {
            start_cs: s,
            end_cs: e,
            bytes,
        });
    };
    // Runs of consecutive tokens of one segment and one clip.
    let mut i = 0;
    while i < tokens.len() {
        let (si, first, _) = tokens[i];
        let k = clip_of[i];
        let mut j = i;
        let mut bytes = Vec::new();
        while j < tokens.len() && tokens[j].0 == si && clip_of[j] == k {
            bytes.extend_from_slice(&tokens[j].1.bytes);
            j += 1;
        }
        let seg = &segments[si];
        let whole = i == 0 || tokens[i - 1].0 != si;
        let whole = whole && (j == tokens.len() || tokens[j].0 != si);
        if whole {
            emit(k, seg.t0, seg.t1, bytes);
        } else {
            emit(k, first.t0, tokens[j - 1].1.t1, bytes);
        }
        i = j;
    }
    out
}

/// The cost of a cut between consecutive tokens `prev` and `tok`, or `None` where text
/// must not be cut: inside a word, inside a character whisper spelt in two tokens, or
/// before punctuation (it belongs to the words before it).
fn cut_cost(prev: &TimedToken, tok: &TimedToken) -> Option<i64> {
    let Some(&first) = tok.bytes.first() else {
        return Some(CUT_IN_SENTENCE);
    };
    // A UTF-8 continuation byte: the rest of a character begun in `prev`.
    if (0x80..0xC0).contains(&first) || ends_inside_a_character(&prev.bytes) {
        return None;
    }
    let text = String::from_utf8_lossy(&tok.bytes);
    let Some(c) = text.chars().next() else {
        return Some(CUT_IN_SENTENCE);
    };
    if c.is_ascii_alphanumeric() && prev.bytes.last().is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    if !c.is_alphanumeric() && !c.is_whitespace() {
        return None;
    }
    let before = String::from_utf8_lossy(&prev.bytes);
    let before = before.trim_end();
    if before.ends_with(['.', '?', '!', '。', '？', '！', '…']) {
        return Some(CUT_AT_SENTENCE);
    }
    let capital = text.trim_start().starts_with(char::is_uppercase);
    if capital || before.ends_with([',', ';', ':', '，', '；', '：', '、']) {
        return Some(CUT_AT_CLAUSE);
    }
    Some(CUT_IN_SENTENCE)
}

/// True when `bytes` end in the middle of a UTF-8 character.
fn ends_inside_a_character(bytes: &[u8]) -> bool {
    // Look back at most 3 bytes for the start of the last character.
    for (back, &b) in bytes.iter().rev().take(4).enumerate() {
        if b < 0x80 {
            return false;
        }
        if b >= 0xC0 {
            let len = if b >= 0xF0 {
                4
            } else if b >= 0xE0 {
                3
            } else {
                2
            };
            return back + 1 < len;
        }
    }
    false
}

/// The minimum-cost monotone assignment of tokens to clips: `token_cost(i, k)` for token
/// `i` in clip `k`, plus each cut's cost (`tokens[i].2`, `None` = no cut before token
/// `i`). Clips may be skipped (whisper may leave a quiet clip out); ties go to the earlier
/// clip, so the result is deterministic.
fn assign(
    tokens: &[(usize, &TimedToken, Option<i64>)],
    n: usize,
    token_cost: impl Fn(usize, usize) -> i64,
) -> Vec<usize> {
    let t = tokens.len();
    if t == 0 {
        return Vec::new();
    }
    const INF: i64 = i64::MAX / 4;
    // cost[i][k]: best cost of tokens 0..=i with token i in clip k; from[i][k]: clip of
    // token i-1 on that best path.
    let mut cost = vec![vec![INF; n]; t];
    let mut from = vec![vec![0usize; n]; t];
    for (k, c) in cost[0].iter_mut().enumerate() {
        *c = token_cost(0, k);
    }
    for i in 1..t {
        // The best earlier clip to come from, for every k: a running minimum.
        let cut = tokens[i].2;
        let mut best_before: (i64, usize) = (INF, 0);
        for k in 0..n {
            let stay = cost[i - 1][k];
            let (mut c, mut f) = (stay, k);
            if let Some(cut) = cut {
                if best_before.0 < INF && best_before.0 + cut < c {
                    c = best_before.0 + cut;
                    f = best_before.1;
                }
            }
            if c < INF {
                cost[i][k] = c + token_cost(i, k);
                from[i][k] = f;
            }
            if cost[i - 1][k] < best_before.0 {
                best_before = (cost[i - 1][k], k);
            }
        }
    }
    let mut k = (0..n).min_by_key(|&k| (cost[t - 1][k], k)).unwrap_or(0);
    let mut clip_of = vec![0; t];
    for i in (0..t).rev() {
        clip_of[i] = k;
        k = from[i][k];
    }
    clip_of
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

    fn texts(clip: &ClipText) -> Vec<(i64, i64, String)> {
        clip.pieces
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
        // Cut inside a sentence: both clips are to be transcribed again alone.
        assert!(!pieces[0].sure && !pieces[1].sure);
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
                tok("X", 420, 480),
            ],
        }];
        let pieces = split(&w[0], &segments);
        assert_eq!(texts(&pieces[0]), vec![(100, 120, "哈".to_string())]);
        assert_eq!(texts(&pieces[1]), vec![(120, 180, "X".to_string())]);
    }

    /// Clip 0: 0–5 s, clip 1: 7–10 s (border at 6 s).
    fn two_clips() -> Window {
        plan(&[5 * S, 3 * S], 30 * S, 2 * S).remove(0)
    }

    #[test]
    fn a_sentence_end_is_preferred_to_late_token_times() {
        // Whisper's heuristic times put " Ten of" before the border, but the sentence ended
        // at "himself.": the next clip's first words stay with it.
        let segments = vec![RawSegment {
            t0: 0,
            t1: 900,
            tokens: vec![
                tok(" made amiable", 0, 300),
                tok(" himself", 300, 450),
                tok(".", 450, 500),
                tok(" Ten", 500, 560),
                tok(" of", 560, 590),
                tok(" clubs", 720, 850),
                tok(".", 850, 900),
            ],
        }];
        let pieces = split(&two_clips(), &segments);
        assert_eq!(
            texts(&pieces[0]),
            vec![(0, 500, " made amiable himself.".to_string())]
        );
        assert_eq!(
            texts(&pieces[1]),
            vec![(0, 200, " Ten of clubs.".to_string())]
        );
        assert!(pieces[0].sure && pieces[1].sure);
    }

    #[test]
    fn punctuation_stays_with_the_words_before_it() {
        // The full stop's time falls in clip 1; it still ends clip 0's sentence.
        let segments = vec![
            RawSegment {
                t0: 0,
                t1: 720,
                tokens: vec![
                    tok(" five", 100, 300),
                    tok(" five", 300, 480),
                    tok(".", 650, 720),
                ],
            },
            RawSegment {
                t0: 750,
                t1: 950,
                tokens: vec![tok(" Eight", 750, 850), tok(" of spades", 850, 950)],
            },
        ];
        let pieces = split(&two_clips(), &segments);
        assert_eq!(texts(&pieces[0]), vec![(0, 500, " five five.".to_string())]);
        assert_eq!(
            texts(&pieces[1]),
            vec![(50, 250, " Eight of spades".to_string())]
        );
        assert!(pieces[0].sure && pieces[1].sure);
    }

    #[test]
    fn a_sentence_is_cut_between_words_only_when_the_times_clearly_disagree() {
        // No full stop at the border, and four words well inside clip 1: cut before them,
        // never inside "amiable".
        let segments = vec![RawSegment {
            t0: 0,
            t1: 1000,
            tokens: vec![
                tok(" he was", 0, 400),
                tok(" not", 400, 480),
                tok(" am", 720, 760),
                tok("iable", 760, 800),
                tok(" at", 800, 850),
                tok(" all", 850, 900),
                tok(" then", 900, 1000),
            ],
        }];
        let pieces = split(&two_clips(), &segments);
        assert_eq!(texts(&pieces[0]), vec![(0, 480, " he was not".to_string())]);
        assert_eq!(
            texts(&pieces[1]),
            vec![(20, 300, " amiable at all then".to_string())]
        );
        assert!(!pieces[0].sure && !pieces[1].sure);
    }

    #[test]
    fn a_clip_whisper_left_out_gets_nothing() {
        // Three clips; whisper heard only the first and the last.
        let w = plan(&[3 * S, 3 * S, 3 * S], 30 * S, 2 * S).remove(0);
        let segments = vec![
            RawSegment {
                t0: 0,
                t1: 300,
                tokens: vec![tok(" first.", 0, 300)],
            },
            RawSegment {
                t0: 1000,
                t1: 1300,
                tokens: vec![tok(" third.", 1000, 1300)],
            },
        ];
        let pieces = split(&w, &segments);
        assert_eq!(texts(&pieces[0]), vec![(0, 300, " first.".to_string())]);
        assert!(pieces[1].pieces.is_empty(), "{:?}", texts(&pieces[1]));
        assert!(pieces.iter().all(|c| c.sure));
        assert_eq!(texts(&pieces[2]), vec![(0, 300, " third.".to_string())]);
    }
}
