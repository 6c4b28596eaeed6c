import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../config/config.js';
import { CacheBus } from './cache-bus.js';

/** A bus on PostgreSQL that believes it listens, fed its messages by hand (no server needed). */
function listeningBus(): { bus: CacheBus; deliver: (n: number) => void } {
  const bus = new CacheBus({ database: { type: 'postgres', url: 'postgres://nowhere/camket' } } as AppConfig);
  const inside = bus as unknown as { listening: boolean; receive: (payload: string) => void };
  inside.listening = true;
  return { bus, deliver: (n) => inside.receive(JSON.stringify({ o: bus.origin, n, t: ['member'] })) };
}

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

afterEach(() => vi.useRealTimers());

describe('CacheBus.echo', () => {
  it('resolves when the own message comes back after the writer asked', async () => {
    vi.useFakeTimers();
    const { bus, deliver } = listeningBus();
    const waiting = bus.echo(1);
    expect(await settled(waiting)).toBe(false);
    deliver(1);
    expect(await settled(waiting)).toBe(true);
  });

  it('resolves at once when the own message came back before the writer asked (no wait for the timeout)', async () => {
    vi.useFakeTimers();
    const { bus, deliver } = listeningBus();
    deliver(7);
    expect(await settled(bus.echo(7))).toBe(true);
    // Remembered once: a second wait for the same number is a new wait.
    expect(await settled(bus.echo(7))).toBe(false);
  });
});
