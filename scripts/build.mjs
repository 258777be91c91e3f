// Bundles the server and CLI (src/cli/main.ts) into dist/relance.mjs with esbuild, the npm packages left
// as imports. `npm start`, `npm test` and `npm install` run it (about a tenth of a second); bin/relance.mjs
// runs the bundle when it is newer than every source, else the sources through tsx. Decision record 0404.

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
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
});
