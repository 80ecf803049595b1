/**
 * The fast, pure domain suite on its own: tests/domain and the unit tests of domain modules. Mutation testing
 * (stryker.config.mjs, `npm run mutate`) runs it against every mutant of server/domain, so it stays free of
 * stores, child processes and the mini program.
 */
process.env.TZ = 'Asia/Shanghai';

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: [
    '<rootDir>/tests/domain/**/*.test.ts',
    '<rootDir>/tests/unit/{machine,identifiers,document,templates,checks}.test.ts',
  ],
  transform: {
    // tsconfig.json sets isolatedModules: ts-jest transpiles file by file; type checks are `npm run typecheck`'s
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
};
