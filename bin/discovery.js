#!/usr/bin/env node
// The `discovery` command. Registers tsx so the TypeScript sources run as they are (no build step),
// then hands over to cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
const code = await main(process.argv.slice(2));
// Commands close what they open; exit anyway so a stray handle (a socket in its keep-alive) cannot hang a script.
process.exit(code);
