// The requests a server is still answering, so that it closes its database only once they are done. Closing
// the HTTP server waits for its connections, not for their handlers: a client that went away leaves a
// handler running, whose next query then failed with "driver has already been destroyed".

type Fetch<A extends unknown[]> = (request: Request, ...rest: A) => Response | Promise<Response>;

export interface InFlightRequests<A extends unknown[]> {
  /** `fetch`, counted while it runs. */
  fetch: (request: Request, ...rest: A) => Promise<Response>;
  /** Resolves when no request is being answered, or after `timeoutMs` (true when they all ended). */
  idle(timeoutMs: number): Promise<boolean>;
}

export function trackInFlight<A extends unknown[]>(fetch: Fetch<A>): InFlightRequests<A> {
  let running = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (--running > 0) return;
    for (const w of waiters) w();
    waiters = [];
  };
  return {
    fetch: async (request, ...rest) => {
      running++;
      try {
        return await fetch(request, ...rest);
      } finally {
        settle();
      }
    },
    idle: (timeoutMs) =>
      running === 0
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs);
            timer.unref();
            waiters.push(() => {
              clearTimeout(timer);
              resolve(true);
            });
          }),
  };
}
