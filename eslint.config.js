import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import { architecturePlugin } from './eslint/architecture.js';
import { sizeLimits } from './eslint/size-limits.js';
import { sqlHomes } from './eslint/sql-homes.js';

/** A feature never reads the reports module: reports read features, not the other way round. */
const NO_REPORTS = {
  regex: '(^|/)reports/',
  message: 'Features do not import reports/ (docs/ARCHITECTURE.md: dependencies point one way).',
};
/** Throw sites name an error of their module's catalog. */
const ERROR_CATALOG = [
  {
    selector: "NewExpression[callee.name='DomainError']",
    message:
      "Throw an error of the module's catalog (`<module>.errors.ts`): memberError('CODE', message, details).",
  },
  {
    selector:
      "CallExpression[callee.object.name='DomainError'][callee.property.name='of'] > ObjectExpression",
    message: "Declare the error in the module's `<module>.errors.ts` catalog.",
  },
];
/** Services name no role (`member` only where compared with or given as a role: it also names a table). */
const NO_ROLE = 'Services ask for a permission of common/permissions.ts, never a role (docs/CONVENTIONS.md).';
const NO_ROLE_NAMES = [
  { selector: 'Literal[value=/^(secretary|leader|admin)$/]', message: NO_ROLE },
  {
    selector:
      ":matches(BinaryExpression, Property, AssignmentPattern):has(Identifier[name=/^roles?$/]):has(Literal[value='member'])",
    message: NO_ROLE,
  },
];
/** Rules are pure functions: no Nest, no TypeORM. */
const NO_FRAMEWORK = {
  group: ['@nestjs/*', 'typeorm', 'typeorm/*'],
  message: '*.rules.ts are pure: no Nest, no TypeORM (STYLE.md).',
};
/** Controllers are thin: the database is their service's business. */
const NO_DATABASE = {
  regex: '^typeorm(/|$)|\\.repository(\\.js)?$|common/database\\.service(\\.js)?$',
  message: 'Controllers never touch repositories or the database; a service method does (STYLE.md).',
};
/** common/ sits below every feature: it imports config/ and the database folder, no feature. */
const NO_FEATURE = {
  regex: '^\\.\\./(?!config/|\\.\\./)',
  message: 'common/ imports no feature module (docs/ARCHITECTURE.md).',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'tmp/**',
      'eslint.config.js',
      'web/dist/**',
      'web/src/api/schema.d.ts',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'web/src/**/*.test.tsx', 'web/src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
  // One-way dependencies (docs/ARCHITECTURE.md). Later blocks repeat the earlier patterns they
  // must keep: a file matched by two blocks takes the last block's no-restricted-imports.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/reports/**', 'src/openapi/**', 'src/app.module.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_REPORTS] }] },
  },
  {
    files: ['src/**/*.rules.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_REPORTS, NO_FRAMEWORK] }] },
  },
  {
    files: ['src/**/*.controller.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_REPORTS, NO_DATABASE] }] },
  },
  {
    files: ['src/common/**/*.ts'],
    ignores: ['src/common/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_FEATURE] }] },
  },
  // The folder graph: each folder of src/ imports only what eslint/architecture.js allows it (no cycle).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    plugins: { architecture: architecturePlugin },
    rules: { 'architecture/folder-dependencies': 'error' },
  },
  // Only config/ reads the environment (tests and scripts outside src/ set up their own).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings through src/config (loadConfig, processEnv).',
        },
      ],
    },
  },
  // Each module's errors and their kinds are declared in its `<module>.errors.ts` (docs/CONVENTIONS.md):
  // a throw site names an error of a catalog, never a kind.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts', 'src/common/domain-error.ts'],
    rules: { 'no-restricted-syntax': ['error', ...ERROR_CATALOG] },
  },
  // Role names never appear in services: they ask for a permission of the catalog (common/permissions.ts)
  // and AccessService answers where. Role administration (auth/, users/) names the roles it grants.
  // (The block repeats ERROR_CATALOG: a later block's no-restricted-syntax replaces an earlier one's.)
  {
    files: ['src/**/*.service.ts'],
    ignores: ['src/auth/**', 'src/users/**'],
    rules: { 'no-restricted-syntax': ['error', ...ERROR_CATALOG, ...NO_ROLE_NAMES] },
  },
  // SQL only in *.repository.ts (and the listed infrastructure and tools).
  ...sqlHomes,
  // File, service and constructor size (STYLE.md), with today's exceptions listed.
  ...sizeLimits,
  // Plain scripts the browser runs as they are (web/public/boot.js): no type information.
  { files: ['web/public/**/*.js'], ...tseslint.configs.disableTypeChecked },
  // The architecture rule's own module (plain JavaScript, loaded by this file).
  { files: ['eslint/**/*.js'], ...tseslint.configs.disableTypeChecked },
);
