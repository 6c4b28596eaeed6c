import { Linter } from 'eslint';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowed,
  architecturePlugin,
  cyclesOf,
  importGraph,
  KNOWN_EXCEPTIONS,
  LAYERS,
} from '../eslint/architecture.js';

const SRC = join(import.meta.dirname);

/** Every folder-to-folder import of src/ today, as "from -> to". */
function sourceEdges(): Set<string> {
  const graph = importGraph(SRC);
  return new Set(
    Object.entries(graph).flatMap(([from, to]) => Object.keys(to).map((t) => `${from} -> ${t}`)),
  );
}

describe('the folder graph (eslint/architecture.js)', () => {
  it('declares a graph without cycles', () => {
    expect(cyclesOf(LAYERS)).toEqual([]);
  });

  it('finds a cycle where there is one', () => {
    expect(cyclesOf({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] })).toEqual([['a', 'b', 'c']]);
    expect(cyclesOf({ a: ['a'] })).toEqual([['a']]);
  });

  it('lists as known exceptions only imports that point up the declared graph and are still made', () => {
    const edges = sourceEdges();
    for (const exception of KNOWN_EXCEPTIONS) {
      const [from, to] = exception.split(' -> ');
      expect(LAYERS[from], exception).toBeDefined();
      expect(LAYERS[from], exception).not.toContain(to);
      expect(cyclesOf({ ...LAYERS, [from]: [...LAYERS[from], to] }).length, exception).toBeGreaterThan(0);
      expect(
        edges.has(exception),
        `${exception} is no longer imported: remove it from KNOWN_EXCEPTIONS`,
      ).toBe(true);
    }
  });

  it('declares every folder of src/, names only declared folders, and allows every import made today', () => {
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    for (const folder of folders) expect(LAYERS, `src/${folder}/`).toHaveProperty([folder]);
    for (const [folder, deps] of Object.entries(LAYERS))
      for (const dep of deps) expect(LAYERS, `${folder} -> ${dep}`).toHaveProperty([dep]);
    const refused = [...sourceEdges()].filter((edge) => {
      const [from, to] = edge.split(' -> ');
      return !allowed(from, to);
    });
    expect(refused).toEqual([]);
  });

  it('makes the lint rule refuse an import the graph does not allow, and only that', () => {
    const linter = new Linter({ configType: 'flat' });
    const config = [
      {
        files: ['**/*.ts'],
        plugins: { architecture: architecturePlugin },
        rules: { 'architecture/folder-dependencies': 'error' as const },
      },
    ];
    const lint = (filename: string, code: string) =>
      linter
        .verify(code, config, { filename: relative(process.cwd(), join(SRC, filename)) })
        .map((m) => m.message);

    expect(
      lint(
        'organizations/organizations.service.ts',
        "import { Evaluation } from '../evaluations/evaluation.entity.js';\nexport { Member } from '../members/member.entity.js';",
      ),
    ).toEqual([
      expect.stringContaining('organizations/ may not import evaluations/'),
      expect.stringContaining('organizations/ may not import members/'),
    ]);
    expect(
      lint(
        'members/members.service.ts',
        "import { Organization } from '../organizations/organization.entity.js';\nimport { vnToday } from '../common/dates.js';\nimport { Member } from './member.entity.js';",
      ),
    ).toEqual([]);
    expect(lint('common/text.ts', "const m = await import('../reports/reports.rules.js');")).toEqual([
      expect.stringContaining('common/ may not import reports/'),
    ]);
    expect(lint('unheard-of/x.ts', "import { Member } from '../members/member.entity.js';")).toEqual([
      expect.stringContaining('src/unheard-of/ is not declared'),
    ]);
  });
});
