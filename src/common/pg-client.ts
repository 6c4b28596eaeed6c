import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * The node-postgres client of camket's pools (typeorm-options.ts): fewer parses and fewer round trips.
 *
 * 1. The statements camket sends again and again, prepared once per connection.
 *
 * TypeORM hands node-postgres an unnamed statement, so PostgreSQL parses, analyses and plans the
 * same SQL text on every request (the member's commitment, the audit INSERT).
 * node-postgres prepares a statement once per connection when the query has a `name`: this client
 * names a parameterised SQL text (TypeORM's `query(text, values)`) the second time the process sends
 * it, after `limit` different texts it names no more (the rest stay unnamed, as before), and
 * names nothing when `limit` is 0 (`DATABASE_STATEMENT_CACHE`, default 100). A prepared statement
 * holds 10-170 KB of the server's memory in each session that ran it (measured: a one-table read
 * by id 12 KB, an entity read with a join 70 KB, 170 KB once a generic plan is kept). Measured in
 * `npm run bench -- --postgres` (docs/PERFORMANCE.md): the database's CPU per mixed request about
 * halved.
 *
 * A name is a hash of the text, so every connection of every process gives one text the same
 * name, and a name stands for one text only. Texts without values (BEGIN, COMMIT, DDL, several
 * statements in one) keep the simple protocol. A prepared statement is planned for its values the
 * first five times, then PostgreSQL may keep one generic plan (`plan_cache_mode = auto`), and it
 * plans again after the schema changes. A text with LIKE is never named: a subtree is `path LIKE
 * '/root/ward/%'`, and only a plan that sees the prefix reads the path index's range for it (a
 * generic plan would scan a province's audit entries for one cell's page).
 * A prepared statement lives in a server session: behind PgBouncer the pool must be in session mode,
 * which camket requires anyway (docs/SCALING.md).
 *
 * 2. A statement sent with the COMMIT (`withCommit`): the cache message a writing transaction
 * publishes (CacheBus) goes in the COMMIT's own round trip, `SELECT pg_notify(...); COMMIT` as one
 * simple query, instead of one of its own. Under load every round trip of a transaction waits for
 * the event loop's turn while the connection stays taken. PostgreSQL runs the two in order inside
 * the transaction; if the first fails the COMMIT is not run, TypeORM rolls back and the error
 * stands, as when they were sent apart. A ROLLBACK or a new transaction drops it.
 */
export function camketPgClient(limit: number): CamketPgClientClass {
  const names = new Map<string, string>();
  // Texts sent once (a text never sent again, one report's inlined list, takes no name), and texts
  // with LIKE: both bounded, forgotten when full.
  const seenOnce = new Set<string>();
  const withLike = new Set<string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= limit || withLike.has(text)) return known;
    if (!seenOnce.has(text)) {
      if (seenOnce.size >= SEEN_MAX) seenOnce.clear();
      seenOnce.add(text);
      return undefined;
    }
    seenOnce.delete(text);
    if (LIKE.test(text)) {
      if (withLike.size >= SEEN_MAX) withLike.clear();
      withLike.add(text);
      return undefined;
    }
    const name = `camket_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
    return name;
  };

  return class CamketPgClient extends pg.Client implements CommitCarrier {
    private carried: string | null = null;

    withCommit(sql: string): void {
      this.carried = this.carried === null ? sql : `${this.carried}; ${sql}`;
    }

    // node-postgres' overloads; TypeORM calls query(text, values).
    override query(...args: unknown[]): never {
      const [config, values] = args;
      // TypeORM sends COMMIT as query('COMMIT', undefined).
      if (typeof config === 'string' && values === undefined && args.length <= 2 && this.carried !== null) {
        if (config === 'COMMIT') {
          const text = `${this.carried}; COMMIT`;
          this.carried = null;
          return (super.query(text) as Promise<pg.QueryResult | pg.QueryResult[]>).then((r) =>
            Array.isArray(r) ? r[r.length - 1] : r,
          ) as never;
        }
        if (config === 'ROLLBACK' || config === 'START TRANSACTION') this.carried = null;
      }
      if (
        limit > 0 &&
        typeof config === 'string' &&
        Array.isArray(values) &&
        values.length > 0 &&
        args.length === 2
      ) {
        const name = nameOf(config);
        if (name !== undefined)
          return (super.query as (...a: unknown[]) => never)({ name, text: config, values });
      }
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  };
}

/** A client that can send a statement (no parameters) with the next COMMIT. */
export interface CommitCarrier {
  withCommit(sql: string): void;
}

export type CamketPgClientClass = new (config?: string | pg.ClientConfig) => pg.Client & CommitCarrier;

export function carriesCommit(client: unknown): client is CommitCarrier {
  return typeof (client as Partial<CommitCarrier> | null)?.withCommit === 'function';
}

const SEEN_MAX = 10_000;
const LIKE = /\bI?LIKE\b/i;
