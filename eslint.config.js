// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'docs/',
      'coverage/',
      'bench/node_modules/',
      'bench/dist/',
      'bench/.results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The benchmark scripts are plain Node ESM (bench/ has no TypeScript toolchain of its own).
    files: ['bench/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'AbortController',
          'AbortSignal',
          'Buffer',
          'TextDecoder',
          'TextEncoder',
          'URL',
          'clearImmediate',
          'clearTimeout',
          'console',
          'fetch',
          'performance',
          'process',
          'setImmediate',
          'setTimeout',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['test/**', 'bench/**', 'examples/**', 'scripts/**', 'src/cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
