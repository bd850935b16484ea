// Type-aware linting for every runtime. Each src-* folder carries its own tsconfig.json, which the
// project service picks up, so a file is linted with the same types it is compiled with.
import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import prettier from 'eslint-config-prettier';
import playwright from 'eslint-plugin-playwright';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'release/',
      'coverage/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.cjs', '**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // The control plane's SQL lives in each feature's *-repository.ts and in store/ (opening,
    // migrations), so a query is found where its table's feature is, and nowhere else.
    files: ['src-control-plane/**/*.ts'],
    ignores: ['src-control-plane/**/*-repository.ts', 'src-control-plane/store/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              importNames: ['sql'],
              message: 'SQL belongs in the feature’s *-repository.ts.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[property.name=/^(selectFrom|updateTable|insertInto|deleteFrom|replaceInto|mergeInto)$/]',
          message: 'SQL belongs in the feature’s *-repository.ts.',
        },
        {
          selector: "TaggedTemplateExpression[tag.name='sql'], MemberExpression[object.name='sql']",
          message: 'SQL belongs in the feature’s *-repository.ts.',
        },
      ],
    },
  },
  {
    // A focused or skipped test narrows the run and still exits 0: none reaches the suite. A test that
    // cannot run somewhere says so with `skipIf(condition)` (Vitest) or `test.skip(condition, why)`
    // (Playwright); the configs refuse `.only` at run time as well (allowOnly, forbidOnly).
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**/*.ts'],
    ignores: ['tests/e2e/**', 'tests/electron/**'],
    plugins: { vitest },
    rules: {
      'vitest/no-focused-tests': ['error', { fixable: false }],
      'vitest/no-disabled-tests': 'error',
      'vitest/warn-todo': 'error',
    },
  },
  {
    files: ['tests/e2e/**/*.ts', 'tests/electron/**/*.ts'],
    plugins: { playwright },
    rules: {
      'playwright/no-focused-test': 'error',
      'playwright/no-skipped-test': ['error', { allowConditional: true, disallowFixme: true }],
    },
  },
  prettier,
);
