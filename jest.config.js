/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // TDesign's components as packed into miniprogram_npm are ES modules: compile them to CommonJS for simulate
    '/miniprogram_npm/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', target: 'ES2020', esModuleInterop: true } }],
  },
  testTimeout: 60000,
  // the page tests record each page's largest setData; this prints them after the run (the 64 KB target)
  reporters: ['default', '<rootDir>/tests/miniprogram/setdata-reporter.js'],
};
