import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { seededRandom } from '../src/cli/vietnamese-names.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The mixed workload shared by `npm run bench` (bench/run.ts) and `npm run soak`
 * (test/torture/soak.ts): who sends what, read from a `seed:scale` data set, and in which shares.
 */

export interface World {
  rootId: string;
  member: { username: string; memberId: string; commitmentId: string };
  secretary: { username: string; cellId: string };
  leader: { username: string };
  cells: Array<{
    cellId: string;
    secretary: string;
    members: Array<{ username: string; memberId: string; commitmentId: string }>;
  }>;
  anyMemberIds: string[];
}

/** Runs one read and answers its rows (parameters `$1`, `$2`...). */
type Rows = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * Picks the accounts and ids the scenarios use, straight from the seeded data: a `seed:scale` file
 * (read-only) or, with `postgres://...`, its copy on PostgreSQL (both order by byte, so both pick
 * the same accounts).
 */
export async function worldOf(source: string, cellsWanted: number): Promise<World> {
  if (/^postgres(ql)?:\/\//.test(source)) {
    const client = new pg.Client({ connectionString: source });
    await client.connect();
    try {
      return await readWorld(
        async <T>(sql: string, params: unknown[]) => (await client.query(sql, params)).rows as T[],
        cellsWanted,
      );
    } finally {
      await client.end();
    }
  }
  const db = new Database(source, { readonly: true });
  try {
    return await readWorld(
      async <T>(sql: string, params: unknown[]) =>
        db.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as T[],
      cellsWanted,
    );
  } finally {
    db.close();
  }
}

async function readWorld(all: Rows, cellsWanted: number): Promise<World> {
  type Member = { username: string; memberId: string; commitmentId: string };
  const [root] = await all<{ id: string }>(`SELECT id FROM organization WHERE "parentId" IS NULL`, []);
  const cells = await all<{ id: string }>(
    `SELECT id FROM organization WHERE kind = 'cell' ORDER BY code LIMIT $1`,
    [cellsWanted],
  );
  const world: World['cells'] = [];
  for (const c of cells) {
    const [secretary] = await all<{ username: string }>(
      `SELECT u.username FROM role_assignment r JOIN user_account u ON u.id = r."userId"
        WHERE r.role = 'secretary' AND r."organizationId" = $1 ORDER BY u.username LIMIT 1`,
      [c.id],
    );
    const members = await all<Member>(
      `SELECT u.username, m.id AS "memberId", c.id AS "commitmentId"
         FROM member m JOIN user_account u ON u."memberId" = m.id
         JOIN commitment c ON c."memberId" = m.id AND c."periodType" = 'yearly'
        WHERE m."cellId" = $1 AND c.status IN ('accepted', 'reported', 'assessed')
        ORDER BY u.username`,
      [c.id],
    );
    world.push({ cellId: c.id, secretary: secretary.username, members });
  }
  const first = world[0];
  const member = first.members.find((m) => m.username !== first.secretary) ?? first.members[0];
  const anyMemberIds = (await all<{ id: string }>(`SELECT id FROM member ORDER BY id LIMIT 1000`, [])).map(
    (r) => r.id,
  );
  return {
    rootId: root.id,
    member,
    secretary: { username: first.secretary, cellId: first.cellId },
    leader: { username: 'ld-tinh' },
    cells: world,
    anyMemberIds,
  };
}

/** One kind of request in the mixed workload: its share of all requests and how to make one. */
export interface MixKind {
  name: string;
  share: number;
  next: () => autocannon.Request;
}

/** 80% member, 15% secretary, 5% leader requests; 10% of all requests are writes (feedback). */
export function mixKinds(
  world: World,
  tokens: Map<string, string>,
  rand: () => number,
  year: number,
): MixKind[] {
  const members = world.cells.flatMap((c) => c.members.map((m) => ({ ...m, cellId: c.cellId })));
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const auth = (username: string) => ({ authorization: `Bearer ${tokens.get(username)!}` });
  // Without a token every request of that account would be a 401 counted as the service's answer.
  const missing = [
    world.leader.username,
    ...world.cells.flatMap((c) => [c.secretary, ...c.members.map((m) => m.username)]),
  ].filter((u) => !tokens.has(u));
  if (missing.length > 0) throw new Error(`the mixed workload has no token for ${missing.join(', ')}`);
  const json = { 'content-type': 'application/json' };
  const feedback = (author: string, commitmentId: string, kind: string) => ({
    method: 'POST' as const,
    path: `/api/commitments/${commitmentId}/feedback`,
    headers: { ...auth(author), ...json },
    body: JSON.stringify({ kind, content: 'Đồng chí thực hiện tốt nội dung cam kết, đề nghị phát huy.' }),
  });
  const get = (path: string, username: string): autocannon.Request => ({
    method: 'GET',
    path,
    headers: auth(username),
  });
  const leader = world.leader.username;
  return [
    {
      name: 'member: feedback on a commitment (write)',
      share: 0.08,
      next: () => {
        const m = pick(members);
        return feedback(m.username, m.commitmentId, 'comment');
      },
    },
    {
      name: 'member: own commitment',
      share: 0.42,
      next: () => {
        const m = pick(members);
        return get(`/api/commitments/${m.commitmentId}`, m.username);
      },
    },
    {
      name: 'member: own commitments list',
      share: 0.18,
      next: () => {
        const m = pick(members);
        return get(`/api/commitments?year=${year}&memberId=${m.memberId}`, m.username);
      },
    },
    {
      name: 'member: own member record',
      share: 0.12,
      next: () => {
        const m = pick(members);
        return get(`/api/members/${m.memberId}`, m.username);
      },
    },
    {
      name: 'secretary: feedback (write)',
      share: 0.015,
      next: () => {
        const c = pick(world.cells);
        return feedback(c.secretary, pick(c.members).commitmentId, 'suggestion');
      },
    },
    {
      name: "secretary: the cell's review queue",
      share: 0.065,
      next: () => get('/api/commitments/queue', pick(world.cells).secretary),
    },
    {
      name: "secretary: the cell's member list",
      share: 0.07,
      next: () => {
        const c = pick(world.cells);
        return get(`/api/members?organizationId=${c.cellId}&pageSize=50`, c.secretary);
      },
    },
    {
      name: 'leader: commendation (write)',
      share: 0.005,
      next: () => feedback(leader, pick(members).commitmentId, 'commendation'),
    },
    {
      name: 'leader: member list page 1-20 of the province',
      share: 0.045,
      next: () => get(`/api/members?page=${1 + Math.floor(rand() * 20)}&pageSize=50`, leader),
    },
  ];
}

/**
 * The answers of a run that were not 2xx, counted by kind of request, status and the `code` of the
 * API's error envelope (e.g. `member: own commitment: 409 VERSION_CONFLICT`). A benchmark whose
 * answers fail measures nothing: every run prints these and says so when there are any.
 */
export class FailedAnswers {
  private readonly counts = new Map<string, number>();

  record(kind: string, status: number, body: string | undefined): void {
    if (status >= 200 && status < 300) return;
    let code = '';
    try {
      const parsed = JSON.parse(body ?? '') as { code?: unknown };
      if (typeof parsed.code === 'string') code = ` ${parsed.code}`;
    } catch {
      // not the API's envelope
    }
    const key = `${kind}: ${status}${code}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  /** `count  kind: status code`, most frequent first. */
  lines(): string[] {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} x ${k}`);
  }

  clear(): void {
    this.counts.clear();
  }
}

/** The four groups the mixed workload's latency is told by (`KindLatencies.groups`). */
export const KIND_GROUPS = ['member reads', 'member writes', 'secretary', 'leader'] as const;

/** The group of a kind of request in `mixKinds` (by its name: "member: ... (write)" and so on). */
export function groupOf(kind: string): (typeof KIND_GROUPS)[number] {
  if (kind.startsWith('member:')) return kind.endsWith('(write)') ? 'member writes' : 'member reads';
  return kind.startsWith('secretary:') ? 'secretary' : 'leader';
}

/** p50, p99 and max of some latencies in ms (nearest rank), with their count. */
export interface Percentiles {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function percentiles(ms: number[]): Percentiles {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { n: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0) };
}

/**
 * Each answer's latency as the load generator saw it (request written to answer parsed), by kind
 * of request: where a mixed workload's tail comes from.
 */
export class KindLatencies {
  private readonly byKind = new Map<string, number[]>();
  /** Latencies by the second (since `clear`) their request was sent in. */
  private readonly bySecond: number[][] = [];
  private since = performance.now();

  record(kind: string, ms: number, sentAt = performance.now() - ms): void {
    let list = this.byKind.get(kind);
    if (!list) this.byKind.set(kind, (list = []));
    list.push(ms);
    const second = Math.floor((sentAt - this.since) / 1000);
    if (second >= 0) (this.bySecond[second] ??= []).push(ms);
  }

  /** p99 of the requests sent in each second of the run: a tail in bursts (cache expiry, GC) shows here. */
  timeline(): Percentiles[] {
    return Array.from(this.bySecond, (ms) => percentiles(ms ?? []));
  }

  /** Per kind, in the order first seen. */
  kinds(): Array<{ kind: string } & Percentiles> {
    return [...this.byKind].map(([kind, ms]) => ({ kind, ...percentiles(ms) }));
  }

  /** Per group (member reads, member writes, secretary, leader), then all together. */
  groups(): Array<{ kind: string } & Percentiles> {
    const grouped = new Map<string, number[]>(KIND_GROUPS.map((g) => [g, []]));
    for (const [kind, ms] of this.byKind) grouped.get(groupOf(kind))!.push(...ms);
    const all = [...this.byKind.values()].flat();
    return [
      ...[...grouped].map(([kind, ms]) => ({ kind, ...percentiles(ms) })),
      { kind: 'all', ...percentiles(all) },
    ];
  }

  clear(): void {
    this.byKind.clear();
    this.bySecond.length = 0;
    this.since = performance.now();
  }
}

/**
 * The mixed workload as autocannon requests: each request drawn by its kind's share, from `seed`;
 * with `failed`, every answer that is not 2xx is counted there by kind, status and code; with
 * `latencies`, every answer's latency is kept there by kind.
 */
export function mixedRequests(
  world: World,
  tokens: Map<string, string>,
  seed: number,
  year: number,
  failed?: FailedAnswers,
  latencies?: KindLatencies,
): autocannon.Request[] {
  const rand = seededRandom(seed); // the same sequence every run
  const kinds = mixKinds(world, tokens, rand, year);
  // autocannon keeps one context per connection: the kind sent (and when, since setupRequest runs
  // just before the request is written) is read back with its answer.
  type Context = { kind?: string; sentAt?: number };
  const choose = (context: Context): autocannon.Request => {
    context.sentAt = performance.now();
    let r = rand();
    for (const k of kinds) {
      if (r < k.share) {
        context.kind = k.name;
        return k.next();
      }
      r -= k.share;
    }
    const last = kinds[kinds.length - 1];
    context.kind = last.name;
    return last.next();
  };
  return [
    {
      setupRequest: (req: autocannon.Request, context: object) => ({ ...req, ...choose(context) }),
      ...((failed || latencies) && {
        onResponse: (status: number, body: string, context: object) => {
          const { kind = '?', sentAt } = context as Context;
          failed?.record(kind, status, body);
          if (latencies && sentAt !== undefined) latencies.record(kind, performance.now() - sentAt, sentAt);
        },
      }),
    },
  ];
}

/**
 * Writes a benchmark's latest figures to `bench/results/<name>.md`, a file of its own (docs/ say what
 * the figures mean and link here; the file is replaced whole on each run, history lives in git).
 * Returns the path written.
 */
export function writeResults(name: string, command: string, text: string): string {
  const path = `bench/results/${name}.md`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    `# \`${command}\`: latest figures\n\nWritten by \`${command}\`; replaced whole on each run.\n\n${text}\n`,
  );
  return path;
}
