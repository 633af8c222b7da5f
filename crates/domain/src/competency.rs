//! Competency models (岗位能力模型): weighted dimensions with behavioural indicators.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A short machine key for a dimension, e.g. `communication` or `service`. Lowercase
/// ASCII letters, digits and underscores, so it is safe in URLs, JSON keys and CSV headers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CompetencyKey(String);

impl CompetencyKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CompetencyKey {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let valid = !s.is_empty()
            && s.len() <= 40
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid {
            Ok(Self(s.to_string()))
        } else {
            Err(DomainError::new(
                "key",
                format!("{s:?} is not a valid competency key (lowercase letters, digits and _; starts with a letter; at most 40)"),
            )
            .zh(format!(
                "“{}”不是有效的维度键：只能使用小写字母、数字和下划线，以字母开头，最多 40 个字符。",
                s.escape_debug()
            ))
            .en(format!(
                "{s:?} is not a valid dimension key: use lowercase letters, digits and _, start with a letter, at most 40 characters."
            )))
        }
    }
}

impl TryFrom<String> for CompetencyKey {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<CompetencyKey> for String {
    fn from(k: CompetencyKey) -> String {
        k.0
    }
}

impl fmt::Display for CompetencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One dimension of a competency model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Competency {
    pub key: CompetencyKey,
    pub name: String,
    /// Relative weight; the model normalises weights when it aggregates.
    pub weight: f64,
    #[serde(default)]
    pub indicators: Vec<String>,
}

/// A validated set of dimensions. Weights are positive and need not sum to 1: aggregation
/// divides by their sum, so "30/30/40" and "0.3/0.3/0.4" mean the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetencyModel {
    pub competencies: Vec<Competency>,
}

pub const MAX_COMPETENCIES: usize = 12;

impl CompetencyModel {
    pub fn parse(competencies: Vec<Competency>) -> Result<Self, DomainError> {
        if competencies.is_empty() {
            return Err(DomainError::new(
                "competencies",
                "a competency model needs at least one dimension",
            )
            .zh("能力模型至少需要一个维度。")
            .en("A competency model needs at least one dimension."));
        }
        if competencies.len() > MAX_COMPETENCIES {
            return Err(DomainError::new(
                "competencies",
                format!("at most {MAX_COMPETENCIES} dimensions"),
            )
            .zh(format!("能力模型最多 {MAX_COMPETENCIES} 个维度。"))
            .en(format!(
                "A competency model has at most {MAX_COMPETENCIES} dimensions."
            )));
        }
        let mut cleaned: Vec<Competency> = Vec::with_capacity(competencies.len());
        for (i, c) in competencies.into_iter().enumerate() {
            let at = format!("competencies[{i}]");
            if cleaned.iter().any(|o| o.key == c.key) {
                return Err(DomainError::new("key", format!("duplicate key {}", c.key))
                    .zh(format!("维度键“{}”重复。", c.key))
                    .en(format!("The dimension key \"{}\" is used twice.", c.key))
                    .within(&at));
            }
            let name = c.name.trim().to_string();
            if name.is_empty() || name.chars().count() > 100 {
                return Err(DomainError::new("name", "must be 1 to 100 characters")
                    .zh("维度名称须为 1 到 100 个字符。")
                    .en("The dimension name must be 1 to 100 characters.")
                    .within(&at));
            }
            if !c.weight.is_finite() || c.weight <= 0.0 || c.weight > 1000.0 {
                return Err(DomainError::new("weight", "must be a positive number")
                    .zh("权重须为大于 0、不超过 1000 的数。")
                    .en("The weight must be a number above 0 and at most 1000.")
                    .within(&at));
            }
            let indicators = c
                .indicators
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            cleaned.push(Competency {
                key: c.key,
                name,
                weight: c.weight,
                indicators,
            });
        }
        Ok(Self {
            competencies: cleaned,
        })
    }

    pub fn get(&self, key: &CompetencyKey) -> Option<&Competency> {
        self.competencies.iter().find(|c| &c.key == key)
    }

    /// Each dimension's share of the total, summing to 1.
    pub fn normalised_weights(&self) -> Vec<(CompetencyKey, f64)> {
        let sum: f64 = self.competencies.iter().map(|c| c.weight).sum();
        self.competencies
            .iter()
            .map(|c| (c.key.clone(), c.weight / sum))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comp(key: &str, weight: f64) -> Competency {
        Competency {
            key: key.parse().unwrap(),
            name: key.to_uppercase(),
            weight,
            indicators: vec![],
        }
    }

    #[test]
    fn keys_are_validated() {
        assert!("communication".parse::<CompetencyKey>().is_ok());
        assert!("Communication".parse::<CompetencyKey>().is_err());
        assert!("1abc".parse::<CompetencyKey>().is_err());
        assert!("a b".parse::<CompetencyKey>().is_err());
        assert!(serde_json::from_str::<CompetencyKey>("\"bad key\"").is_err());
    }

    #[test]
    fn model_rejects_duplicates_and_bad_weights() {
        let e = CompetencyModel::parse(vec![comp("a", 1.0), comp("a", 2.0)]).unwrap_err();
        assert_eq!(e.field, "competencies[1].key");
        let e = CompetencyModel::parse(vec![comp("a", 0.0)]).unwrap_err();
        assert_eq!(e.field, "competencies[0].weight");
        assert!(CompetencyModel::parse(vec![]).is_err());
    }

    #[test]
    fn weights_normalise() {
        let m = CompetencyModel::parse(vec![comp("a", 30.0), comp("b", 70.0)]).unwrap();
        let w = m.normalised_weights();
        assert!((w[0].1 - 0.3).abs() < 1e-9 && (w[1].1 - 0.7).abs() < 1e-9);
    }
}
