// Writes the README's configuration table from the schema (config/index.ts `configTable`): the text
// between `<!-- config-table:start -->` and `<!-- config-table:end -->`, then formats it with prettier.
// `npm run readme:config`; test/unit/config.test.ts fails while the two disagree.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configTable } from '../config/index.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';

const text = readFileSync(README, 'utf8');
const from = text.indexOf(START);
const to = text.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md: the ${START} … ${END} markers are missing`);
writeFileSync(README, `${text.slice(0, from + START.length)}\n\n${configTable()}\n\n${text.slice(to)}`);
execFileSync(
  process.execPath,
  [fileURLToPath(new URL('../node_modules/prettier/bin/prettier.cjs', import.meta.url)), '--write', README],
  { stdio: 'inherit' },
);
