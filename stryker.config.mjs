// Mutation testing of the pure domain: `npm run mutate` (one file: `npm run mutate -- --mutate server/domain/review.ts`),
// started by scripts/mutate.mjs.
// Prints the score and the surviving mutants; the html and json reports go to reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.domain.config.js',
    // each mutant runs only the test files that import its file (and, of those, only the tests that cover it)
    enableFindRelatedTests: true,
  },
  mutate: ['server/domain/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ['clear-text', 'html', 'json', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // what the domain suite does not read: kept out of the sandbox copy
  ignorePatterns: ['assets', 'miniprogram', 'cloudfunctions', 'docs', 'reports', 'tests/miniprogram', 'tests/automator', '.data', 'gallery', 'coverage'],
};
export default config;
