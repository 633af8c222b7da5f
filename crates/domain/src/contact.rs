//! Candidate contact details, parsed at the edge so the rest of the code never sees an
//! unvalidated email or phone number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::DomainError;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// What two spellings of one address share: the whole address in lower case (mail
    /// providers treat the local part case-insensitively in practice).
    pub fn match_key(&self) -> String {
        self.0.to_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || {
            DomainError::new("email", format!("{s:?} is not a valid email address"))
                .zh(format!("“{}”不是有效的邮箱地址。", s.escape_debug()))
                .en(format!("{s:?} is not a valid email address."))
        };
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = s.rsplit_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(bad());
        }
        // Domains are case-insensitive; local parts are kept as typed.
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }
}

impl TryFrom<String> for Email {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number kept as `+` and digits. Chinese mobile numbers without a country code
/// are accepted as typed (11 digits starting with 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// What two spellings of one number share: its digits, without a mainland-China
    /// country code (+86 or 0086) in front of an 11-digit mobile number, so
    /// `+86 138-0013-8000` and `13800138000` are one person.
    pub fn match_key(&self) -> String {
        let digits = self.0.trim_start_matches('+');
        for prefix in ["0086", "86"] {
            if let Some(rest) = digits.strip_prefix(prefix) {
                if rest.len() == 11 && rest.starts_with('1') {
                    return rest.to_string();
                }
            }
        }
        digits.to_string()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Phone {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let bad = || {
            DomainError::new("phone", format!("{trimmed:?} is not a valid phone number"))
                .zh(format!("“{}”不是有效的手机号码。", trimmed.escape_debug()))
                .en(format!("{trimmed:?} is not a valid phone number."))
        };
        let mut out = String::new();
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '+' if i == 0 => out.push('+'),
                '0'..='9' => out.push(c),
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(bad()),
            }
        }
        let digits = out.trim_start_matches('+').len();
        if !(6..=15).contains(&digits) {
            return Err(bad());
        }
        Ok(Self(out))
    }
}

impl TryFrom<String> for Phone {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A candidate's display name: 1–100 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CandidateName(String);

impl CandidateName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CandidateName {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() || s.chars().count() > 100 || s.chars().any(|c| c.is_control()) {
            return Err(DomainError::new("name", "must be 1 to 100 characters")
                .zh("姓名须为 1 到 100 个字符。")
                .en("The name must be 1 to 100 characters."));
        }
        Ok(Self(s.to_string()))
    }
}

impl TryFrom<String> for CandidateName {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<CandidateName> for String {
    fn from(n: CandidateName) -> String {
        n.0
    }
}

impl fmt::Display for CandidateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            "  Li.Lei@Example.COM ".parse::<Email>().unwrap().as_str(),
            "Li.Lei@example.com"
        );
        for bad in [
            "",
            "a",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "@c.com",
            "a@.com",
            "a@c..com",
        ] {
            assert!(bad.parse::<Email>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(
            "+86 138-0013-8000".parse::<Phone>().unwrap().as_str(),
            "+8613800138000"
        );
        assert_eq!(
            "13800138000".parse::<Phone>().unwrap().as_str(),
            "13800138000"
        );
        for bad in ["", "12", "abc", "138+0013", "1234567890123456"] {
            assert!(bad.parse::<Phone>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn names() {
        assert_eq!(
            " 王小明 ".parse::<CandidateName>().unwrap().as_str(),
            "王小明"
        );
        assert!("".parse::<CandidateName>().is_err());
        assert!("a\u{0007}b".parse::<CandidateName>().is_err());
    }

    #[test]
    fn contacts_match_whatever_their_spelling() {
        let p = |s: &str| s.parse::<Phone>().unwrap().match_key();
        assert_eq!(p("+86 138-0013-8000"), p("13800138000"));
        assert_eq!(p("0086 13800138000"), "13800138000");
        assert_ne!(p("+44 20 7946 0958"), p("13800138000"));
        assert_eq!(p("+44 20 7946 0958"), "442079460958");
        let e = |s: &str| s.parse::<Email>().unwrap().match_key();
        assert_eq!(e("Zhang.Wei@Example.COM"), e("zhang.wei@example.com"));
    }
}
