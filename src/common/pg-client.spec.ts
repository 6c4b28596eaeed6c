import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { camketPgClient, carriesCommit } from './pg-client.js';

/** What node-postgres is asked to run, as the subclass passes it on (nothing is sent: no server). */
function spyQuery(): unknown[][] {
  const seen: unknown[][] = [];
  const query = (...args: unknown[]): unknown => {
    seen.push(args);
    // Several statements in one simple query answer one result each.
    const text = typeof args[0] === 'string' ? args[0] : '';
    return Promise.resolve(
      text.includes('; ') ? text.split('; ').map((command) => ({ command })) : { command: text },
    );
  };
  vi.spyOn(pg.Client.prototype, 'query').mockImplementation(query);
  return seen;
}

function sent(limit: number, calls: unknown[][]): unknown[][] {
  const seen = spyQuery();
  const Client = camketPgClient(limit);
  const client = new Client();
  for (const args of calls) void (client.query as (...a: unknown[]) => unknown)(...args);
  return seen;
}

describe('camketPgClient', () => {
  afterEach(() => vi.restoreAllMocks());
  const text = 'SELECT "m"."id" FROM "member" "m" WHERE "m"."id" = $1';

  it('names a parameterised text from its second use on, one name per text', () => {
    const out = sent(10, [
      [text, ['a']],
      [text, ['b']],
      [text, ['c']],
      [`${text} LIMIT 1`, ['d']],
    ]);
    expect(out[0]).toEqual([text, ['a']]);
    const second = out[1][0] as { name: string; text: string; values: unknown[] };
    expect(second).toEqual({ name: expect.stringMatching(/^camket_[0-9a-f]{24}$/), text, values: ['b'] });
    expect((out[2][0] as { name: string }).name).toBe(second.name);
    expect(out[3]).toEqual([`${text} LIMIT 1`, ['d']]);
  });

  it('gives the same text the same name in every client (every connection, every process)', () => {
    const a = sent(10, [
      [text, ['a']],
      [text, ['b']],
    ]);
    vi.restoreAllMocks();
    const b = sent(10, [
      [text, ['a']],
      [text, ['b']],
    ]);
    expect((a[1][0] as { name: string }).name).toBe((b[1][0] as { name: string }).name);
  });

  it('leaves texts without values, query objects and callbacks as they are', () => {
    const config = { text, values: ['a'] };
    const callback = () => undefined;
    const calls = [
      ['COMMIT'],
      ['COMMIT'],
      [text, []],
      [text, []],
      [config],
      [config],
      [text, ['a'], callback],
      [text, ['a'], callback],
    ];
    expect(sent(10, calls)).toEqual(calls);
  });

  it('never names a text with LIKE: a subtree prefix is planned with its value every time', () => {
    const subtree =
      'SELECT "a"."id" FROM "audit_entry" "a" WHERE "a"."organizationPath" LIKE $1 ORDER BY "a"."at" DESC';
    const search = 'SELECT "m"."id" FROM "member" "m" WHERE "m"."searchName" ilike $1';
    const out = sent(10, [
      [subtree, ['/a/%']],
      [subtree, ['/a/%']],
      [search, ['%x%']],
      [search, ['%x%']],
    ]);
    expect(out.every((args) => typeof args[0] === 'string')).toBe(true);
  });

  it('stops naming new texts at the limit, and names none with 0', () => {
    const other = `${text} AND true`;
    const limited = sent(1, [
      [text, [1]],
      [text, [2]],
      [other, [3]],
      [other, [4]],
      [text, [5]],
    ]);
    expect(limited.map((args) => typeof args[0] === 'object')).toEqual([false, true, false, false, true]);
    vi.restoreAllMocks();
    const none = sent(0, [
      [text, [1]],
      [text, [2]],
    ]);
    expect(none).toEqual([
      [text, [1]],
      [text, [2]],
    ]);
  });

  it("sends a statement given to withCommit in the COMMIT's own query, and answers the COMMIT's result", async () => {
    const seen = spyQuery();
    const client = new (camketPgClient(10))();
    expect(carriesCommit(client)).toBe(true);
    expect(carriesCommit(new pg.Client())).toBe(false);
    // As TypeORM's query runner calls it: query(text, undefined).
    const run = (text: string) =>
      (client.query as (t: string, v?: unknown[]) => Promise<unknown>)(text, undefined);

    await run('START TRANSACTION');
    client.withCommit("SELECT pg_notify('c', 'a')");
    client.withCommit("SELECT pg_notify('c', 'b')");
    expect(await run('COMMIT')).toEqual({ command: 'COMMIT' });
    await run('START TRANSACTION');
    await run('COMMIT');
    expect(seen.map((args) => args[0])).toEqual([
      'START TRANSACTION',
      "SELECT pg_notify('c', 'a'); SELECT pg_notify('c', 'b'); COMMIT",
      'START TRANSACTION',
      'COMMIT',
    ]);
  });

  it('drops the statement on ROLLBACK and on a new transaction: it never reaches a later COMMIT', async () => {
    const seen = spyQuery();
    const client = new (camketPgClient(0))();
    // As TypeORM's query runner calls it: query(text, undefined).
    const run = (text: string) =>
      (client.query as (t: string, v?: unknown[]) => Promise<unknown>)(text, undefined);
    client.withCommit('SELECT 1');
    await run('ROLLBACK');
    await run('COMMIT');
    client.withCommit('SELECT 2');
    await run('START TRANSACTION');
    await run('COMMIT');
    expect(seen.map((args) => args[0])).toEqual(['ROLLBACK', 'COMMIT', 'START TRANSACTION', 'COMMIT']);
  });
});
