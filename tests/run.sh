#!/usr/bin/env bash
# Install what the test suite needs, then run it: `bash tests/run.sh [pytest args...]`.
#
# CI is a fresh machine, and so is this script: every run makes a new virtual environment
# (build/test-venv) and installs coursepack with its [test] extra into it, bounded by
# tests/constraints.txt, the newest versions the suite was run against. A package someone
# installed by hand, or a dependency version that happens to be on the machine, cannot make a
# run green. Debian packages come from apt when missing: chromium (never a `playwright install`
# download), webkit2gtk-driver and xvfb (WebKitGTK, the second engine), python3-venv, npm. The
# real Moodle the tests in tests/moodle use is installed and started by their own fixture
# (../shared/moodle/start.sh). With no arguments it runs the fast tier, then the whole suite;
# arguments go to a single pytest run. Install output goes to a log file;
# its tail is printed if a step fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log="$(mktemp -t coursepack-install.XXXXXX.log)"
venv="build/test-venv"

# Run a command with its output in $log; on failure show the end of the log and stop.
quietly() {
  if ! "$@" >>"$log" 2>&1; then
    echo "tests/run.sh: failed: $*" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

venv_works() {
  local probe
  probe="$(mktemp -d)"
  python3 -m venv "$probe/v" >/dev/null 2>&1
  local ok=$?
  rm -rf "$probe"
  return $ok
}

apt_packages=()
[[ -x /usr/bin/chromium ]] || apt_packages+=(chromium)
[[ -x /usr/bin/WebKitWebDriver ]] || apt_packages+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || apt_packages+=(xvfb)
venv_works || apt_packages+=(python3-venv)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
if ((${#apt_packages[@]})); then
  echo "tests/run.sh: apt-get install ${apt_packages[*]} (log: $log)"
  export DEBIAN_FRONTEND=noninteractive
  quietly apt-get update
  quietly apt-get install -y "${apt_packages[@]}"
fi

echo "tests/run.sh: fresh virtual environment $venv, pip install -e '.[test]', npm ci (log: $log)"
rm -rf "$venv"
quietly python3 -m venv "$venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
quietly "$venv/bin/python" -m pip install --quiet -c tests/constraints.txt -e '.[test]'
quietly npm ci --prefix tests/lms --no-audit --no-fund

# The tests run `coursepack` and the venv's tools; put them first on PATH.
export PATH="$PWD/$venv/bin:$PATH"
if (($#)); then
  exec "$venv/bin/python" -m pytest "$@"
fi
# No arguments (CI): the fast tier first, so a broken compiler fails in a minute or two, then
# the whole suite: browsers, the real Moodle, and the fuzz test at its full depth.
echo "tests/run.sh: fast tier (-m 'not browser and not moodle', one worker per CPU)"
"$venv/bin/python" -m pytest -m "not browser and not moodle" -n auto
echo "tests/run.sh: the whole suite"
exec "$venv/bin/python" -m pytest
