// Lint, including the lines the architecture draws (after VS Code's layer checks):
// core never imports renderer or electron; renderer imports from core only core/contract (the
// endpoint table, schemas, roles: pure and isomorphic); core/contract imports only typebox and itself;
// electron reaches core only through its public entry; only core/db touches SQLite.
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

const noSqliteOutsideDb = {
  name: 'better-sqlite3',
  message: 'Only core/db talks to SQLite; use a store module (core/<aggregate>/store.ts).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'renderer/public/**', 'tests/artifacts/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noSqliteOutsideDb],
          patterns: [
            { group: ['**/renderer/**', '**/electron/**'], message: 'core runs in Node alone: it never imports renderer/ or electron/.' },
            { group: ['electron', 'vue', 'cesium', 'echarts'], message: 'core has no Electron and no DOM.' },
          ],
        },
      ],
    },
  },
  {
    // SQL lives only in store modules (one per aggregate) and in core/db.
    files: ['core/**/*.ts'],
    ignores: ['core/db/**', 'core/**/store.ts', 'core/**/*-store.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='statement']",
          message: 'SQL lives only in store modules: add a method to the store of this aggregate (core/<part>/<slice>/store.ts).',
        },
      ],
    },
  },
  {
    // A route calls what the composition root (core/app/services.ts) built; it never builds a
    // store or a service and never touches the database itself (docs/ARCHITECTURE.md).
    files: ['core/**/routes.ts', 'core/**/*-routes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name=/(Store|Service)$/]", message: 'A route never builds a store or a service: take it from the county context (core/app/services.ts builds it once).' },
        { selector: "MemberExpression[object.name='ctx'][property.name='db']", message: 'A route never touches the database: call a service (writes) or a store (plain reads) from the county context.' },
        { selector: "CallExpression[callee.property.name='statement']", message: 'SQL lives only in store modules.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noSqliteOutsideDb],
          patterns: [
            { group: ['**/electron/**'], message: 'The renderer talks to the shell only through window.gridhall (the preload).' },
            { group: ['**/core/**', '!**/core/contract', '!**/core/contract/**'], message: 'The renderer talks to core only over the API; it may import core/contract (the endpoint table and its schemas).' },
          ],
        },
      ],
      // One clock: times are shown on the county's clock (renderer/i18n/time.ts), never the browser's zone.
      'no-restricted-properties': [
        'error',
        ...['getHours', 'getMinutes', 'getSeconds', 'getDate', 'getDay', 'getMonth', 'getFullYear', 'getYear', 'getTimezoneOffset',
          'setHours', 'setMinutes', 'setSeconds', 'setDate', 'setMonth', 'setFullYear', 'toLocaleDateString', 'toLocaleTimeString', 'toTimeString', 'toDateString'].map((property) => ({
          property,
          message: "Reads the browser's time zone: use renderer/i18n/time.ts (the county's clock).",
        })),
        { object: 'Intl', property: 'DateTimeFormat', message: "Without the county's zone this is the browser's clock: use renderer/i18n/time.ts." },
      ],
    },
  },
  {
    files: ['renderer/i18n/time.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The contract runs in Node and in the browser: the endpoint table, its TypeBox schemas, the roles.
    files: ['core/contract/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!typebox$|typebox/|\\./)', message: 'core/contract is pure and isomorphic: it imports only typebox and its own files (no Node, no other part of core).' }] },
      ],
    },
  },
  {
    files: ['core/contract/endpoints/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!typebox$|typebox/|\\./|\\.\\./(?!\\.\\.))', message: 'core/contract is pure and isomorphic: it imports only typebox and its own files (no Node, no other part of core).' }] },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'electron/**/*.cts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noSqliteOutsideDb],
          patterns: [
            { group: ['**/renderer/**'], message: 'electron/ hosts the renderer; it does not import it.' },
            { group: ['**/core/**', '!**/core/index.js'], message: 'electron/ reaches core only through core/index.js.' },
          ],
        },
      ],
    },
  },
);
