import { describe, expect, it } from 'vitest';
import { trackInFlight } from './in-flight-requests.ts';

describe('the requests a server is still answering', () => {
  it('lets the server close its database only once every handler has finished, even a failing one', async () => {
    const release: (() => void)[] = [];
    const tracked = trackInFlight(async (request: Request) => {
      await new Promise<void>((r) => release.push(r));
      if (request.url.endsWith('/fails')) throw new Error('handler failed');
      return new Response('ok');
    });
    expect(await tracked.idle(10)).toBe(true);
    const answers = [
      tracked.fetch(new Request('http://x/slow')),
      tracked.fetch(new Request('http://x/fails')).catch((e: Error) => e.message),
    ];
    let idle = false;
    const waiting = tracked.idle(5_000).then((all) => {
      idle = all;
    });
    // Both handlers are running (each waits for its release).
    expect(release).toHaveLength(2);
    release[0]?.();
    await answers[0];
    expect(idle).toBe(false);
    release[1]?.();
    expect(await answers[1]).toBe('handler failed');
    await waiting;
    expect(idle).toBe(true);
  });

  it('gives up waiting after the time allowed, and says so', async () => {
    const tracked = trackInFlight(() => new Promise<Response>(() => {}));
    void tracked.fetch(new Request('http://x/never'));
    expect(await tracked.idle(20)).toBe(false);
  });
});
