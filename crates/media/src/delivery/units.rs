//! Counting spoken units: Chinese characters or English words.

/// A piece of transcript text: a word (Latin letters/digits/apostrophes), one CJK character,
/// or one punctuation mark. Whitespace only separates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    Word(&'a str),
    Han(char),
    Punct(char),
}

impl Token<'_> {
    pub(crate) fn is_unit(&self) -> bool {
        !matches!(self, Token::Punct(_))
    }
}

/// CJK Unified Ideographs (with extension A and compatibility ideographs), the characters
/// a Mandarin transcript is counted in.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() && !is_han(c)) || c == '\'' || c == '\u{2019}'
}

/// Splits text into [`Token`]s.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = word_start.take() {
            out.push(Token::Word(&text[s..i]));
        }
        if is_han(c) {
            out.push(Token::Han(c));
        } else if !c.is_whitespace() && c != '-' {
            out.push(Token::Punct(c));
        }
    }
    if let Some(s) = word_start {
        out.push(Token::Word(&text[s..]));
    }
    out
}

/// Spoken units in `tokens`: each CJK character is one, and so is each run of Latin letters
/// or digits (so "Python" or "500" inside a Mandarin answer counts once, as the eval set's
/// CER scoring does). For English this is the word count.
pub(crate) fn count_units(tokens: &[Token<'_>]) -> usize {
    tokens.iter().filter(|t| t.is_unit()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_text_counts() {
        assert_eq!(count_units(&tokenize("我用 Python 写了500行，很好。")), 9);
        assert_eq!(count_units(&tokenize("I didn't re-write it, OK?")), 6);
        assert_eq!(count_units(&tokenize("")), 0);
    }
}
