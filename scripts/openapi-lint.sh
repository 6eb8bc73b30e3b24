#!/usr/bin/env bash
# Lints the OpenAPI description with Redocly CLI (pinned), installed once into a cache directory.
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.77.0
tools=${REDOCLY_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/drippulse-redocly-$version}
if [ ! -x "$tools/node_modules/.bin/redocly" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --silent --no-audit --no-fund "@redocly/cli@$version" >/dev/null
fi
cd api-server
exec "$tools/node_modules/.bin/redocly" lint --format=summary src/main/resources/openapi/openapi.json
