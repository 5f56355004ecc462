/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'], '^.+\\.ya?ml$': '<rootDir>/tests/yaml-as-text.cjs' },
  // @middy/core ships ESM only: let swc transform it.
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  // Jest's default is one worker fewer than the cores: on CI's 2 cores that is ONE worker while the main thread idles.
  // Measured on a clean clone (2 cores, 168 suites): 1,099 s with the default, 500 s with every core.
  maxWorkers: '100%',
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
};
