#!/usr/bin/env bash
# `npm run chaos`: the reliability scenarios of issue #18 (tooling/chaos/run.ts) against real peers it
# starts itself (test/harness/peers.ts). Arguments go to tooling/chaos/run.ts, e.g.
#   npm run chaos -- --scenarios worker-kill --kills 5
#   npm run chaos -- --scenarios store-load --crawls 20 --repeats 5
# Each scenario prints a summary line; the last line has them all, e.g.
#   chaos: worker-kill 20/20 identical · chaos: store-load 20 crawls x 3 on one database 3/3 held (...)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-setup.sh

exec node --import tsx tooling/chaos/run.ts "$@"
