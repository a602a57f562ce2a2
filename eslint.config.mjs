import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Module boundaries on two axes (type x scope). Production code never reaches the testing
 * library; test code of apps and platform libraries may.
 */
function boundaries({ testCode }) {
  const testing = testCode ? ['type:testing'] : [];
  return [
    'error',
    {
      allow: [],
      enforceBuildableLibDependency: false,
      depConstraints: [
        {
          sourceTag: 'type:contracts',
          onlyDependOnLibsWithTags: ['type:contracts'],
          bannedExternalImports: ['@nestjs/*', 'typeorm', '@nats-io/*', 'pg'],
        },
        {
          sourceTag: 'type:platform',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', ...testing],
        },
        {
          sourceTag: 'type:testing',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'],
        },
        {
          sourceTag: 'type:app',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', ...testing],
        },
        {
          sourceTag: 'type:e2e',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'],
        },
        { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:orders', onlyDependOnLibsWithTags: ['scope:shared', 'scope:orders'] },
        {
          sourceTag: 'scope:inventory',
          onlyDependOnLibsWithTags: ['scope:shared', 'scope:inventory'],
        },
        { sourceTag: 'scope:returns', onlyDependOnLibsWithTags: ['scope:shared', 'scope:returns'] },
        {
          sourceTag: 'scope:masterdata',
          onlyDependOnLibsWithTags: ['scope:shared', 'scope:masterdata'],
        },
        {
          sourceTag: 'scope:channels',
          onlyDependOnLibsWithTags: ['scope:shared', 'scope:channels'],
        },
      ],
    },
  ];
}

const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.nx/**',
      '.data/**',
      'coverage/**',
      'bench/results/**',
      '**/*.js',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': boundaries({ testCode: false }),
    },
  },
  {
    // The tooling (start, test, bench, faults, charts, dashboards): plain ES modules on Node.
    files: ['**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': boundaries({ testCode: true }),
    },
  },
  prettier,
);
