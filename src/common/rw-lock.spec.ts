import { describe, expect, it } from 'vitest';
import { ReadWriteLock } from './rw-lock.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe(ReadWriteLock.name, () => {
  it('never lets a write overlap another write or a read', async () => {
    const lock = new ReadWriteLock();
    let writers = 0;
    let readers = 0;
    let violations = 0;
    const jobs: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      if (i % 3 === 0) {
        jobs.push(
          lock.write(async () => {
            writers++;
            if (writers > 1 || readers > 0) violations++;
            await tick();
            writers--;
          }),
        );
      } else {
        jobs.push(
          lock.read(async () => {
            readers++;
            if (writers > 0) violations++;
            await tick();
            readers--;
          }),
        );
      }
    }
    await Promise.all(jobs);
    expect(violations).toBe(0);
  });

  it('lets reads overlap', async () => {
    const lock = new ReadWriteLock();
    let max = 0;
    let now = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        lock.read(async () => {
          now++;
          max = Math.max(max, now);
          await tick();
          now--;
        }),
      ),
    );
    expect(max).toBe(5);
  });

  it('releases the lock when the work throws', async () => {
    const lock = new ReadWriteLock();
    await expect(lock.write(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.write(async () => 42)).resolves.toBe(42);
  });
});
