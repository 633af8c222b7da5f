//! Configuration: defaults < TOML file (`--config`) < `KAOGUAN__SECTION__KEY` environment
//! variables < command-line flags. With nothing set, Kaoguan serves 127.0.0.1:8080 and
//! keeps its SQLite database and media under ./kaoguan-data.

use std::path::{Path, PathBuf};

use anyhow::Context;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub storage: StorageConfig,
    pub interview: InterviewConfig,
    pub auth: AuthConfig,
    pub worker: WorkerConfig,
    pub llm: LlmConfig,
    pub scoring: ScoringConfig,
    pub media: MediaConfig,
    pub speech: SpeechConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerConfig {
    pub listen: String,
    /// The URL candidates and staff reach this server at; interview links are built on
    /// it. Defaults to `http://<listen>`.
    pub public_url: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseConfig {
    /// `sqlite://…` or `postgres://…`; defaults to a SQLite file in the data directory.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageConfig {
    pub data_dir: PathBuf,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct InterviewConfig {
    /// Seconds an answer may arrive after its deadline (network latency).
    pub answer_grace_seconds: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthConfig {
    pub session_hours: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkerConfig {
    /// Run the background worker inside `serve`. Turn off on web-only nodes that leave
    /// the queue to `kaoguan worker` processes.
    pub embedded: bool,
}

/// The optional external model (OpenAI-compatible chat endpoint) that adds advisory notes
/// to reports. Off unless the admin turns it on; it never changes a score.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct LlmConfig {
    pub enabled: bool,
    /// e.g. `http://localhost:11434/v1` (Ollama) or `https://api.deepseek.com/v1`.
    pub base_url: String,
    /// Never serialised, so it cannot end up in a dumped configuration; `Debug` redacts it.
    #[serde(skip_serializing)]
    pub api_key: Option<secrecy::SecretString>,
    pub model: String,
    pub timeout_seconds: u64,
    /// Ask for `response_format: json_object`; only for servers that support it.
    pub json_mode: bool,
    /// Constrain the scoring judge's replies with a JSON schema (`response_format:
    /// json_schema`: OpenAI, vLLM, Ollama); implies `json_mode`.
    pub json_schema: bool,
    /// Also use the model as a scoring judge: it reads each answer against its rubric and
    /// its claims (quotes checked against the answer) decide key points and red flags; the
    /// local engine remains the fallback and the cross-check. Off: advisory notes only.
    pub scoring: bool,
}

impl Default for LlmConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            base_url: String::new(),
            api_key: None,
            model: String::new(),
            timeout_seconds: 20,
            json_mode: false,
            json_schema: false,
            scoring: false,
        }
    }
}

/// Recorded answers: where they are kept, how they are encrypted, how large they may be.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MediaConfig {
    /// Where recordings are stored (encrypted); defaults to `<data_dir>/media`.
    pub dir: Option<PathBuf>,
    /// AES-256 key for recordings at rest: base64 of 32 bytes. Without one, a key is
    /// generated on first start into `<data_dir>/media.key`. Set it explicitly when
    /// several nodes share the storage. Never serialised; `Debug` redacts it.
    #[serde(skip_serializing)]
    pub encryption_key: Option<secrecy::SecretString>,
    /// Keys used before a rotation, still needed to read older recordings.
    #[serde(skip_serializing)]
    pub previous_keys: Vec<secrecy::SecretString>,
    /// Largest recording one answer may upload, in MiB.
    pub max_upload_mb: u64,
}

impl Default for MediaConfig {
    fn default() -> Self {
        Self {
            dir: None,
            encryption_key: None,
            previous_keys: Vec::new(),
            max_upload_mb: 200,
        }
    }
}

/// Which scoring engine the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineChoice {
    /// The local model when it is installed, otherwise the lexical engine (with a warning).
    Auto,
    /// Always the lexical engine.
    Lexical,
    /// The local model; refuse to start without it.
    Model,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoringConfig {
    pub engine: EngineChoice,
    /// A catalogued model (`kaoguan models list`), installed under `models_dir`.
    pub model: String,
    /// Where `kaoguan models install` puts models; defaults to `<data_dir>/models`.
    pub models_dir: Option<PathBuf>,
    /// A model directory of your own (config.json, model.safetensors, tokenizer.json);
    /// overrides `model`.
    pub model_dir: Option<PathBuf>,
    /// Threads for the model's forward passes (at most this many run at once).
    pub threads: usize,
    /// One forward pass per answer, pooling sentences from it (about twice the throughput,
    /// somewhat lower agreement with interviewers; see README "The scoring model").
    pub late_chunking: bool,
    /// Arithmetic of the model's weight products: `auto` (int8 on CPUs with AVX-512
    /// VNNI, about three times faster, else f32), `f32` or `int8`. Part of the model
    /// version in reports.
    pub precision: kaoguan_embed::Precision,
}

/// Transcription of voice and video answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeechConfig {
    /// A whisper.cpp model file of your own (`ggml-small.bin`, …); defaults to the installed
    /// `whisper-base` under `scoring.models_dir`.
    pub model_file: Option<PathBuf>,
    /// Threads per transcription (one transcription runs at a time).
    pub threads: usize,
    /// Voice-activity detection before transcription and for the delivery measures.
    pub vad: VadChoice,
    /// Silero VAD's `silero_vad_16k_op15.onnx` from elsewhere; defaults to the installed
    /// `silero-vad` under `scoring.models_dir`.
    pub vad_file: Option<PathBuf>,
}

/// Which voice-activity detector transcription uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VadChoice {
    /// Silero VAD when its model is installed, otherwise the energy detector (with a warning).
    Auto,
    /// Silero VAD; refuse to start without its model.
    Silero,
    /// The energy detector (no model; loud non-speech sounds count as speech).
    Energy,
}

impl Default for SpeechConfig {
    fn default() -> Self {
        Self {
            model_file: None,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
            vad: VadChoice::Auto,
            vad_file: None,
        }
    }
}

impl Default for ScoringConfig {
    fn default() -> Self {
        Self {
            engine: EngineChoice::Auto,
            model: kaoguan_embed::catalog::DEFAULT_MODEL.to_string(),
            models_dir: None,
            model_dir: None,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(4)),
            late_chunking: kaoguan_scoring::LATE_CHUNKING_DEFAULT,
            precision: kaoguan_embed::Precision::Auto,
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            public_url: None,
        }
    }
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("kaoguan-data"),
        }
    }
}

impl Default for InterviewConfig {
    fn default() -> Self {
        Self {
            answer_grace_seconds: 10,
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self { session_hours: 12 }
    }
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self { embedded: true }
    }
}

/// Flags that override the layered configuration.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
}

impl Config {
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            anyhow::ensure!(
                file.exists(),
                "configuration file {} does not exist",
                file.display()
            );
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(Env::prefixed("KAOGUAN__").split("__"));
        let mut config: Config = figment.extract().context("invalid configuration")?;
        if let Some(listen) = &overrides.listen {
            config.server.listen = listen.clone();
        }
        if let Some(dir) = &overrides.data_dir {
            config.storage.data_dir = dir.clone();
        }
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> anyhow::Result<()> {
        self.server
            .listen
            .parse::<std::net::SocketAddr>()
            .with_context(|| {
                format!(
                    "server.listen {:?} is not an address like 127.0.0.1:8080",
                    self.server.listen
                )
            })?;
        if let Some(url) = &self.database.url {
            kaoguan_store::sql::Dialect::from_url(url).context("database.url")?;
        }
        if let Some(p) = &self.server.public_url {
            anyhow::ensure!(
                p.starts_with("http://") || p.starts_with("https://"),
                "server.public_url must start with http:// or https://"
            );
        }
        anyhow::ensure!(
            self.auth.session_hours >= 1,
            "auth.session_hours must be at least 1"
        );
        anyhow::ensure!(
            (1..=64).contains(&self.scoring.threads),
            "scoring.threads must be between 1 and 64"
        );
        anyhow::ensure!(
            (1..=4096).contains(&self.media.max_upload_mb),
            "media.max_upload_mb must be between 1 and 4096"
        );
        crate::objects::keyring(&self.media).context("media.encryption_key")?;
        anyhow::ensure!(
            self.llm.enabled || !self.llm.scoring,
            "llm.scoring needs llm.enabled = true (and its base_url and model)"
        );
        if self.llm.enabled {
            let url = self.llm.base_url.trim();
            anyhow::ensure!(
                url.starts_with("http://") || url.starts_with("https://"),
                "llm.base_url must start with http:// or https:// when llm.enabled is true"
            );
            anyhow::ensure!(
                !self.llm.model.trim().is_empty(),
                "llm.model must be set when llm.enabled is true"
            );
            anyhow::ensure!(
                self.llm.timeout_seconds >= 1,
                "llm.timeout_seconds must be at least 1"
            );
        }
        Ok(())
    }

    pub fn models_dir(&self) -> PathBuf {
        self.scoring
            .models_dir
            .clone()
            .unwrap_or_else(|| self.storage.data_dir.join("models"))
    }

    /// The model directory the server loads: `scoring.model_dir`, or the configured
    /// catalogued model under [`Config::models_dir`].
    pub fn model_dir(&self) -> PathBuf {
        self.scoring
            .model_dir
            .clone()
            .unwrap_or_else(|| self.models_dir().join(&self.scoring.model))
    }

    pub fn media_dir(&self) -> PathBuf {
        self.media
            .dir
            .clone()
            .unwrap_or_else(|| self.storage.data_dir.join("media"))
    }

    /// The whisper.cpp model file transcription loads.
    pub fn speech_model_file(&self) -> PathBuf {
        self.speech.model_file.clone().unwrap_or_else(|| {
            let m = kaoguan_speech::catalog::WHISPER_BASE;
            self.models_dir().join(m.name).join(m.ggml_file)
        })
    }

    /// The Silero VAD weights transcription loads.
    pub fn speech_vad_file(&self) -> PathBuf {
        self.speech.vad_file.clone().unwrap_or_else(|| {
            let m = kaoguan_speech::catalog::SILERO_VAD;
            self.models_dir().join(m.name).join(m.file)
        })
    }

    pub fn database_url(&self) -> String {
        match &self.database.url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}",
                self.storage.data_dir.join("kaoguan.db").display()
            ),
        }
    }

    pub fn public_url(&self) -> String {
        self.server
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.server.listen))
            .trim_end_matches('/')
            .to_string()
    }
}

#[cfg(test)]
// figment's Jail closures return its own large error type; that is its API, not ours.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    /// The configuration with no file, flags or variables. Loaded inside figment's `Jail`
    /// (which holds a process-wide lock), because other tests set `KAOGUAN__…` variables
    /// in the shared environment.
    fn defaults() -> Config {
        let mut out = None;
        figment::Jail::expect_with(|_| {
            out = Some(Config::load(None, &Overrides::default()).unwrap());
            Ok(())
        });
        out.expect("loaded")
    }

    #[test]
    fn defaults_are_local_and_sqlite() {
        let c = defaults();
        assert_eq!(c.server.listen, "127.0.0.1:8080");
        assert_eq!(c.database_url(), "sqlite://kaoguan-data/kaoguan.db");
        assert_eq!(c.public_url(), "http://127.0.0.1:8080");
    }

    #[test]
    fn file_env_and_flags_layer_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.toml");
        std::fs::write(&file, "[server]\nlisten = \"127.0.0.1:9000\"\npublic_url = \"https://hr.example.com/\"\n[interview]\nanswer_grace_seconds = 3\n").unwrap();
        figment::Jail::expect_with(|jail| {
            jail.set_env("KAOGUAN__INTERVIEW__ANSWER_GRACE_SECONDS", "7");
            jail.set_env("KAOGUAN__DATABASE__URL", "postgres://u@h/db");
            let c = Config::load(Some(&file), &Overrides::default()).unwrap();
            assert_eq!(c.server.listen, "127.0.0.1:9000");
            assert_eq!(
                c.interview.answer_grace_seconds, 7,
                "environment beats the file"
            );
            assert_eq!(c.database_url(), "postgres://u@h/db");
            assert_eq!(c.public_url(), "https://hr.example.com");
            let c = Config::load(
                Some(&file),
                &Overrides {
                    listen: Some("127.0.0.1:1".into()),
                    data_dir: None,
                },
            )
            .unwrap();
            assert_eq!(c.server.listen, "127.0.0.1:1", "flags beat everything");
            Ok(())
        });
    }

    #[test]
    fn bad_values_are_explained() {
        let e = Config::load(
            None,
            &Overrides {
                listen: Some("nonsense".into()),
                data_dir: None,
            },
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("server.listen"));
        figment::Jail::expect_with(|jail| {
            jail.set_env("KAOGUAN__DATABASE__URL", "mysql://x");
            let e = Config::load(None, &Overrides::default()).unwrap_err();
            assert!(format!("{e:#}").contains("database.url"));
            Ok(())
        });
        assert!(Config::load(Some(Path::new("/nonexistent.toml")), &Overrides::default()).is_err());
    }

    #[test]
    fn media_has_defaults_and_a_bad_key_is_explained() {
        let c = defaults();
        assert_eq!(c.media.max_upload_mb, 200);
        assert_eq!(c.media_dir(), PathBuf::from("kaoguan-data/media"));
        assert!(c.media.encryption_key.is_none());
        figment::Jail::expect_with(|jail| {
            jail.set_env("KAOGUAN__MEDIA__ENCRYPTION_KEY", "c2hvcnQ=");
            let e = Config::load(None, &Overrides::default()).unwrap_err();
            assert!(format!("{e:#}").contains("media.encryption_key"));
            let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
            jail.set_env("KAOGUAN__MEDIA__ENCRYPTION_KEY", key);
            jail.set_env("KAOGUAN__MEDIA__MAX_UPLOAD_MB", "50");
            let c = Config::load(None, &Overrides::default()).unwrap();
            assert_eq!(c.media.max_upload_mb, 50);
            assert!(!format!("{c:?}").contains(key), "Debug redacts the key");
            jail.set_env("KAOGUAN__MEDIA__MAX_UPLOAD_MB", "0");
            let e = Config::load(None, &Overrides::default()).unwrap_err();
            assert!(format!("{e:#}").contains("media.max_upload_mb"));
            Ok(())
        });
    }

    #[test]
    fn the_external_model_is_off_by_default_and_checked_when_on() {
        let c = defaults();
        assert!(!c.llm.enabled);
        assert_eq!(c.llm.timeout_seconds, 20);
        figment::Jail::expect_with(|jail| {
            jail.set_env("KAOGUAN__LLM__ENABLED", "true");
            jail.set_env("KAOGUAN__LLM__BASE_URL", "localhost:11434");
            let e = Config::load(None, &Overrides::default()).unwrap_err();
            assert!(format!("{e:#}").contains("llm.base_url"));
            jail.set_env("KAOGUAN__LLM__BASE_URL", "http://localhost:11434/v1");
            let e = Config::load(None, &Overrides::default()).unwrap_err();
            assert!(format!("{e:#}").contains("llm.model"));
            jail.set_env("KAOGUAN__LLM__MODEL", "qwen2.5:7b");
            jail.set_env("KAOGUAN__LLM__API_KEY", "sk-from-env");
            let c = Config::load(None, &Overrides::default()).unwrap();
            use secrecy::ExposeSecret;
            assert_eq!(
                c.llm.api_key.as_ref().unwrap().expose_secret(),
                "sk-from-env"
            );
            assert!(
                !format!("{c:?}").contains("sk-from-env"),
                "Debug redacts the key"
            );
            Ok(())
        });
    }
}
