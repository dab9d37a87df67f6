// The unit project alone, for Stryker: the specs beside messages/, crypto/ and presence/, and
// those of the transport files it mutates.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/src/{messages,crypto,presence}/**/*.spec.ts',
    '<rootDir>/src/transport/{content-frame,inline-pipes,interceptor-shortcut,ws-proxy-shortcut,validation-fast-path}.spec.ts',
  ],
  testPathIgnorePatterns: ['\\.python\\.spec\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
