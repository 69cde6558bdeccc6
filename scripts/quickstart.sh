#!/usr/bin/env bash
# Sets up a fresh checkout and starts the reference key-value service: 3 nodes on this machine.
#
#   bash scripts/quickstart.sh
#
# Needs Node 20 or newer and npm. Installs pnpm 12.4.2 globally if it is missing (or another
# version), installs the workspace from the lockfile, builds every package, then runs
# `pnpm start` (apps/kv-demo: three processes on SQLite, the HTTP transport on 127.0.0.1, client
# API on ports 8001-8003, admin/health on 9001-9003; Ctrl-C stops them). Arguments after the
# script name go to the launcher, e.g. `bash scripts/quickstart.sh --fresh` or `--check`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PNPM_VERSION=12.4.2

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [[ "$node_major" -lt 20 ]]; then
  echo "quickstart: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

if [[ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]]; then
  echo "==> installing pnpm@${PNPM_VERSION}"
  npm i -g -E "pnpm@${PNPM_VERSION}"
fi

# Native addons build against the system's Node headers instead of downloading them.
export npm_config_nodedir=/usr

echo "==> pnpm install --frozen-lockfile"
pnpm install --frozen-lockfile

echo "==> pnpm build"
pnpm build

echo "==> pnpm start $*"
pnpm start "$@"
