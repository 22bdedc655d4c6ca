#!/usr/bin/env bash
# `npm run demo`: a real crawl end to end on this machine, with no cloud account.
# Installs what is missing (npm deps, the peers in .peers/), then runs scripts/demo.ts, which starts
# the peers (Temporal dev server, FerretDB, moto), seeds a sample AWS account, runs an in-process
# worker and crawls it twice. `npm run demo -- --keep` keeps everything up until Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-setup.sh

exec node --import tsx scripts/demo.ts "$@"
