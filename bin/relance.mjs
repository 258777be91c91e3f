#!/usr/bin/env node
// The `relance` command: runs the TypeScript sources through tsx (see docs/decisions/0003-run-typescript-with-tsx.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
