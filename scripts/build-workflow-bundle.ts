// `npm run bundle` (and the image's build stage): writes the workflow bundle a worker loads at start
// (worker/bundle.ts), so no worker runs webpack. Usage: node --import tsx scripts/build-workflow-bundle.ts [path]
import { writeWorkflowBundle } from '../worker/bundle.js';

const out = await writeWorkflowBundle(process.argv[2]);
console.log(
  `workflow bundle: ${out.path} (${Math.round(out.bytes / 1024)} KiB, ${out.sources.length} project modules)`,
);
