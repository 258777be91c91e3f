// A real `relance serve` process for the CLI tests: started on port 0, its address read from what it
// prints, its output kept for assertions, stopped by its PID.
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcess {
  /** http://127.0.0.1:PORT, as the server printed it. */
  base: string;
  output(): string;
  stop(): void;
}

/** Runs `node <script> serve --port 0 --host 127.0.0.1` and waits until it says where it listens. */
export async function startServerProcess(
  script: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...script, 'serve', '--port', '0', '--host', '127.0.0.1'],
    options,
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  for (let i = 0; i < 600 && !/listening on http:\/\/\S+/.test(out); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const base = /listening on (http:\/\/\S+)/.exec(out)?.[1];
  if (!base) {
    stop();
    throw new Error(`the server did not start:\n${out}`);
  }
  return { base, output: () => out, stop };
}
