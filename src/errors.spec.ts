import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorCatalog, ErrorKind, ErrorSpec } from './common/domain-error.js';

const SRC = join(import.meta.dirname);
const KINDS: ErrorKind[] = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
];

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path) : [path];
  });
}

function isSpec(value: unknown): value is ErrorSpec {
  if (typeof value === 'string') return (KINDS as string[]).includes(value);
  const v = value as { code?: unknown; kind?: unknown } | null;
  return typeof v?.code === 'string' && (KINDS as unknown[]).includes(v.kind);
}

function isCatalog(value: unknown): value is ErrorCatalog {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length > 0 &&
    Object.values(value).every(isSpec)
  );
}

/**
 * What is wrong with the declared catalogs (module -> its catalog): a code declared by two modules,
 * a code that is not UPPER_SNAKE, an alias naming a code its module does not declare, or one that
 * answers the kind that code answers already.
 */
function catalogProblems(catalogs: Record<string, ErrorCatalog>): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const [module, catalog] of Object.entries(catalogs)) {
    for (const [name, spec] of Object.entries(catalog)) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(name)) problems.push(`${module}: ${name} is not UPPER_SNAKE`);
      if (typeof spec !== 'string') {
        const plain = catalog[spec.code];
        if (typeof plain !== 'string') problems.push(`${module}: ${name} aliases ${spec.code}, not declared`);
        else if (plain === spec.kind) problems.push(`${module}: ${name} repeats ${spec.code} (${plain})`);
        continue;
      }
      const first = owner.get(name);
      if (first !== undefined) problems.push(`${name} is declared by ${first} and ${module}`);
      else owner.set(name, module);
    }
  }
  return problems;
}

async function declaredCatalogs(): Promise<Record<string, ErrorCatalog>> {
  const catalogs: Record<string, ErrorCatalog> = {};
  for (const file of filesOf(SRC).filter((f) => f.endsWith('.errors.ts'))) {
    const exports = (await import(file)) as Record<string, unknown>;
    const found = Object.entries(exports).filter(([, value]) => isCatalog(value));
    expect(found.length, `${relative(SRC, file)} exports one catalog`).toBe(1);
    catalogs[relative(SRC, file)] = found[0][1] as ErrorCatalog;
  }
  return catalogs;
}

describe('the error catalogs (<module>.errors.ts)', () => {
  it('declare every code once across the modules, each with one kind', async () => {
    const catalogs = await declaredCatalogs();
    expect(Object.keys(catalogs).length).toBeGreaterThanOrEqual(14);
    expect(catalogProblems(catalogs)).toEqual([]);
  });

  it('finds a code two modules declare, and a bad alias', () => {
    expect(
      catalogProblems({
        'members/members.errors.ts': {
          MEMBER_CLOSED: 'conflict',
          MEMBER_GONE: { code: 'MEMBER_LEFT', kind: 'conflict' },
        },
        'organizations/organizations.errors.ts': {
          MEMBER_CLOSED: 'validation',
          CELL_CLOSED: 'conflict',
          CELL_CLOSED_AGAIN: { code: 'CELL_CLOSED', kind: 'conflict' },
          'chi-bo': 'conflict',
        },
      }),
    ).toEqual([
      'members/members.errors.ts: MEMBER_GONE aliases MEMBER_LEFT, not declared',
      'MEMBER_CLOSED is declared by members/members.errors.ts and organizations/organizations.errors.ts',
      'organizations/organizations.errors.ts: CELL_CLOSED_AGAIN repeats CELL_CLOSED (conflict)',
      'organizations/organizations.errors.ts: chi-bo is not UPPER_SNAKE',
    ]);
  });

  it('are where the codes live: no service declares an error enum', () => {
    const enums = filesOf(SRC)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .filter((f) => /\benum \w*ErrorCode\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(enums).toEqual([]);
  });
});
