//! Headless Chromium for the end-to-end tests: a private `chromedriver` on a free port,
//! a fresh browser profile, a polling helper and optional full-page screenshots.

use std::future::Future;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tempfile::TempDir;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const SKIP_VAR: &str = "KAOGUAN_SKIP_BROWSER_TESTS";

/// The portal is built for phones first.
pub const WINDOW: (u32, u32) = (360, 740);

/// How often `wait_until` polls the page.
const POLL: Duration = Duration::from_millis(50);

/// Kills the process group `child` leads (chromedriver and the Chromium it started), then
/// reaps the child.
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// A running chromedriver. Dropping it kills its process group, so no browser outlives
/// the test even when the test panics before ending its session.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

pub struct Browser {
    pub client: Client,
    // Fields drop in order: the driver (and the browser) go before the profile directory.
    _driver: Driver,
    _profile: TempDir,
}

impl Browser {
    /// chromedriver's base URL, for commands fantoccini does not wrap.
    pub fn driver_url(&self) -> String {
        format!("http://127.0.0.1:{}", self._driver.port)
    }

    /// Ends the WebDriver session so Chromium exits cleanly; dropping `self` then stops
    /// chromedriver and removes the profile.
    pub async fn close(self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
    }
}

/// True (after saying so) when `KAOGUAN_SKIP_BROWSER_TESTS=1`.
pub fn skip_requested() -> bool {
    let skip = std::env::var(SKIP_VAR).is_ok_and(|v| v == "1");
    if skip {
        println!("skipped: {SKIP_VAR}=1");
    }
    skip
}

/// Starts chromedriver and a headless Chromium with a phone-sized window. Panics with a
/// setup hint when the browser or its driver is not installed.
pub async fn launch() -> Browser {
    launch_with(MediaPrompt::Allow).await
}

/// How Chromium answers a page's request for the microphone or camera (there is no
/// prompt in headless tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaPrompt {
    Allow,
    /// As if the candidate refused the permission prompt.
    Deny,
}

/// [`launch`], choosing how the media permission prompt is answered.
pub async fn launch_with(prompt: MediaPrompt) -> Browser {
    start(prompt, None).await
}

/// [`launch`] with a camera that shows `file` instead of Chromium's test pattern: a
/// `.mjpeg` (JPEG frames one after another, played at 30 fps) or a `.y4m` (I420). Chromium
/// starts the file again from its first frame when it reaches the end, so a single frame
/// is a still picture for as long as the test needs.
pub async fn launch_with_camera(file: &Path) -> Browser {
    // Chromium reads the file from its own working directory and, when it cannot parse
    // it, simply has no camera: fail here with the path instead.
    assert!(
        file.is_absolute() && file.is_file(),
        "the fake camera's file {} is missing (or the path is relative)",
        file.display()
    );
    start(MediaPrompt::Allow, Some(file)).await
}

async fn start(prompt: MediaPrompt, camera: Option<&Path>) -> Browser {
    for bin in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            Path::new(bin).exists(),
            "{bin} is missing: the browser tests need Debian's chromium and chromium-driver. \
             Run the project's setup (scripts/test.sh installs them, or as root: \
             `apt-get install -y chromium chromium-driver`). \
             To skip the browser tests instead, set {SKIP_VAR}=1."
        );
    }
    let profile = tempfile::Builder::new()
        .prefix("kaoguan-e2e-chromium-")
        .tempdir()
        .expect("create a browser profile directory");
    let driver = start_driver().await;
    let client = connect(&driver, &profile, prompt, camera).await;
    Browser {
        client,
        _driver: driver,
        _profile: profile,
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("find a free port")
        .port()
}

async fn start_driver() -> Driver {
    let http = reqwest::Client::new();
    let mut why = String::new();
    // Another process may take the port between our probe and chromedriver's bind: retry.
    for _ in 0..3 {
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so `Driver::drop` can reach the browser as well.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {CHROMEDRIVER}: {e}"));
        let mut driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = driver.child.try_wait() {
                why = format!("chromedriver exited at start ({status})");
                break;
            }
            let status = http
                .get(format!("http://127.0.0.1:{port}/status"))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if let Ok(resp) = status {
                let body: Value = resp.json().await.unwrap_or_default();
                if body["value"]["ready"] == true {
                    return driver;
                }
                why = format!("chromedriver is not ready: {body}");
            } else {
                why = "chromedriver did not answer /status within 10 s".into();
            }
            tokio::time::sleep(POLL).await;
        }
    }
    panic!("could not start {CHROMEDRIVER}: {why}");
}

async fn connect(
    driver: &Driver,
    profile: &TempDir,
    prompt: MediaPrompt,
    camera: Option<&Path>,
) -> Client {
    let media_prompt = match prompt {
        MediaPrompt::Allow => "--use-fake-ui-for-media-stream",
        MediaPrompt::Deny => "--use-fake-ui-for-media-stream=deny",
    };
    let mut caps = json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": {"pageLoad": 20_000, "script": 10_000, "implicit": 0},
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            // A desktop window cannot be narrower than 500 px, even headless: emulate the
            // phone's viewport instead (this also sets a touch screen and device scale).
            "mobileEmulation": {
                "deviceMetrics": {"width": WINDOW.0, "height": WINDOW.1, "pixelRatio": 2.0, "touch": true},
            },
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                // No network on the test machines: keep Chromium from trying.
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // A fake microphone and camera, granted (or refused) without a prompt, for
                // recorded answers. Pages that never ask for media are unaffected.
                media_prompt,
                "--use-fake-device-for-media-stream",
                format!("--window-size={},{}", WINDOW.0, WINDOW.1),
                format!("--user-data-dir={}", profile.path().display()),
            ],
        },
    });
    if let Some(file) = camera {
        caps["goog:chromeOptions"]["args"]
            .as_array_mut()
            .expect("the argument list")
            .push(format!("--use-file-for-fake-video-capture={}", file.display()).into());
    }
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    let url = format!("http://127.0.0.1:{}", driver.port);
    // chromedriver speaks plain HTTP on localhost. (`ClientBuilder::rustls()` would panic
    // here: the dependency graph enables two rustls crypto providers, ring and aws-lc-rs.)
    let mut builder = ClientBuilder::new(HttpConnector::new());
    let connecting = builder.capabilities(caps).connect(&url);
    match tokio::time::timeout(Duration::from_secs(30), connecting).await {
        Ok(Ok(client)) => client,
        Ok(Err(e)) => panic!("chromedriver could not start {CHROMIUM}: {e}"),
        Err(_) => panic!("{CHROMIUM} did not start within 30 s"),
    }
}

/// Polls `check` until it yields a value; panics after `timeout`, naming `what` and the
/// last thing `check` saw (its `Err(description)`).
pub async fn wait_until<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Result<T, String>, CmdError>>,
{
    let start = Instant::now();
    loop {
        let seen = match check().await {
            Ok(Ok(value)) => return value,
            Ok(Err(seen)) => seen,
            Err(e) => panic!("WebDriver failed while waiting for {what}: {e}"),
        };
        if start.elapsed() > timeout {
            panic!("timed out after {timeout:?} waiting for {what}; last seen: {seen}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Runs one DevTools command in the current tab through chromedriver.
pub async fn cdp(c: &Client, driver_url: &str, cmd: &str, params: Value) -> Value {
    let session = c
        .session_id()
        .await
        .expect("session id")
        .expect("a WebDriver session");
    let resp = reqwest::Client::new()
        .post(format!("{driver_url}/session/{session}/goog/cdp/execute"))
        .json(&json!({"cmd": cmd, "params": params}))
        .send()
        .await
        .expect("reach chromedriver");
    let status = resp.status();
    let body: Value = resp.json().await.unwrap_or_default();
    assert!(status.is_success(), "{cmd}: {status} {body}");
    body["value"].clone()
}

pub const SCREENSHOTS_VAR: &str = "KAOGUAN_E2E_SCREENSHOTS";

/// Full-page screenshots for a person to look at, saved as `<dir>/<name>.png` when
/// `KAOGUAN_E2E_SCREENSHOTS=<dir>` is set; otherwise nothing is taken.
pub struct Screenshots {
    dir: Option<PathBuf>,
    driver_url: String,
}

impl Screenshots {
    pub fn from_env(browser: &Browser) -> Self {
        let dir = std::env::var_os(SCREENSHOTS_VAR).map(PathBuf::from);
        if let Some(d) = &dir {
            std::fs::create_dir_all(d).expect("create the screenshot directory");
        }
        Self {
            dir,
            driver_url: browser.driver_url(),
        }
    }

    pub async fn take(&self, c: &Client, name: &str) -> Result<(), CmdError> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        // Grow the emulated screen to the page's height (WebDriver screenshots stop at the
        // viewport), take the picture, then go back to the phone's screen.
        let height = c
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await?
            .as_u64()
            .unwrap_or(u64::from(WINDOW.1))
            .max(u64::from(WINDOW.1));
        self.screen(c, height).await?;
        let png = c.screenshot().await;
        self.screen(c, u64::from(WINDOW.1)).await?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png?).expect("write the screenshot");
        println!("screenshot: {}", path.display());
        Ok(())
    }

    async fn screen(&self, c: &Client, height: u64) -> Result<(), CmdError> {
        let session = c.session_id().await?.expect("a WebDriver session");
        let resp = reqwest::Client::new()
            .post(format!("{}/session/{session}/goog/cdp/execute", self.driver_url))
            .json(&json!({
                "cmd": "Emulation.setDeviceMetricsOverride",
                "params": {"width": WINDOW.0, "height": height, "deviceScaleFactor": 2, "mobile": true},
            }))
            .send()
            .await
            .expect("reach chromedriver");
        assert!(
            resp.status().is_success(),
            "resize the screen: {}",
            resp.status()
        );
        Ok(())
    }
}
