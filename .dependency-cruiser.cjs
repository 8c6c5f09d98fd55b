// The import rules `npm test` holds core/ and renderer/ to (run: npm run depcheck).
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
