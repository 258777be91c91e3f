import { describe, expect, it } from 'vitest';
import { startTicker } from './ticker.ts';

describe('background work run every few moments', () => {
  it('runs at once, never twice at the same time, and stopping waits for the run in progress', async () => {
    let runs = 0;
    let running = 0;
    let most = 0;
    let finish: () => void = () => {};
    const stop = startTicker(2, async () => {
      runs++;
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => {
        finish = r;
      });
      running--;
    });
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect([runs, most, running]).toEqual([1, 1, 0]);
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(1);
  });

  it('runs again, tick after tick, once the previous run has ended', async () => {
    let runs = 0;
    const stop = startTicker(2, async () => {
      runs++;
    });
    try {
      await expect.poll(() => runs, { timeout: 2000, interval: 5 }).toBeGreaterThanOrEqual(3);
    } finally {
      await stop();
    }
    const atStop = runs;
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(atStop);
  });
});
