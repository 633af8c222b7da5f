//! Bearer secrets: candidates' interview tokens and staff API tokens. Only their SHA-256
//! digests are stored, so a database leak does not hand out working links.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::DomainError;

/// The hex SHA-256 of a secret; what the store keeps and looks up by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretDigest(String);

impl SecretDigest {
    pub fn of(secret: &str) -> Self {
        Self(hex::encode(Sha256::digest(secret.as_bytes())))
    }
    pub fn from_stored(hex: String) -> Self {
        Self(hex)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn parse_secret(s: &str, field: &str) -> Result<String, DomainError> {
    let s = s.trim();
    let ok = (32..=128).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(s.to_string())
    } else {
        Err(DomainError::new(field, "is malformed")
            .zh("令牌格式无效，请检查链接是否完整。")
            .en("The token is malformed; check that the link is complete."))
    }
}

macro_rules! secret_type {
    ($name:ident, $field:literal) => {
        /// A random 256-bit URL-safe secret. `Debug` never prints it.
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn generate() -> Self {
                Self(random_secret())
            }
            pub fn expose(&self) -> &str {
                &self.0
            }
            pub fn digest(&self) -> SecretDigest {
                SecretDigest::of(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_secret(s, $field).map(Self)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret_type!(InterviewToken, "token");
secret_type!(ApiToken, "token");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_parseable_and_redacted() {
        let a = InterviewToken::generate();
        let b = InterviewToken::generate();
        assert_ne!(a, b);
        assert_eq!(a.expose().parse::<InterviewToken>().unwrap(), a);
        assert_eq!(a.digest(), SecretDigest::of(a.expose()));
        assert!(!format!("{a:?}").contains(a.expose()));
        assert!("short".parse::<InterviewToken>().is_err());
        assert!("../../etc/passwd-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            .parse::<InterviewToken>()
            .is_err());
    }
}
