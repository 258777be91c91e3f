#!/usr/bin/env node
// The `relance` command: runs the TypeScript sources through tsx (see docs/decisions/0003-run-typescript-with-tsx.md).
// The project's tsconfig is named explicitly so that JSX compiles the same from any working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
