//! `kaoguan admin create-user` and `kaoguan admin token`.

use std::io::Read;
use std::process::ExitCode;

use clap::Subcommand;
use kaoguan_domain::{Email, Role};
use kaoguan_service::auth::{self, NewStaff};

use crate::config::Config;

/// The organisation users are created in when none is named.
pub const DEFAULT_ORG: &str = "Kaoguan";

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a staff user; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        /// admin, hr, dept_head or interviewer.
        #[arg(long)]
        role: String,
        #[arg(long)]
        department: Option<String>,
        #[arg(long)]
        name: Option<String>,
        /// Organisation name; created if it does not exist.
        #[arg(long, default_value = DEFAULT_ORG)]
        org: String,
        /// IANA time zone for a newly created organisation.
        #[arg(long, default_value = "Asia/Shanghai")]
        timezone: String,
    },
    /// Issue an API bearer token for a user; printed on the last line.
    Token {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

pub async fn run(config: &Config, command: AdminCommand) -> anyhow::Result<ExitCode> {
    match command {
        AdminCommand::CreateUser {
            email,
            role,
            department,
            name,
            org,
            timezone,
        } => {
            let email: Email = email.parse()?;
            let role: Role = role.parse()?;
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            // Only the line ending is stripped: spaces inside a passphrase are kept.
            let password = password.trim_end_matches(['\n', '\r']).to_string();
            let services = crate::build_services(config).await?;
            let org = auth::ensure_org(&services, &org, &timezone).await?;
            let user = auth::create_user(
                &services,
                NewStaff {
                    org: org.id,
                    email,
                    display_name: name.unwrap_or_default(),
                    role,
                    department,
                    password,
                },
            )
            .await?;
            println!("created {} user {} in {}", user.role, user.email, org.name);
        }
        AdminCommand::Token { email, label } => {
            let email: Email = email.parse()?;
            let services = crate::build_services(config).await?;
            let token = auth::issue_api_token(&services, &email, &label)
                .await
                .map_err(|e| match e {
                    kaoguan_service::ServiceError::NotFound => {
                        anyhow::anyhow!("no user with email {email}")
                    }
                    other => other.into(),
                })?;
            println!("API token for {email} (shown once):");
            println!("{}", token.expose());
        }
    }
    Ok(ExitCode::SUCCESS)
}
