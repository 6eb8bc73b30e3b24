#!/usr/bin/env bash
# Everything the test suite needs, then the suite: PostgreSQL up, Chromium and ChromeDriver for the UI
# tests, and `mvn verify` over all modules.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pg-up.sh
if [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "Chromium and ChromeDriver are missing: install the Debian packages chromium and chromium-driver." >&2
    exit 1
  fi
fi
exec mvn -B verify "$@"
