/**
 * A small writer-preferring readers/writer lock. TypeORM runs every SQLite query on one shared
 * better-sqlite3 connection, so two transactions must never interleave ("cannot start a transaction
 * within a transaction") and a read must never run inside someone else's open transaction (it would
 * see uncommitted rows). Reads may overlap each other; a write runs alone.
 */
export class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private readonly queue: Array<{ write: boolean; wake: () => void }> = [];

  /** Callers waiting for the lock. */
  get waiting(): number {
    return this.queue.length;
  }

  async read<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.readers--;
      this.drain();
    }
  }

  async write<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.writing = false;
      this.drain();
    }
  }

  private acquire(write: boolean): Promise<void> {
    if (this.queue.length === 0 && !this.writing && (!write || this.readers === 0)) {
      if (write) this.writing = true;
      else this.readers++;
      return Promise.resolve();
    }
    return new Promise((wake) => this.queue.push({ write, wake }));
  }

  private drain(): void {
    while (this.queue.length > 0 && !this.writing) {
      const next = this.queue[0];
      if (next.write) {
        if (this.readers > 0) return;
        this.queue.shift();
        this.writing = true;
        next.wake();
        return;
      }
      this.queue.shift();
      this.readers++;
      next.wake();
    }
  }
}
