use thiserror::Error;

/// A value that failed to parse into a domain type.
///
/// `field` and `message` are for API clients: the machine name of the input and the problem
/// in English (`Display` joins them, as the API and the CLI show it). People filling in a
/// console form read `zh` or `en` instead: the whole problem as one sentence in their
/// language that names the field in words, e.g.
/// `DomainError::new("title", "must be 1 to 200 characters").zh("岗位名称须为 1 到 200 个字符。").en("The job title must be 1 to 200 characters.")`.
/// Every site outside tests gives both (a test below scans the sources).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {message}")]
pub struct DomainError {
    pub field: String,
    pub message: String,
    zh: Option<String>,
    en: Option<String>,
}

impl DomainError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            zh: None,
            en: None,
        }
    }

    /// The whole message in Chinese, naming the field in words, with full-width
    /// punctuation: `岗位名称须为 1 到 200 个字符。`
    pub fn zh(mut self, sentence: impl Into<String>) -> Self {
        self.zh = Some(sentence.into());
        self
    }

    /// The whole message as an English sentence naming the field in words:
    /// `The job title must be 1 to 200 characters.`
    pub fn en(mut self, sentence: impl Into<String>) -> Self {
        self.en = Some(sentence.into());
        self
    }

    /// The Chinese sentence, if the site gave one.
    pub fn zh_text(&self) -> Option<&str> {
        self.zh.as_deref()
    }

    /// The English sentence, if the site gave one.
    pub fn en_text(&self) -> Option<&str> {
        self.en.as_deref()
    }

    /// The same problem reported against another field, e.g. a bad key in a list as the
    /// list's. The sentences stay as they are.
    pub fn for_field(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    /// Prefix the field with its parent, e.g. `questions[2].` + `text`. A numbered
    /// question or dimension also prefixes the sentences: `第 3 题：` and `Question 3: `.
    pub fn within(mut self, parent: &str) -> Self {
        if let Some((zh, en)) = position_words(parent) {
            self.zh = self.zh.map(|s| format!("{zh}{s}"));
            self.en = self.en.map(|s| format!("{en}{s}"));
        }
        self.field = format!("{parent}.{}", self.field);
        self
    }
}

/// Words for a position in a list people number from 1: `questions[2]` is the third
/// question. Other parents add no words.
fn position_words(parent: &str) -> Option<(String, String)> {
    let (list, index) = parent.strip_suffix(']')?.split_once('[')?;
    let n = index.parse::<usize>().ok()? + 1;
    match list {
        "questions" => Some((format!("第 {n} 题："), format!("Question {n}: "))),
        "competencies" => Some((format!("第 {n} 个能力维度："), format!("Dimension {n}: "))),
        "rules" => Some((format!("第 {n} 条规则："), format!("Rule {n}: "))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    #[test]
    fn display_is_field_and_message_whatever_the_sentences() {
        let e = DomainError::new("title", "must be 1 to 200 characters")
            .zh("岗位名称须为 1 到 200 个字符。")
            .en("The job title must be 1 to 200 characters.");
        assert_eq!(e.to_string(), "title: must be 1 to 200 characters");
        assert_eq!(e.zh_text(), Some("岗位名称须为 1 到 200 个字符。"));
        assert_eq!(
            e.en_text(),
            Some("The job title must be 1 to 200 characters.")
        );
        let bare = DomainError::new("x", "y");
        assert_eq!((bare.zh_text(), bare.en_text()), (None, None));
    }

    #[test]
    fn within_a_numbered_list_says_which_item() {
        let e = DomainError::new("text", "must not be empty")
            .zh("题目内容不能为空。")
            .en("The question text must not be empty.")
            .within("questions[2]");
        assert_eq!(e.field, "questions[2].text");
        assert_eq!(e.to_string(), "questions[2].text: must not be empty");
        assert_eq!(e.zh_text(), Some("第 3 题：题目内容不能为空。"));
        assert_eq!(
            e.en_text(),
            Some("Question 3: The question text must not be empty.")
        );
        let e = DomainError::new("name", "m")
            .zh("维度名称须为 1 到 100 个字符。")
            .en("n")
            .within("competencies[0]");
        assert_eq!(
            e.zh_text(),
            Some("第 1 个能力维度：维度名称须为 1 到 100 个字符。")
        );
        // Any other parent only moves the field.
        let e = DomainError::new("text", "m")
            .zh("题目内容不能为空。")
            .en("n")
            .within("question");
        assert_eq!(e.field, "question.text");
        assert_eq!(e.zh_text(), Some("题目内容不能为空。"));
    }

    #[test]
    fn for_field_keeps_the_sentences() {
        let e = DomainError::new("key", "bad").zh("键无效。").en("Bad key.");
        let e = e.for_field("competencies");
        assert_eq!(e.to_string(), "competencies: bad");
        assert_eq!(e.zh_text(), Some("键无效。"));
    }

    /// `DomainError::new` outside tests must say itself in both console languages, so a
    /// new validation cannot put an English message and a field key on a Chinese page.
    #[test]
    fn every_domain_error_outside_tests_has_chinese_and_english_sentences() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let mut files = Vec::new();
        for entry in std::fs::read_dir(crates).unwrap() {
            let src = entry.unwrap().path().join("src");
            if src.is_dir() {
                rust_files(&src, &mut files);
            }
        }
        let needle = "DomainError::new(";
        let mut sites = 0;
        let mut untranslated = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let code = without_test_modules(&text);
            for (at, _) in code.match_indices(needle) {
                sites += 1;
                let chain = call_chain(&code[at + needle.len() - 1..]);
                if !(chain.contains(".zh(") && chain.contains(".en(")) {
                    let line = code[..at].matches('\n').count() + 1;
                    untranslated.push(format!("{}:{line}", file.display()));
                }
            }
        }
        assert!(
            untranslated.is_empty(),
            "DomainError::new without .zh(…) and .en(…) sentences for the console: {untranslated:#?}"
        );
        assert!(
            sites > 50,
            "found only {sites} DomainError::new sites under {}; is the scan looking in the right place?",
            crates.display()
        );
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                out.push(path);
            }
        }
    }

    /// The source before its first `#[cfg(test)] mod …`.
    fn without_test_modules(text: &str) -> &str {
        let mut from = 0;
        while let Some(i) = text[from..].find("#[cfg(test)]") {
            let at = from + i;
            let after = text[at + "#[cfg(test)]".len()..].trim_start();
            if after.starts_with("mod ") || after.starts_with("pub mod ") {
                return &text[..at];
            }
            from = at + 1;
        }
        text
    }

    /// `(args).a(..).b(..)`: the call's parenthesised arguments and the method calls
    /// chained onto it, skipping string literals so a `(` inside a message does not count.
    fn call_chain(s: &str) -> &str {
        let bytes = s.as_bytes();
        let balanced = |mut i: usize| -> usize {
            let mut depth = 0usize;
            let mut in_str = false;
            while i < bytes.len() {
                match (in_str, bytes[i]) {
                    (true, b'\\') => i += 1,
                    (_, b'"') => in_str = !in_str,
                    (false, b'(') => depth += 1,
                    (false, b')') => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i
        };
        let mut i = balanced(0);
        loop {
            let rest = &s[i..];
            let trimmed = rest.trim_start();
            let Some(method) = trimmed.strip_prefix('.') else {
                return &s[..i];
            };
            let name_len = method
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(method.len());
            let open = i + (rest.len() - trimmed.len()) + 1 + name_len;
            if !s[open..].starts_with('(') {
                return &s[..i];
            }
            i = balanced(open);
        }
    }

    #[test]
    fn the_scan_reads_a_chain_through_strings_and_lines() {
        let src = r#"(f, "a (b"
            ).zh(format!("c)")) .en("d"); next"#;
        assert_eq!(
            call_chain(src),
            r#"(f, "a (b"
            ).zh(format!("c)")) .en("d")"#
        );
        assert_eq!(call_chain(r#"("f", "m").into())"#), r#"("f", "m").into()"#);
        assert_eq!(call_chain(r#"("f", "m"))?;"#), r#"("f", "m")"#);
    }
}
