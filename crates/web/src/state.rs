use kaoguan_service::Services;

/// What every handler can reach. Holds nothing another node would need: sessions, tasks
/// and data live in the database.
#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    /// Mark cookies `Secure`; on whenever the public URL is https.
    pub secure_cookies: bool,
}
