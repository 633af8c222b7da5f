//! Typed identifiers. Each wraps a UUID so that a job id can never be passed where an
//! application id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::DomainError;

macro_rules! id_type {
    ($name:ident, $what:literal, $zh:literal, $en:literal) => {
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self).map_err(|_| {
                    DomainError::new($what, "is not a valid id")
                        .zh(concat!($zh, "无效。"))
                        .en(concat!("That is not a valid ", $en, "."))
                })
            }
        }
    };
}

id_type!(OrgId, "organisation_id", "组织编号", "organisation id");
id_type!(UserId, "user_id", "用户编号", "user id");
id_type!(JobId, "job_id", "岗位编号", "job id");
id_type!(QuestionId, "question_id", "题目编号", "question id");
id_type!(
    ApplicationId,
    "application_id",
    "申请编号",
    "application id"
);
id_type!(UploadId, "upload_id", "上传编号", "upload id");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_garbage() {
        let id = JobId::new();
        assert_eq!(id.to_string().parse::<JobId>().unwrap(), id);
        let err = "not-a-uuid".parse::<JobId>().unwrap_err();
        assert_eq!(err.field, "job_id");
    }
}
