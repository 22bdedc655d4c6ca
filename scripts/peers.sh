#!/usr/bin/env bash
# `npm run peers`: installs and starts the real test peers, prints how to use them, holds until Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-peers.sh
exec node --import tsx scripts/with-peers.ts --hold
