#!/usr/bin/env bash
# Volto 18 needs Node.js 20 or 22 with npm. Says in one line what to install
# when they are missing (Debian 12's own nodejs is 18: too old).
set -euo pipefail
if ! command -v node > /dev/null 2>&1 || ! command -v npm > /dev/null 2>&1; then
  echo "The Volto add-on needs Node.js 20 or 22 and npm: install them (https://nodejs.org/en/download)." >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
case "$major" in
  20 | 22) ;;
  *)
    echo "The Volto add-on needs Node.js 20 or 22; this is $(node --version)." >&2
    exit 1
    ;;
esac
