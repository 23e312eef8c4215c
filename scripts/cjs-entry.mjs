// After tsc: the CommonJS entry of the package. dist/index.cjs is the ESM build itself,
// loaded with require(esm) (Node >= 20.19), so CommonJS and ESM code share one module
// instance (one wasm memory, one backend choice). Its types are .d.cts copies of the
// declaration files dist/index.d.ts reaches, with their imports pointing at each other:
// TypeScript reads them as CommonJS, which a .cts file under module node16 can import.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\.js\2/g;

/** The declaration files reachable from `entry` through relative imports, entry first. */
function reachable(entry) {
  const seen = new Set([entry]);
  for (const file of seen) {
    for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) seen.add(resolve(dirname(file), `${m[3]}.d.ts`));
  }
  return [...seen];
}

const files = reachable(join(dist, 'index.d.ts'));
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(SPECIFIER, (_, lead, q, path) => `${lead}${q}${path}.cjs${q}`);
  writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
}
writeFileSync(join(dist, 'index.cjs'), `'use strict';
// CommonJS entry: the ESM build through require(esm) (Node >= 20.19), one module instance for both.
module.exports = require('./index.js');
`);
console.log(`dist/index.cjs and ${files.length} .d.cts files: ${files.map((f) => relative(dist, f)).join(', ')}`);
