// The layer rule of DESIGN.md ("dependencies point inward"), as dependency-cruiser rules.
// test/architecture/layers.test.ts runs them over src/ (and so does `npm run lint:layers`).
//
//   domain   policy, detect, match, moderation, enforcement, legal: values in, values out
//   store    persistence; may read the domain's types and pure values, not its business rules
//   services the use cases, over domain, store, the queue port and config
//   http, cli, background   the edges: call services, never each other, the store only for types
//   main     the composition root: the only module that may import everything
//
// A known violation stays listed in test/architecture/known-violations.json until it is
// fixed; the test fails on any new one, and on a listed one that no longer occurs.
//
// With tsPreCompilationDeps on, a type-only import (`import type`, or an import whose
// names are all `type`) is told apart from a value import. Only the edges' imports of
// the store may be type-only (the Store type is passed around); the domain may not reach
// outward even for a type, since a type from an I/O layer drags its shape into the core.
//
// Core modules appear without their `node:` prefix, and packages by their real path
// (node_modules may be a symlink), hence the patterns below.

const DOMAIN = '^src/(policy|detect|match|moderation|enforcement|legal|vault)/';
const MAIN = ['^src/main/'];

// Node's I/O modules and the I/O packages. worker_threads is not here: the media hash
// pool runs the pure hasher on threads. @types/* is listed in case a type-only import
// resolves to the declarations rather than the package.
const IO_CORE = '^(node:)?(fs|fs/promises|net|http|https|dns|dns/promises|child_process)$';
const IO_PACKAGES = 'node_modules/(@types/)?(pg|better-sqlite3|kysely|fastify|undici)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-not-to-outer-layers',
      comment: 'The core is pure: the domain imports only the domain and pure libraries.',
      severity: 'error',
      from: { path: DOMAIN },
      // Everything in src/ outside the domain: store, services, work, the edges, main,
      // config, and any layer added later. The queue's retry arithmetic is pure, and the
      // webhook schedule is derived from it.
      to: { path: '^src/', pathNot: [DOMAIN, '^src/work/backoff[.]ts$'] },
    },
    {
      name: 'domain-no-io-modules',
      comment: 'No database, network, file system or process in the core; I/O lives at the edges.',
      severity: 'error',
      // address.ts takes only net's isIPv4/isIPv6, which are pure.
      from: { path: DOMAIN, pathNot: '^src/detect/links/address[.]ts$' },
      to: { path: [IO_CORE, IO_PACKAGES] },
    },
    {
      name: 'match-not-to-detect',
      comment: 'The PDQ value lives in match/ and detect/ imports it (src/match/pdq-value.ts); ' + 'match/ importing detect/ would make the domain cyclic.',
      severity: 'error',
      from: { path: '^src/match/' },
      to: { path: '^src/detect/' },
    },
    {
      name: 'store-not-to-business-rules',
      comment: 'The store persists; deciding (policy), enforcing and detecting belong to the domain and services.',
      severity: 'error',
      from: { path: '^src/store/' },
      // A type names the shape of what is stored (a webhook message); it decides nothing.
      to: { path: '^src/(policy|enforcement|detect)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'store-only-queue-port-of-work',
      comment: 'Of work/, the store may use the queue port types and its pure helpers, not the worker.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/work/', pathNot: '^src/work/(queue|backoff|job-input|threads)[.]ts$' },
    },
    {
      name: 'store-not-to-outer-layers',
      comment: 'Dependencies point inward: the store knows nothing of the use cases or the edges.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: ['^src/(services|http|cli|background)/', ...MAIN] },
    },
    {
      name: 'services-not-to-edges',
      comment: 'A use case does not know who calls it (route, command or periodic task).',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: ['^src/(http|cli|background)/', ...MAIN] },
    },
    {
      name: 'services-only-queue-port-of-work',
      comment: 'Services enqueue through the port (src/work/queue.ts) and register job handlers (handlers.ts); they never run the worker.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/work/', pathNot: '^src/work/(queue|handlers|threads)[.]ts$' },
    },
    {
      name: 'http-not-to-cli-or-background',
      comment: 'The edges are siblings: what they share belongs in services.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(cli|background)/' },
    },
    {
      name: 'cli-not-to-http-or-background',
      comment: 'The edges are siblings; a command that needs the running server goes through src/main/.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/(http|background)/' },
    },
    {
      name: 'background-not-to-http-or-cli',
      comment: 'The edges are siblings: what they share belongs in services.',
      severity: 'error',
      from: { path: '^src/background/' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'edges-store-types-only',
      comment: 'Routes, commands and tasks reach the store through services; they may name its types.',
      severity: 'error',
      from: { path: '^src/(http|cli|background)/' },
      to: { path: '^src/store/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-cli-to-main',
      comment: 'main is the composition root: only the command line (to serve) may import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', ...MAIN] },
      to: { path: MAIN },
    },
    {
      name: 'no-circular',
      comment: 'A cycle ties modules together so that neither can be understood, tested or moved alone.',
      severity: 'error',
      from: { path: '^src/' },
      // A type-only import, or a command's body loaded lazily by its grammar, is no cycle at run time.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'dynamic-import'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // ESM TypeScript names './x.js' for './x.ts'; dependency-cruiser maps that itself.
    // 'import' first so that packages resolve to what Node loads.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
