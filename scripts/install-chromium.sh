#!/usr/bin/env bash
# Install Debian's headless Chromium, used to screenshot the HTML report, by
# the report's Chromium test (which is skipped when Chromium is absent) and by
# sitrep-serve's browser test (which runs this script when Chromium is absent).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    chromium --version
    exit 0
fi
sudo_=""
[ "$(id -u)" = 0 ] || sudo_="sudo"
$sudo_ apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium >/dev/null
chromium --version
