//! Background task kinds and their payloads. The worker loop lives in `kaoguan-jobs`.

use kaoguan_domain::{ApplicationId, OrgId};
use serde::{Deserialize, Serialize};

use crate::{ServiceResult, Services};

pub const SCORE_APPLICATION: &str = "score_application";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScoreApplication {
    pub org_id: OrgId,
    pub application_id: ApplicationId,
}

pub async fn enqueue_scoring(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
) -> ServiceResult<()> {
    let payload = serde_json::to_value(ScoreApplication {
        org_id: org,
        application_id: application,
    })
    .map_err(anyhow::Error::from)?;
    services
        .store
        .enqueue(SCORE_APPLICATION, &payload, services.clock.now())
        .await?;
    services.task_wakeup.notify_one();
    Ok(())
}
