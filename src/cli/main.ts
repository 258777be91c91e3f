// Entry point of the `relance` command: reads .env, runs the program, maps errors to exit codes.
import { existsSync } from 'node:fs';
import { CommanderError } from 'commander';
import { AppError } from '../shared/errors.ts';
import { buildProgram, UsageError } from './program.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has already printed its message.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof UsageError) {
    process.stderr.write(`relance: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    const message = err instanceof AppError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`relance: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}
