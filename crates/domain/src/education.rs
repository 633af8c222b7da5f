//! Education levels as Chinese and international resumes name them, ordered so a screening
//! rule can say `education_level >= "本科"`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// The highest completed level of education, lowest first: the derived order is the one
/// screening compares by.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    /// 高中及以下: high school, 中专, 职高, 技校, GED and below.
    HighSchool,
    /// 大专: associate degree, 专科, 高职.
    Associate,
    /// 本科: bachelor's degree.
    Bachelor,
    /// 硕士: master's degree, MBA.
    Master,
    /// 博士: doctorate.
    Doctorate,
}

impl EducationLevel {
    pub const ALL: [EducationLevel; 5] = [
        EducationLevel::HighSchool,
        EducationLevel::Associate,
        EducationLevel::Bachelor,
        EducationLevel::Master,
        EducationLevel::Doctorate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EducationLevel::HighSchool => "high_school",
            EducationLevel::Associate => "associate",
            EducationLevel::Bachelor => "bachelor",
            EducationLevel::Master => "master",
            EducationLevel::Doctorate => "doctorate",
        }
    }

    /// The level's rank, 1 (high school) to 5 (doctorate): what rules compare.
    pub fn rank(self) -> i64 {
        self as i64 + 1
    }

    pub fn zh(self) -> &'static str {
        match self {
            EducationLevel::HighSchool => "高中及以下",
            EducationLevel::Associate => "大专",
            EducationLevel::Bachelor => "本科",
            EducationLevel::Master => "硕士",
            EducationLevel::Doctorate => "博士",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            EducationLevel::HighSchool => "High school",
            EducationLevel::Associate => "Associate degree",
            EducationLevel::Bachelor => "Bachelor's degree",
            EducationLevel::Master => "Master's degree",
            EducationLevel::Doctorate => "Doctorate",
        }
    }

    /// The level a name in a rule or a form stands for: the key (`bachelor`), the Chinese
    /// name (`本科`) or an English name (`Bachelor`), case and spaces aside.
    pub fn from_name(name: &str) -> Option<Self> {
        let n: String = name
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '’')
            .flat_map(char::to_lowercase)
            .collect();
        let level = match n.as_str() {
            "high_school" | "highschool" | "高中及以下" | "高中" | "中专" | "职高" | "技校" => {
                EducationLevel::HighSchool
            }
            "associate" | "associates" | "associatedegree" | "大专" | "专科" | "高职" => {
                EducationLevel::Associate
            }
            "bachelor" | "bachelors" | "bachelorsdegree" | "本科" | "学士" => {
                EducationLevel::Bachelor
            }
            "master" | "masters" | "mastersdegree" | "硕士" | "研究生" => {
                EducationLevel::Master
            }
            "doctorate" | "doctor" | "phd" | "博士" => EducationLevel::Doctorate,
            _ => return None,
        };
        Some(level)
    }
}

impl fmt::Display for EducationLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EducationLevel {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s).ok_or_else(|| {
            DomainError::new("education_level", format!("unknown education level {s:?}"))
                .zh("学历须为 博士、硕士、本科、大专 或 高中及以下。")
                .en("The education level must be doctorate, master, bachelor, associate or high_school.")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_both_languages_parse_and_order() {
        assert_eq!(
            "本科".parse::<EducationLevel>().unwrap(),
            EducationLevel::Bachelor
        );
        assert_eq!(
            "Master's".parse::<EducationLevel>().unwrap(),
            EducationLevel::Master
        );
        assert_eq!(
            "PhD".parse::<EducationLevel>().unwrap(),
            EducationLevel::Doctorate
        );
        assert!(EducationLevel::Doctorate > EducationLevel::Master);
        assert!(EducationLevel::Associate < EducationLevel::Bachelor);
        assert!("本科生".parse::<EducationLevel>().is_err());
        for level in EducationLevel::ALL {
            assert_eq!(EducationLevel::from_name(level.as_str()), Some(level));
            assert_eq!(EducationLevel::from_name(level.zh()), Some(level));
        }
    }
}
