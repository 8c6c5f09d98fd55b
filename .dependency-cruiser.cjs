// The import rules `npm test` holds core/ and renderer/ to (run: npm run depcheck):
// no import cycle, and one front door (index.ts) per slice of core/.
// Cycles: none at run time, in core/ or in renderer/. Type-only imports are erased by the
// compiler and cannot form a run-time cycle, so they are left out of the cycle rule.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'An import cycle: modules that load each other. Break it by moving the shared part into its own module.',
      from: { path: '^(core|renderer)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'front-door',
      severity: 'error',
      comment:
        "A slice is a folder of core/; others use it only through its index.ts (its front door). " +
        'Shared infrastructure (runtime/, db/, contract/, the server\'s authorize, route, context, events, errors, schemas and validation) ' +
        'is open to all; a slice\'s routes.ts and cli.ts are read only by the route and command registries.',
      from: { path: '^core/(.+)/[^/]+$' },
      to: {
        path: '^core/',
        pathNot: [
          '^core/$1/[^/]+$',
          '/index\\.ts$',
          '^core/(runtime|db|contract)/',
          '^core/server/(authorize|route|context|events|errors|schemas|validation)\\.ts$',
          '(routes|cli)\\.ts$',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.vue', '.js', '.mjs'] },
    moduleSystems: ['es6'],
  },
};
