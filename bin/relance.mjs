#!/usr/bin/env node
// The `relance` command. It runs dist/relance.mjs, the bundle scripts/build.mjs makes of the sources, when
// that bundle is newer than every file of src/ (and package.json, tsconfig.json); otherwise it runs the
// TypeScript sources through tsx, so that an edit is never hidden by a stale bundle. Decision records 0003
// and 0404: the bundle starts faster and leaves out tsx's loader thread (about 65 MB of the server's memory).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBundle } from '../scripts/bundle-fresh.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = freshBundle(root);

if (bundle) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  // The project's tsconfig is named explicitly so that JSX compiles the same from any working directory.
  register({ tsconfig: join(root, 'tsconfig.json') });
  await import('../src/cli/main.ts');
}
