// A real `relance serve` process for the CLI tests and the benchmark: started on port 0, its address read
// from what it prints, its output kept for assertions, stopped by its PID.
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcess {
  /** http://127.0.0.1:PORT, as the server printed it. */
  base: string;
  pid: number;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after 10 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Runs `node <script> serve --port 0 --host 127.0.0.1` and waits (up to `timeoutMs`) until it listens. */
export async function startServerProcess(
  script: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...script, 'serve', '--port', '0', '--host', '127.0.0.1'],
    { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  // (A process killed by a signal keeps exitCode null: a death at start is reported at once, not at the deadline.)
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (!running()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!/listening on http:\/\/\S+/.test(out) && running() && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const base = /listening on (http:\/\/\S+)/.exec(out)?.[1];
  if (!base || !child.pid) {
    await stop();
    throw new Error(`the server did not start:\n${out}`);
  }
  return { base, pid: child.pid, output: () => out, stop };
}
