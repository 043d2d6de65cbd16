#!/usr/bin/env bash
# Install what the test suite needs, then run it: `bash tests/run.sh [pytest args...]`.
#
# Meant for a fresh Debian machine, as root (CI), and harmless on a prepared one: every step is
# skipped or a no-op when its tool is already there. The browser is Debian's chromium, never a
# `playwright install` download, so the tests also run where only the package registries are
# reachable. Install output goes to a log file; its tail is printed if a step fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log="$(mktemp -t coursepack-install.XXXXXX.log)"

# Run a command with its output in $log; on failure show the end of the log and stop.
quietly() {
  if ! "$@" >>"$log" 2>&1; then
    echo "tests/run.sh: failed: $*" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

apt_packages=()
[[ -x /usr/bin/chromium ]] || apt_packages+=(chromium)
python3 -m pip --version >/dev/null 2>&1 || apt_packages+=(python3-pip)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
if ((${#apt_packages[@]})); then
  echo "tests/run.sh: apt-get install ${apt_packages[*]} (log: $log)"
  export DEBIAN_FRONTEND=noninteractive
  quietly apt-get update
  quietly apt-get install -y "${apt_packages[@]}"
fi

echo "tests/run.sh: pip install -e '.[test]' and npm ci (log: $log)"
# Debian's own python3 refuses pip installs (PEP 668); a throwaway CI machine may override that.
PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore \
  quietly python3 -m pip install --quiet -e '.[test]'
quietly npm ci --prefix tests/lms --no-audit --no-fund

exec python3 -m pytest "$@"
