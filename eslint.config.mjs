// @ts-check
// The Nest sample's setup: typescript-eslint's type-checked rules, with Prettier for formatting.
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'eslint.config.mjs',
      'dist/**',
      'coverage/**',
      'reports/**',
      'test-artifacts/**',
      'bench-results/**',
      '.stryker-tmp/**',
      // The original useChat hook, kept verbatim: the server must work with it as written.
      'test/fixtures/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  eslintPluginPrettierRecommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      sourceType: 'commonjs',
      parserOptions: {
        projectService: { allowDefaultProject: ['test/support/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['src/web/client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Jest's asymmetric matchers (expect.any, expect.objectContaining) are typed `any`.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // supertest's `res.body` is `any` too.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Plain JavaScript (the Jest reporter) has no types to check.
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
