//! Service errors in the console's language. The JSON API keeps its English messages and
//! machine fields (`field`, `code`); pages say the same thing as a sentence a person can
//! act on, naming no internal field and quoting no English in the Chinese console.

use kaoguan_domain::DomainError;

use crate::i18n::Lang;

/// Input that did not parse: the site's sentence in the page's language. A site without
/// one (the source scan in `kaoguan_domain::error` keeps them out) falls back to
/// `field: message`.
pub fn invalid(lang: Lang, e: &DomainError) -> String {
    let sentence = match lang {
        Lang::Zh => e.zh_text(),
        Lang::En => e.en_text(),
    };
    sentence.map_or_else(|| e.to_string(), String::from)
}

/// A conflict with the current state, by its stable code (`conflict.<code>` in the
/// message table); an unknown code gets a general sentence, never the English message.
pub fn conflict(lang: Lang, code: &str) -> String {
    let key = format!("conflict.{code}");
    match lang.t(&key) {
        missing if missing == key => lang.t("error.conflict_other").to_string(),
        sentence => sentence.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_error_speaks_the_page_language() {
        let e = DomainError::new("title", "must be 1 to 200 characters")
            .zh("岗位名称须为 1 到 200 个字符。")
            .en("The job title must be 1 to 200 characters.");
        assert_eq!(invalid(Lang::Zh, &e), "岗位名称须为 1 到 200 个字符。");
        assert_eq!(
            invalid(Lang::En, &e),
            "The job title must be 1 to 200 characters."
        );
        let bare = DomainError::new("title", "too long");
        assert_eq!(invalid(Lang::Zh, &bare), "title: too long");
    }

    #[test]
    fn conflicts_are_said_by_code() {
        assert_eq!(
            conflict(Lang::Zh, "already_answered"),
            Lang::Zh.t("conflict.already_answered")
        );
        assert_eq!(
            conflict(Lang::Zh, "no_such_code"),
            Lang::Zh.t("error.conflict_other")
        );
        assert_eq!(
            conflict(Lang::En, "no_such_code"),
            Lang::En.t("error.conflict_other")
        );
    }

    /// Every code the services raise has words in both languages, so a new conflict does
    /// not fall back to the general sentence unnoticed.
    #[test]
    fn every_service_conflict_code_is_translated() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../service/src");
        let mut files = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(dir)];
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let mut codes = std::collections::BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for part in text.split("ServiceError::conflict(").skip(1) {
                let code = part.split('"').nth(1).expect("a literal code");
                codes.insert(code.to_string());
            }
        }
        assert!(codes.len() >= 10, "found only {codes:?}");
        for code in &codes {
            let key = format!("conflict.{code}");
            for lang in [Lang::Zh, Lang::En] {
                assert_ne!(lang.t(&key), key, "no {lang:?} words for conflict {code}");
            }
        }
    }
}
