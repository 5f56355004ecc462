/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'], '^.+\\.ya?ml$': '<rootDir>/tests/yaml-as-text.cjs' },
  // @middy/core ships ESM only: let swc transform it.
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
};
