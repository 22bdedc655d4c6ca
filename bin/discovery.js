#!/usr/bin/env node
// The `discovery` command. Runs the compiled build when DISCOVERY_CLI_BUILD names it (scripts/build-cli.ts;
// the image sets it: no TypeScript loader in the process), otherwise registers tsx so the TypeScript
// sources run as they are (no build step); then hands over to cli/main.ts.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const build = process.env.DISCOVERY_CLI_BUILD;
let main;
if (build) {
  ({ main } = await import(pathToFileURL(resolve(build)).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
const code = await main(process.argv.slice(2));
// Commands close what they open; exit anyway so a stray handle (a socket in its keep-alive) cannot hang a script.
process.exit(code);
