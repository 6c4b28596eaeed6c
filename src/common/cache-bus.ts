import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { carriesCommit } from './pg-client.js';

/** The one PostgreSQL channel every camket process listens on. */
export const CACHE_CHANNEL = 'camket_cache';
/** The tables of a message; longer lists are sent as "every table" (NOTIFY payloads stop at 8,000 bytes). */
const MAX_PAYLOAD = 7_000;
/** How long a writer waits for its own message to come back before answering anyway. */
const ECHO_TIMEOUT_MS = 2_000;
/** How many early own messages are remembered for a later `echo`. */
const ARRIVED_KEPT = 1_000;
const RECONNECT_MS = [100, 500, 1_000, 2_000, 5_000];

interface Message {
  /** The process that wrote. */
  o: string;
  /** Its message number. */
  n: number;
  /** The tables written ('*': some table). */
  t: string[];
}

export type RemoteWrite = (tables: readonly string[]) => void;

/**
 * Keeps the caches of several processes on one PostgreSQL database coherent (docs/SCALING.md).
 * Every process LISTENs on one channel. A transaction that wrote publishes the tables it wrote with
 * `pg_notify` inside itself, just before COMMIT (TableVersions), so PostgreSQL delivers the message
 * to every listener when, and only if, it commits; each process applies it to its caches (table
 * versions, the actor cache). The writer then waits until its own message comes back through its
 * own listener before it answers: PostgreSQL has by then signalled every listening session.
 *
 * While the listener is not connected (start, a lost connection, reconnecting) `coherent` is false
 * and the caches answer nothing from memory; on reconnecting every table counts as written, since
 * messages may have been missed. On SQLite (one process) nothing is sent and `coherent` is true.
 */
@Injectable()
export class CacheBus implements OnModuleInit, OnApplicationShutdown {
  readonly origin = randomUUID();
  private readonly logger = new Logger('CacheBus');
  private readonly url: string | null;
  private client: pg.Client | null = null;
  private listening = false;
  private closing = false;
  private next = 0;
  private readonly handlers: RemoteWrite[] = [];
  private readonly echoes = new Map<number, () => void>();
  /**
   * Own messages that came back before their writer asked for them: the listener can receive a
   * commit's message before the committing code reaches `echo` (bounded, oldest dropped first).
   */
  private readonly arrived = new Set<number>();
  /** Messages received from other processes, for tests and measurements. */
  received = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.url = config.database.type === 'postgres' ? config.database.url : null;
  }

  /** A bus for one process alone (SQLite; unit specs). */
  static local(): CacheBus {
    return new CacheBus({ database: { type: 'better-sqlite3', path: ':memory:' } } as AppConfig);
  }

  /** True when this process may answer from its caches: SQLite, or listening on PostgreSQL. */
  get coherent(): boolean {
    return this.url === null || this.listening;
  }

  /** True on PostgreSQL: writes are published to the other processes. */
  get shared(): boolean {
    return this.url !== null;
  }

  /** Whether the channel is listened to (readiness); null on SQLite, where there is no channel. */
  get channelListening(): boolean | null {
    return this.url === null ? null : this.listening;
  }

  /** `handler` runs for each write another process committed (and for everything after a reconnection). */
  onRemoteWrite(handler: RemoteWrite): void {
    this.handlers.push(handler);
  }

  async onModuleInit(): Promise<void> {
    if (this.url) await this.connect(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.listening = false;
    for (const resolve of this.echoes.values()) resolve();
    this.echoes.clear();
    this.arrived.clear();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /**
   * Publishes `tables` inside the transaction of `runner` (delivered at its commit). Returns the
   * message number to wait for with `echo`, or null when nothing was sent.
   */
  async publishIn(runner: QueryRunner, tables: Iterable<string>): Promise<number | null> {
    if (!this.url) return null;
    const n = ++this.next;
    const payload = this.payload(n, tables);
    // Sent in the COMMIT's round trip when the connection can carry it (pg-client.ts).
    const client = (runner as QueryRunner & { databaseConnection?: unknown }).databaseConnection;
    if (carriesCommit(client) && client instanceof pg.Client)
      client.withCommit(
        `SELECT pg_notify(${client.escapeLiteral(CACHE_CHANNEL)}, ${client.escapeLiteral(payload)})`,
      );
    else await runner.query('SELECT pg_notify($1, $2)', [CACHE_CHANNEL, payload]);
    return n;
  }

  /** Publishes a write that committed outside a transaction (autocommit). */
  async publishNow(tables: Iterable<string>): Promise<void> {
    const client = this.client;
    if (!this.url || !client || !this.listening) return;
    const n = ++this.next;
    const wait = this.echo(n);
    await client
      .query('SELECT pg_notify($1, $2)', [CACHE_CHANNEL, this.payload(n, tables)])
      .catch(() => undefined);
    await wait;
  }

  /** Resolves when message `n` came back through this process's listener (or after a bounded wait). */
  echo(n: number): Promise<void> {
    if (this.arrived.delete(n) || !this.listening) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.echoes.delete(n);
        resolve();
      }, ECHO_TIMEOUT_MS);
      timer.unref();
      this.echoes.set(n, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private payload(n: number, tables: Iterable<string>): string {
    const message: Message = { o: this.origin, n, t: [...tables] };
    const text = JSON.stringify(message);
    return text.length <= MAX_PAYLOAD ? text : JSON.stringify({ ...message, t: ['*'] });
  }

  private async connect(attempt: number): Promise<void> {
    if (this.closing || !this.url) return;
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'camket-cache-listener',
      keepAlive: true,
    });
    client.on('notification', (msg) => this.receive(msg.payload));
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      if (this.closing) return;
      if (attempt === 0) throw e;
      this.retry(attempt);
      return;
    }
    if (this.closing) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Messages sent while nobody listened here are lost: everything counts as written.
    this.apply(['*']);
    this.listening = true;
    if (attempt > 0) this.logger.log(`listening on ${CACHE_CHANNEL} again`);
  }

  private lost(client: pg.Client, e: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    for (const resolve of this.echoes.values()) resolve();
    this.echoes.clear();
    this.arrived.clear();
    this.apply(['*']);
    if (this.closing) return;
    this.logger.warn(`cache channel lost (${e.message}); caches are bypassed until it is back`);
    void client.end().catch(() => undefined);
    this.retry(1);
  }

  private retry(attempt: number): void {
    const delay = RECONNECT_MS[Math.min(attempt - 1, RECONNECT_MS.length - 1)];
    setTimeout(() => void this.connect(attempt + 1).catch(() => this.retry(attempt + 1)), delay).unref();
  }

  private receive(payload: string | undefined): void {
    let message: Message;
    try {
      message = JSON.parse(payload ?? '') as Message;
    } catch {
      this.apply(['*']);
      return;
    }
    if (message.o === this.origin) {
      const waiting = this.echoes.get(message.n);
      if (waiting) {
        waiting();
        this.echoes.delete(message.n);
      } else {
        this.arrived.add(message.n);
        if (this.arrived.size > ARRIVED_KEPT) this.arrived.delete(this.arrived.values().next().value!);
      }
      return;
    }
    this.received++;
    this.apply(Array.isArray(message.t) ? message.t : ['*']);
  }

  private apply(tables: readonly string[]): void {
    for (const handler of this.handlers) handler(tables);
  }
}
