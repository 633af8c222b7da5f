//! The decoder's initial prompt: Whisper continues the style and vocabulary of the text it is
//! shown as "previous text", so naming the question's rubric terms (哈希值, 区块链) makes them
//! far likelier to come out spelled right. For Mandarin the prompt is written in simplified
//! characters, which also nudges the output towards them (the conversion afterwards is what
//! guarantees it).

use crate::Language;

/// Whisper keeps at most 223 prompt tokens and drops the oldest; a Chinese character can be
/// two or three tokens. Staying well under keeps every term and leaves the decoder its context.
const MAX_PROMPT_CHARS: usize = 120;

/// The prompt for `language` naming `vocabulary`; terms are cleaned (no control characters,
/// which whisper.cpp cannot take), de-duplicated, and cut to the budget in the given order.
pub fn initial_prompt(language: Language, vocabulary: &[String]) -> String {
    let (lead, sep, end) = match language {
        // The sentence the baseline used ("the following are Mandarin sentences").
        Language::Zh => ("以下是普通话的句子。", "、", "。"),
        Language::En => ("", ", ", "."),
    };
    let mut terms: Vec<String> = Vec::new();
    let mut used = lead.chars().count();
    for raw in vocabulary {
        let term: String = raw
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if term.is_empty() || terms.contains(&term) {
            continue;
        }
        let cost = term.chars().count() + sep.chars().count();
        if used + cost > MAX_PROMPT_CHARS {
            break;
        }
        used += cost;
        terms.push(term);
    }
    if terms.is_empty() {
        return lead.to_string();
    }
    match language {
        Language::Zh => format!("{lead}关键词：{}{end}", terms.join(sep)),
        Language::En => format!("Key terms: {}{end}", terms.join(sep)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mandarin_prompt_names_terms_once() {
        let v = vec![
            "哈希值".to_string(),
            "区块链".into(),
            "哈希值".into(),
            " ".into(),
        ];
        assert_eq!(
            initial_prompt(Language::Zh, &v),
            "以下是普通话的句子。关键词：哈希值、区块链。"
        );
        assert_eq!(initial_prompt(Language::Zh, &[]), "以下是普通话的句子。");
    }

    #[test]
    fn english_prompt_is_empty_without_terms_and_strips_nul() {
        assert_eq!(initial_prompt(Language::En, &[]), "");
        let v = vec!["load\0 balancer".to_string(), "Kubernetes".into()];
        assert_eq!(
            initial_prompt(Language::En, &v),
            "Key terms: load balancer, Kubernetes."
        );
    }

    #[test]
    fn long_vocabularies_are_cut_to_the_budget() {
        let v: Vec<String> = (0..200).map(|i| format!("term{i}")).collect();
        let p = initial_prompt(Language::En, &v);
        assert!(p.chars().count() <= MAX_PROMPT_CHARS + 20, "{p}");
        assert!(p.contains("term0,"));
    }
}
