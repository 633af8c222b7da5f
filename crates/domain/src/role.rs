use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A staff member's role within one organisation. Candidates are not users: they reach
/// their own application through a personal token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Hr,
    DeptHead,
    Interviewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Hr, Role::DeptHead, Role::Interviewer];

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hr => "hr",
            Role::DeptHead => "dept_head",
            Role::Interviewer => "interviewer",
        }
    }

    /// Admins and HR manage jobs, question banks and invitations.
    pub fn manages_recruiting(&self) -> bool {
        matches!(self, Role::Admin | Role::Hr)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "admin" => Ok(Role::Admin),
            "hr" => Ok(Role::Hr),
            "dept_head" => Ok(Role::DeptHead),
            "interviewer" => Ok(Role::Interviewer),
            other => Err(DomainError::new(
                "role",
                format!("unknown role {other:?}; expected admin, hr, dept_head or interviewer"),
            )
            .zh(format!(
                "未知角色“{}”，应为管理员、招聘 HR、用人部门负责人或面试官。",
                other.escape_debug()
            ))
            .en(format!(
                "Unknown role {other:?}; expected admin, HR, department head or interviewer."
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("root".parse::<Role>().is_err());
        assert!(Role::Hr.manages_recruiting());
        assert!(!Role::Interviewer.manages_recruiting());
    }
}
