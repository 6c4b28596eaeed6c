import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The folder graph of src/ (docs/ARCHITECTURE.md, "Dependencies"): which folder may import which.
// `npm run lint` checks every relative import of src/ against it (the `architecture/folder-dependencies`
// rule below); src/architecture.spec.ts proves the declared graph has no cycle and that the known
// exceptions are still needed. Files directly in src/ are the folder "(root)".

/** Each folder of src/ -> the folders it may import. Declared acyclic: lower layers first. */
export const LAYERS = {
  config: [],
  common: ['config'],
  /** The audit log: its writer is called inside every write's transaction. */
  audit: ['common', 'config'],
  /** Login, sessions, accounts and roles (identity); logins are audited. */
  auth: ['audit', 'common', 'config'],
  /** JSON logs with the request id. */
  logging: ['common', 'config'],
  /** Prometheus /metrics. */
  metrics: ['common', 'config'],
  organizations: ['audit', 'auth', 'common', 'config'],
  members: ['audit', 'auth', 'common', 'config', 'organizations'],
  /** Record scope (AccessService): above the tree and the member registry, asked by the features. */
  access: ['auth', 'common', 'config', 'members', 'organizations'],
  users: ['access', 'audit', 'auth', 'common', 'config', 'members', 'organizations'],
  health: ['auth', 'common', 'config'],
  manifestations: ['access', 'audit', 'auth', 'common', 'config'],
  discipline: ['access', 'audit', 'auth', 'common', 'config', 'manifestations', 'members', 'organizations'],
  'conduct-checks': [
    'access',
    'audit',
    'auth',
    'common',
    'config',
    'manifestations',
    'members',
    'organizations',
  ],
  commitments: ['access', 'audit', 'auth', 'common', 'config', 'members', 'organizations', 'users'],
  'study-themes': ['access', 'audit', 'auth', 'common', 'config', 'organizations'],
  meetings: [
    'access',
    'audit',
    'auth',
    'commitments',
    'common',
    'config',
    'members',
    'organizations',
    'study-themes',
  ],
  evaluations: [
    'access',
    'audit',
    'auth',
    'common',
    'conduct-checks',
    'config',
    'discipline',
    'members',
    'organizations',
    'users',
  ],
  notifications: [
    'access',
    'audit',
    'auth',
    'commitments',
    'common',
    'config',
    'evaluations',
    'members',
    'organizations',
    'users',
  ],
  imports: ['access', 'audit', 'auth', 'common', 'config', 'members', 'organizations'],
  /** Read-only aggregates over the features; no feature imports reports/. */
  reports: [
    'access',
    'auth',
    'commitments',
    'common',
    'conduct-checks',
    'config',
    'discipline',
    'evaluations',
    'meetings',
    'members',
    'organizations',
    'study-themes',
  ],
  /** Assembles the document from the shapes the features declare (`<module>.responses.ts`). */
  openapi: [
    'audit',
    'auth',
    'commitments',
    'common',
    'conduct-checks',
    'config',
    'discipline',
    'evaluations',
    'health',
    'imports',
    'manifestations',
    'meetings',
    'members',
    'notifications',
    'organizations',
    'reports',
    'study-themes',
    'users',
  ],
  'web-client': ['common', 'config'],
  /** main.ts, app.module.ts, app.setup.ts: the composition of every module. */
  '(root)': [
    'access',
    'audit',
    'auth',
    'commitments',
    'common',
    'conduct-checks',
    'config',
    'discipline',
    'evaluations',
    'health',
    'imports',
    'logging',
    'manifestations',
    'meetings',
    'members',
    'metrics',
    'notifications',
    'openapi',
    'organizations',
    'reports',
    'study-themes',
    'users',
    'web-client',
  ],
  /** Command-line entry points: above the application they start. */
  cli: [
    '(root)',
    'access',
    'audit',
    'auth',
    'commitments',
    'common',
    'conduct-checks',
    'config',
    'discipline',
    'evaluations',
    'imports',
    'manifestations',
    'meetings',
    'members',
    'notifications',
    'organizations',
    'study-themes',
    'users',
  ],
};

/**
 * Imports that point up the graph, as "from -> to", each a cycle to be removed: empty since issue 17.
 * A migration that must keep one for a while lists it here, so no other can be added;
 * src/architecture.spec.ts fails once one is no longer made, so the list only shrinks.
 */
export const KNOWN_EXCEPTIONS = [];

/** The folder of a file under src/ ("(root)" for src/*.ts), or null outside src/. */
export function folderOf(path) {
  const parts = path.replace(/\\/g, '/').split('/');
  const at = parts.lastIndexOf('src');
  if (at < 0 || at === parts.length - 1) return null;
  return parts.length - at > 2 ? parts[at + 1] : '(root)';
}

/** The folders of `graph` (folder -> folders) that lie on a cycle, one list per cycle (Tarjan). */
export function cyclesOf(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph[v] ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph[v] ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of Object.keys(graph)) if (!index.has(v)) visit(v);
  return cycles;
}

/**
 * The folder graph src/ has today: folder -> folder it imports -> number of files importing it
 * (relative imports and re-exports; specs left out, as the lint rule leaves them).
 */
export function importGraph(srcDir) {
  const graph = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) {
        const from = folderOf(path);
        const targets = new Set();
        for (const m of readFileSync(path, 'utf8').matchAll(
          /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g,
        )) {
          const to = folderOf(join(dir, m[1]));
          if (to !== null && to !== from) targets.add(to);
        }
        for (const to of targets) {
          graph[from] ??= {};
          graph[from][to] = (graph[from][to] ?? 0) + 1;
        }
      }
    }
  };
  walk(srcDir);
  return graph;
}

/** Whether a file of folder `from` may import one of folder `to`. */
export function allowed(from, to) {
  return from === to || (LAYERS[from] ?? []).includes(to) || KNOWN_EXCEPTIONS.includes(`${from} -> ${to}`);
}

/** The folder a relative import of `file` lands in, or null when it leaves src/. */
function targetFolder(file, source) {
  const dir = file.replace(/\\/g, '/').split('/').slice(0, -1);
  for (const part of source.split('/')) {
    if (part === '..') dir.pop();
    else if (part !== '.') dir.push(part);
  }
  return folderOf(dir.join('/'));
}

const folderDependencies = {
  meta: {
    type: 'problem',
    docs: {
      description: 'A folder of src/ imports only the folders LAYERS allows it (eslint/architecture.js).',
    },
    schema: [],
  },
  create(context) {
    const from = folderOf(context.filename);
    if (from === null) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = targetFolder(context.filename, source);
      if (to === null || allowed(from, to)) return;
      context.report({
        node: node.source,
        message: !(from in LAYERS)
          ? `src/${from}/ is not declared in eslint/architecture.js (LAYERS): declare what it may import.`
          : `${from}/ may not import ${to}/ (eslint/architecture.js allows ${LAYERS[from].join(', ') || 'nothing'}): ` +
            'dependencies point one way (docs/ARCHITECTURE.md); a side effect goes through a domain event, a question through a port.',
      });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export const architecturePlugin = { rules: { 'folder-dependencies': folderDependencies } };
