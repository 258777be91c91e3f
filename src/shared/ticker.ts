// Background work inside `relance serve`: a task run every few moments, never twice at once, that the server
// waits for when it stops.

/**
 * Runs `work` now and then every `intervalMs` (a tick is skipped while the previous run goes on; the timer
 * does not keep the process alive). Returns a function that stops the ticks and waits for a run in progress.
 * `work` handles its own errors.
 */
export function startTicker(intervalMs: number, work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = work().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
