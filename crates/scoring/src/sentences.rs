//! Sentence splitting that keeps the original text, so evidence can be quoted verbatim.

/// Splits on 。！？；!?; … and newlines, and on '.' when it ends a sentence (followed by
/// whitespace, a quote or the end), so "3.5", "e.g." inside a word run and "B.Sc" survive.
/// Fragments without any letter, digit or Chinese character are dropped.
pub fn split(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let next = chars.get(i + 1).copied();
        let boundary = match c {
            '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…' | '\n' | '\r' => {
                // Keep closing quotes with the sentence they close.
                !matches!(next, Some('”' | '’' | '"' | '」' | '』' | ')' | '）'))
            }
            '.' => match next {
                None => true,
                Some(n) => n.is_whitespace() || crate::tokenize::is_cjk(n),
            },
            '”' | '」' | '』' => {
                i > 0 && matches!(chars[i - 1], '。' | '！' | '？' | '.' | '!' | '?')
            }
            _ => false,
        };
        if boundary {
            push(&mut out, &mut cur);
        }
    }
    push(&mut out, &mut cur);
    out
}

fn push(out: &mut Vec<String>, cur: &mut String) {
    let s = cur.trim();
    if s.chars().any(|c| c.is_alphanumeric()) {
        out.push(s.to_string());
    }
    cur.clear();
}

/// Splits a text into list-like fragments: sentences further cut at commas, enumeration
/// commas, slashes and bullets. Used to recognise keyword lists.
pub fn fragments(text: &str) -> Vec<&str> {
    text.split(|c: char| {
        matches!(
            c,
            ',' | '，'
                | '、'
                | ';'
                | '；'
                | '/'
                | '|'
                | '\n'
                | '。'
                | '.'
                | '!'
                | '！'
                | '?'
                | '？'
                | '·'
                | '•'
                | '-'
                | '*'
        )
    })
    .map(str::trim)
    .filter(|s| s.chars().any(|c| c.is_alphanumeric()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_zh_and_en_keeping_text() {
        let s = split("首先道歉。然后撤菜！Then I'd call back. It costs 3.5 dollars.\n最后记录");
        assert_eq!(
            s,
            vec![
                "首先道歉。",
                "然后撤菜！",
                "Then I'd call back.",
                "It costs 3.5 dollars.",
                "最后记录"
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let s = split("我说“非常抱歉。”然后撤菜。");
        assert_eq!(s, vec!["我说“非常抱歉。”", "然后撤菜。"]);
    }

    #[test]
    fn empty_and_symbol_only_text_gives_nothing() {
        assert!(split("").is_empty());
        assert!(split(" 。。!! 🙂 ").is_empty());
    }

    #[test]
    fn fragments_cut_lists() {
        assert_eq!(
            fragments("道歉、撤菜、报告店长"),
            vec!["道歉", "撤菜", "报告店长"]
        );
    }
}
