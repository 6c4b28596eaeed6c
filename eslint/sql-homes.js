/**
 * Where SQL lives (docs/CONVENTIONS.md, "Database"): raw SQL (`.query(`, `queryNamed`) and query
 * builders (`createQueryBuilder`) only in `*.repository.ts` files, the database infrastructure of
 * common/ and the command-line seeders and copy tools listed here. Services and the rest call a
 * repository's function; simple `em.find/findOne/save/update` through TypeORM stay where they are.
 */

/** Files allowed raw SQL besides `*.repository.ts`: infrastructure and command-line tools. */
const INFRASTRUCTURE = [
  'src/common/cache-bus.ts',
  'src/common/database.module.ts',
  'src/common/database.service.ts',
  'src/common/pg-client.ts',
  'src/common/raw-rows.ts',
  'src/common/typeorm-options.ts',
  'src/common/versioned-update.ts',
  'src/cli/copy-to-postgres.ts',
  'src/cli/demo-backdate.ts',
  'src/cli/demo-seeder.ts',
  'src/cli/seed-scale.ts',
  'src/cli/seed-scale/**',
];

/** A call that runs SQL: `x.query(...)`, `x.createQueryBuilder(...)`, `queryNamed(...)`. */
const onlyInRepositories = {
  meta: {
    type: 'problem',
    docs: { description: 'Raw SQL and query builders only in *.repository.ts (eslint/sql-homes.js).' },
    schema: [],
    messages: { sql: 'SQL lives in a *.repository.ts file of the module (docs/CONVENTIONS.md, "Database").' },
  },
  create(context) {
    return {
      CallExpression(node) {
        const c = node.callee;
        const name =
          c.type === 'Identifier'
            ? c.name === 'queryNamed' && c.name
            : c.type === 'MemberExpression' &&
              !c.computed &&
              ['query', 'createQueryBuilder'].includes(c.property.name) &&
              c.property.name;
        if (name) context.report({ node: c, messageId: 'sql' });
      },
    };
  },
};

export const sqlHomes = [
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repository.ts', 'src/**/*.spec.ts', ...INFRASTRUCTURE],
    plugins: { sql: { rules: { 'only-in-repositories': onlyInRepositories } } },
    rules: { 'sql/only-in-repositories': 'error' },
  },
];
