#!/usr/bin/env bash
# `npm run bench`: Discovery's end-to-end crawl throughput (a first crawl, an unchanged re-crawl, a re-crawl
# with 1 % changed and 1 % gone) and worker RSS (idle and peak) on the synthetic provider
# (bench/synthetic-server.ts), against a plain loop doing the same work without Temporal (bench/run.ts). Starts its own peers (test/harness/peers.ts; MONGODB_URI / TEMPORAL_ADDRESS replace
# them). Arguments go to bench/run.ts, e.g.
#   npm run bench -- --sizes 2000,5000          a quick run
#   npm run bench -- --crawl-timeout-min 300    let a slow crawl finish (default: cancelled after 30 min)
#   npm run bench -- --cpu-prof                 also write the worker's CPU profiles to .tmp/bench-prof/worker-<n>-<stamp>/
#   npm run bench -- --worker-from-sources      run the worker's TypeScript through tsx instead of the compiled build
# Its last line: bench: n=... discovery_s=... raw_s=... ratio=... raw_insert_s=... ratio_insert=... rss10k=...
#   rss100k=... idle_rss=... rate=... recrawl_s=... recrawl_ratio=...
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-setup.sh

exec node --import tsx bench/run.ts "$@"
