// Bundles the server and CLI (src/cli/main.ts) into dist/relance.mjs with esbuild, the npm packages left
// as imports. `npm start`, `npm test` and `npm install` run it (about a tenth of a second); bin/relance.mjs
// runs the bundle when it is newer than every source, else the sources through tsx. Decision record 0404.
// The bundle is written aside and renamed into place, so that a `relance` starting meanwhile (tests run the
// build while other test files run the command) reads the old bundle or the new one, never half of one.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

const { outputFiles } = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/relance.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
  banner: { js: '// Built by scripts/build.mjs from src/: edit the sources, not this file.' },
  write: false,
});

for (const file of outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  const aside = `${file.path}.${process.pid}.tmp`;
  writeFileSync(aside, file.contents);
  renameSync(aside, file.path);
}
