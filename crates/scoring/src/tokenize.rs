//! Tokenisation for zh, en and mixed text.
//!
//! Chinese runs are segmented with jieba (dictionary only, no HMM: HMM guesses new words
//! from context, so the same phrase could segment differently in the rubric and in the
//! answer) and additionally split into character bigrams, which match across segmentation
//! differences ("撤下这道菜" vs "把菜撤下来"). Latin runs are lowercased, stemmed with a small
//! suffix stripper that folds British/American spellings, and stopwords are dropped.

use std::collections::HashSet;
use std::sync::OnceLock;

use jieba_rs::Jieba;

/// Building the dictionary takes ~100 ms, so there is one per process.
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// A term of the bag-of-terms representation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// A stemmed English word, a number or a jieba word.
    Word(String),
    /// Two adjacent Chinese characters.
    Bigram(String),
}

impl Term {
    /// Relative importance: whole words say more than character bigrams.
    pub fn weight(&self) -> f64 {
        match self {
            Term::Word(_) => 1.0,
            Term::Bigram(_) => 0.5,
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Term::Word(s) | Term::Bigram(s) => s,
        }
    }
}

/// Everything the scorer needs to know about a span of text's words.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Content terms in order of appearance (stopwords removed).
    pub terms: Vec<Term>,
    /// Word tokens seen, stopwords included (English words, numbers, jieba words).
    pub tokens: usize,
    /// How many of `tokens` were function words.
    pub function_tokens: usize,
    /// English words + Chinese characters / 1.6: an approximate word count that is
    /// comparable across the two languages.
    pub units: f64,
    /// Lowercased English tokens, stopwords included, in order (for cue matching).
    pub latin_tokens: Vec<String>,
}

impl Analysis {
    pub fn content_words(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().filter_map(|t| match t {
            Term::Word(w) => Some(w.as_str()),
            Term::Bigram(_) => None,
        })
    }

    /// Share of function words among all word tokens; 0 for an empty text.
    pub fn function_ratio(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.function_tokens as f64 / self.tokens as f64
        }
    }
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0xF900..=0xFAFF)
}

fn is_latin_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c) || c == '\'' || c == '’'
}

/// Analyses a text of any language mix. Never panics; non-word characters (punctuation,
/// emoji, symbols) only separate tokens.
pub fn analyse(text: &str) -> Analysis {
    let mut out = Analysis::default();
    let mut cjk_chars = 0usize;
    let mut latin_words = 0usize;
    let mut run = String::new();
    let mut run_is_cjk = false;
    let flush = |run: &mut String, is_cjk: bool, out: &mut Analysis| {
        if run.is_empty() {
            return;
        }
        if is_cjk {
            analyse_cjk(run, out);
        } else {
            analyse_latin(run, out);
        }
        run.clear();
    };
    for c in text.chars() {
        let cjk = is_cjk(c);
        if cjk || is_latin_word_char(c) {
            if !run.is_empty() && cjk != run_is_cjk {
                flush(&mut run, run_is_cjk, &mut out);
            }
            run_is_cjk = cjk;
            run.push(c);
            if cjk {
                cjk_chars += 1;
            }
        } else {
            flush(&mut run, run_is_cjk, &mut out);
        }
    }
    flush(&mut run, run_is_cjk, &mut out);
    latin_words += out.latin_tokens.len();
    out.units = latin_words as f64 + cjk_chars as f64 / 1.6;
    out
}

fn analyse_cjk(run: &str, out: &mut Analysis) {
    let stop = zh_stopwords();
    for w in jieba().cut(run, false) {
        out.tokens += 1;
        if stop.contains(w) {
            out.function_tokens += 1;
        } else {
            out.terms.push(Term::Word(w.to_string()));
        }
    }
    let chars: Vec<char> = run.chars().collect();
    let stop_chars = zh_stop_chars();
    for pair in chars.windows(2) {
        // A bigram of two function characters ("我们", "的了") carries no topic.
        if stop_chars.contains(&pair[0]) && stop_chars.contains(&pair[1]) {
            continue;
        }
        out.terms.push(Term::Bigram(pair.iter().collect()));
    }
}

fn analyse_latin(run: &str, out: &mut Analysis) {
    let lower: String = run
        .chars()
        .filter(|c| *c != '\'' && *c != '’')
        .flat_map(char::to_lowercase)
        .collect();
    if lower.is_empty() {
        return;
    }
    out.tokens += 1;
    out.latin_tokens.push(lower.clone());
    if en_stopwords().contains(lower.as_str()) {
        out.function_tokens += 1;
    } else {
        out.terms.push(Term::Word(stem(&lower)));
    }
}

/// A small suffix stripper. It only has to map related forms of a word to the same key
/// consistently; the keys need not be real words. apologise / apologize / apologising /
/// apology → "apolog"; indexes → "index"; faster → "fast".
pub fn stem(word: &str) -> String {
    if word.chars().any(|c| !c.is_ascii_alphabetic()) || word.len() <= 3 {
        return word.to_string();
    }
    // Fold -ize into -ise so both spellings meet.
    let mut s = word.replace("iz", "is");
    let strip = |s: &mut String, suffix: &str, replacement: &str, min_stem: usize| -> bool {
        if s.ends_with(suffix) && s.len() - suffix.len() >= min_stem {
            s.truncate(s.len() - suffix.len());
            s.push_str(replacement);
            true
        } else {
            false
        }
    };
    // Step 1: inflections.
    let _ = strip(&mut s, "sses", "ss", 2)
        || strip(&mut s, "ies", "y", 2)
        || strip(&mut s, "ied", "y", 2)
        || strip(&mut s, "ing", "", 3)
        || strip(&mut s, "ed", "", 3)
        || strip(&mut s, "ly", "", 3)
        || strip(&mut s, "es", "", 3)
        || (!s.ends_with("ss")
            && !s.ends_with("us")
            && !s.ends_with("is")
            && strip(&mut s, "s", "", 3));
    // Step 2: a trailing -y (apology, query, delivery).
    let _ = strip(&mut s, "y", "", 4);
    // Step 3: one derivational suffix.
    for suffix in [
        "ational", "ations", "ation", "ments", "ment", "ness", "ities", "ity", "ive", "ise", "ful",
        "ous", "ers", "er", "is",
    ] {
        if strip(&mut s, suffix, "", 3) {
            break;
        }
    }
    // Step 4: a final -e, then a doubled final consonant (stopp → stop).
    let _ = strip(&mut s, "e", "", 3);
    let b = s.as_bytes();
    if b.len() >= 4 {
        let (x, y) = (b[b.len() - 1], b[b.len() - 2]);
        if x == y && !b"aeioulsz".contains(&x) {
            s.pop();
        }
    }
    s
}

fn en_stopwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        "a an the and or but if then so because as of at by for with about against between into \
         through during before after above below to from up down in out on off over under again \
         further once here there when where why how all any both each few more most other some \
         such no nor not only own same than too very s t can will just don dont should would could \
         now i im id ive ill me my myself we were weve wed well our ours ourselves you youre youd \
         youll your yours yourself he hes him his himself she shes her hers herself it its itself \
         they theyre them their theirs themselves what which who whom this that thats these those \
         am is isnt are arent was wasnt be been being have has hadnt had having do does did doing \
         would wouldnt shall might must may also etc eg ie let lets get got really just quite \
         something anything thing things much many make sure one"
            .split_whitespace()
            .collect()
    })
}

fn zh_stopwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        "的 了 是 我 你 您 他 她 它 们 我们 你们 他们 她们 这 那 这个 那个 这些 那些 就 都 也 还 在 和 与 \
         及 或 或者 把 被 给 让 对 向 从 到 会 能 要 可以 一个 一些 有 没 很 非常 比较 一下 吧 呢 啊 吗 嗯 哦 \
         着 过 又 再 而 并 但 但是 因为 所以 如果 然后 之 其 等 等等 自己 什么 怎么 如何 这样 那样 时候 \
         就是 还是 以及 并且 而且 其实 可能 应该 一点 一些 比如 例如 地 得 着 之后 之前 不 没有 个 去 来 \
         说 想 觉得 认为 所 为 以 于 则 即 且 更 最 已经 正在 呀 嘛 啦 哈"
            .split_whitespace()
            .collect()
    })
}

/// Chinese function characters (的, 了, 是 …).
pub fn zh_stop_chars() -> &'static HashSet<char> {
    static SET: OnceLock<HashSet<char>> = OnceLock::new();
    SET.get_or_init(|| "的了是我你您他她它们这那就都也还在和与及或把被给让对向从到会能要很吧呢啊吗着过又再而并之其个地得不没有"
        .chars()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming_folds_spellings_and_inflections() {
        for w in [
            "apologise",
            "apologize",
            "apologising",
            "apologises",
            "apology",
            "apologies",
        ] {
            assert_eq!(stem(w), "apolog", "{w}");
        }
        assert_eq!(stem("indexes"), stem("index"));
        assert_eq!(stem("faster"), stem("fast"));
        assert_eq!(stem("updates"), stem("update"));
        assert_eq!(stem("analyse"), stem("analysis"));
        assert_eq!(stem("stopped"), stem("stop"));
        assert_eq!(stem("orders"), stem("ordered"));
    }

    #[test]
    fn chinese_is_segmented_and_bigrammed() {
        let a = analyse("我会马上向客人道歉");
        let words: Vec<&str> = a.content_words().collect();
        assert!(words.contains(&"道歉"), "{words:?}");
        assert!(words.contains(&"客人"), "{words:?}");
        assert!(a.terms.contains(&Term::Bigram("道歉".into())));
        assert!(!words.contains(&"我"));
    }

    #[test]
    fn mixed_text_and_symbols_do_not_crash() {
        let a = analyse("用Python写脚本🙂, saved 3 hours/周！ ");
        let words: Vec<&str> = a.content_words().collect();
        assert!(words.contains(&"python"));
        assert!(words.contains(&"3"));
        assert!(a.units > 5.0);
        assert_eq!(analyse("").tokens, 0);
    }
}
