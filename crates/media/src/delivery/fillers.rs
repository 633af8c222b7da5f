//! Filler words ("嗯", "那个", "um", "like" …), counted with rules that skip ordinary uses.
//!
//! The rules, so a reviewer can see what was counted:
//!
//! Mandarin (per character):
//! - 嗯, 呃: always a filler (each run, so 嗯嗯 counts once). 额 only when it stands alone
//!   between punctuation, since it is also a word (金额, 额外).
//! - 啊: only at the start of a clause (after punctuation or at the start). Clause-final 啊
//!   is a modal particle (好啊), not a hesitation.
//! - 那个, 这个, 就是: only when followed by punctuation, the end, or another filler
//!   (那个，我们 / 就是就是 / 那个嗯). 那个项目 ("that project") and 这就是 are ordinary words.
//! - 然后: only when immediately repeated (然后然后) or followed by another filler;
//!   a single 然后 ("and then") is a normal connective.
//!
//! English (per word, case-insensitive):
//! - um, umm, uh, uhh, uhm, er, erm, hmm: always fillers.
//! - like: only when set off by a comma on either side (", like," / "Like, we…") or right
//!   before another filler ("like um"). "I like", "looks like",
//!   "would like" and "like this" are not counted.
//! - you know: only when followed by a comma, a full stop or the end and not preceded by
//!   do/did/don't/didn't/if/what ("do you know", "if you know").
//!
//! Recognisers often leave hesitations out of transcripts, so these counts are a lower bound.

use std::collections::BTreeMap;

use super::units::Token;
use super::Language;

/// Fillers found in a transcript, by their written form.
pub(crate) fn find(tokens: &[Token<'_>], language: Language) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    let mut add = |f: &str| *found.entry(f.to_string()).or_insert(0) += 1;
    match language {
        Language::Zh => zh(tokens, &mut add),
        Language::En => en(tokens, &mut add),
    }
    found
}

fn han_at(tokens: &[Token<'_>], i: usize) -> Option<char> {
    match tokens.get(i) {
        Some(Token::Han(c)) => Some(*c),
        _ => None,
    }
}

/// True at the start, the end, or on punctuation.
fn boundary(tokens: &[Token<'_>], i: isize) -> bool {
    i < 0 || matches!(tokens.get(i as usize), None | Some(Token::Punct(_)))
}

const ZH_TWO: [&str; 4] = ["那个", "这个", "就是", "然后"];

/// The two-character filler candidate starting at `i`, if any.
fn two_at(tokens: &[Token<'_>], i: usize) -> Option<&'static str> {
    let (a, b) = (han_at(tokens, i)?, han_at(tokens, i + 1)?);
    ZH_TWO.iter().copied().find(|w| {
        let mut cs = w.chars();
        cs.next() == Some(a) && cs.next() == Some(b)
    })
}

/// Whether a filler-like sound or word starts at `i` (used for "followed by a filler").
fn zh_filler_starts(tokens: &[Token<'_>], i: usize) -> bool {
    matches!(han_at(tokens, i), Some('嗯' | '呃')) || two_at(tokens, i).is_some()
}

fn zh(tokens: &[Token<'_>], add: &mut impl FnMut(&str)) {
    let mut i = 0;
    while i < tokens.len() {
        let Some(c) = han_at(tokens, i) else {
            i += 1;
            continue;
        };
        let prev_boundary = boundary(tokens, i as isize - 1);
        match c {
            '嗯' | '呃' => {
                add(&c.to_string());
                while han_at(tokens, i + 1) == Some(c) {
                    i += 1;
                }
            }
            '额' if prev_boundary && boundary(tokens, i as isize + 1) => add("额"),
            '啊' if prev_boundary => add("啊"),
            _ => {
                if let Some(w) = two_at(tokens, i) {
                    let next = i + 2;
                    let counted = if w == "然后" {
                        two_at(tokens, next) == Some("然后")
                            || matches!(han_at(tokens, next), Some('嗯' | '呃'))
                    } else {
                        boundary(tokens, next as isize) || zh_filler_starts(tokens, next)
                    };
                    if counted {
                        add(w);
                    }
                    i += 2;
                    continue;
                }
            }
        }
        i += 1;
    }
}

const EN_ALWAYS: [&str; 8] = ["um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm"];

fn word_at(tokens: &[Token<'_>], i: isize) -> Option<String> {
    if i < 0 {
        return None;
    }
    match tokens.get(i as usize) {
        Some(Token::Word(w)) => Some(w.to_lowercase()),
        _ => None,
    }
}

fn punct_at(tokens: &[Token<'_>], i: isize, set: &[char]) -> bool {
    i >= 0 && matches!(tokens.get(i as usize), Some(Token::Punct(p)) if set.contains(p))
}

const COMMA: [char; 3] = [',', '，', '…'];

fn en(tokens: &[Token<'_>], add: &mut impl FnMut(&str)) {
    for (i, t) in tokens.iter().enumerate() {
        let Token::Word(w) = t else { continue };
        let w = w.to_lowercase();
        let i = i as isize;
        if EN_ALWAYS.contains(&w.as_str()) {
            add(&w);
        } else if w == "like" {
            let before_comma = punct_at(tokens, i - 1, &COMMA);
            let after_comma = punct_at(tokens, i + 1, &COMMA);
            let before_filler = word_at(tokens, i + 1)
                .is_some_and(|n| EN_ALWAYS.contains(&n.as_str()))
                || (after_comma
                    && word_at(tokens, i + 2).is_some_and(|n| EN_ALWAYS.contains(&n.as_str())));
            if before_comma || after_comma || before_filler {
                add("like");
            }
        } else if w == "you" && word_at(tokens, i + 1).as_deref() == Some("know") {
            let ends = tokens.get(i as usize + 2).is_none()
                || punct_at(tokens, i + 2, &[',', '，', '.', '。', ';', '…', '!']);
            let asked = word_at(tokens, i - 1).is_some_and(|p| {
                ["do", "did", "don't", "didn't", "if", "what"].contains(&p.as_str())
            });
            if ends && !asked {
                add("you know");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::units::tokenize;
    use super::*;

    fn zh_found(text: &str) -> Vec<(String, usize)> {
        find(&tokenize(text), Language::Zh).into_iter().collect()
    }

    fn en_found(text: &str) -> Vec<(String, usize)> {
        find(&tokenize(text), Language::En).into_iter().collect()
    }

    fn v(items: &[(&str, usize)]) -> Vec<(String, usize)> {
        items.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    }

    #[test]
    fn mandarin_hesitations() {
        assert_eq!(
            zh_found("嗯，我觉得呃这个方案可以。"),
            v(&[("呃", 1), ("嗯", 1)])
        );
        assert_eq!(zh_found("嗯嗯，好。"), v(&[("嗯", 1)]));
    }

    #[test]
    fn mandarin_demonstratives_are_not_fillers() {
        assert_eq!(zh_found("那个项目是这个团队做的，这就是结果。"), v(&[]));
        assert_eq!(
            zh_found("那个，我们就是，先做了测试。"),
            v(&[("就是", 1), ("那个", 1)])
        );
        assert_eq!(zh_found("那个那个项目"), v(&[("那个", 1)]));
        assert_eq!(zh_found("就是就是说"), v(&[("就是", 1)]));
    }

    #[test]
    fn mandarin_particles_and_connectives() {
        assert_eq!(zh_found("好啊。"), v(&[]));
        assert_eq!(zh_found("啊，这个，我想想。"), v(&[("啊", 1), ("这个", 1)]));
        assert_eq!(zh_found("然后我们上线了。"), v(&[]));
        assert_eq!(zh_found("然后然后我们上线了。"), v(&[("然后", 1)]));
        assert_eq!(zh_found("金额额外增加。额，对。"), v(&[("额", 1)]));
    }

    #[test]
    fn english_always_fillers() {
        assert_eq!(
            en_found("Um, I think, uh, we shipped it. Er, hmm."),
            v(&[("er", 1), ("hmm", 1), ("uh", 1), ("um", 1)])
        );
    }

    #[test]
    fn english_like_only_as_discourse_marker() {
        assert_eq!(
            en_found("I like Rust and it looks like this works, I would like more."),
            v(&[])
        );
        assert_eq!(en_found("It was, like, really slow."), v(&[("like", 1)]));
        assert_eq!(en_found("Like, we had no tests."), v(&[("like", 1)]));
        assert_eq!(
            en_found("It took like um two weeks"),
            v(&[("like", 1), ("um", 1)])
        );
    }

    #[test]
    fn english_you_know_only_when_set_off() {
        assert_eq!(en_found("You know the answer. Do you know?"), v(&[]));
        assert_eq!(
            en_found("We were, you know, short on time, you know."),
            v(&[("you know", 2)])
        );
        assert_eq!(en_found("If you know, tell me."), v(&[]));
    }
}
