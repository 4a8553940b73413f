/**
 * The architecture's import rules, checked by `npm run lint:deps` (part of `npm run lint`, so of
 * `npm test` and CI): a new import circle or an arrow that points the wrong way fails the build.
 *
 *   lib/        the shared core: pure-ish logic and types; imports nothing from the edges
 *   server/     the web process (API handlers, import, realtime, bootstrap); may start jobs/
 *   jobs/       the workers; use lib/, never server/ (types both need live in lib/runtime-types.ts)
 *   app/, components/, scripts/, bench/, tests/, e2e/  the edges, on top
 *
 * Why dependency-cruiser (17.4.3, pinned): one config states the rules (circles and layers) and
 * fails with the offending path; it reads TypeScript with the project's own compiler and resolves
 * the `@/` alias through tsconfig.json; it is plain JavaScript with no install scripts (npm here runs
 * none). 17.x because 18.x requires Node 22 and the project runs on Node 20. madge finds circles
 * but states no layer rules; eslint's no-restricted-imports (eslint.config.mjs) sees one file's
 * imports, not circles.
 *
 * Type-only imports count (tsPreCompilationDeps): a circle of types is still a circle for a reader.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other, directly or through others: move what both need into a third module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-is-the-core',
      severity: 'error',
      comment: 'lib/ imports nothing from the app, the UI, the server, the workers, the scripts, the benches or the tests.',
      from: { path: '^lib/' },
      to: { path: '^(app|components|server|jobs|scripts|bench|tests|e2e)/' },
    },
    {
      name: 'jobs-not-server',
      severity: 'error',
      comment: 'The workers do not import the server: types both need belong in lib/ (lib/runtime-types.ts).',
      from: { path: '^jobs/' },
      to: { path: '^(server|app|components)/' },
    },
    {
      name: 'server-not-ui',
      severity: 'error',
      comment: 'The server and the workers do not import pages or UI components.',
      from: { path: '^(server|jobs)/' },
      to: { path: '^(app|components)/' },
    },
    {
      name: 'no-test-code-in-product',
      severity: 'error',
      comment: 'Product code does not import test helpers or test files.',
      from: { path: '^(app|components|lib|server|jobs|scripts)/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '(^(tests|e2e)/)|(\\.test\\.tsx?$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.next|\\.data|test-results|playwright-report)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
}
