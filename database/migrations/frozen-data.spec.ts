import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const ruleSets = fileURLToPath(new URL('../reference/rule-sets/', import.meta.url));

describe('migrations load frozen data', () => {
  it('never import the service code under src/ (what they publish must not follow later edits)', () => {
    const offenders = readdirSync(here)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .filter((f) => /from\s+['"][./]*\/src\//.test(readFileSync(here + f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('publishes each rule set file once, named after its code and version', () => {
    for (const f of readdirSync(ruleSets)) {
      const def = JSON.parse(readFileSync(ruleSets + f, 'utf8')) as { code: string; version: number };
      expect(f).toBe(`${def.code}.v${def.version}.json`);
    }
  });
});
