// ESLint for src/, test/ and the TypeScript scripts: typescript-eslint's type-aware rules and the
// React hooks rules. `npm run lint` and .ci/run both require zero errors and zero warnings.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-cli/**', 'bench/**', 'node_modules/**', 'python/**', '**/*.mjs', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // the page's loader throws a LoadError record (subject, message) that its own catch unpacks
      '@typescript-eslint/only-throw-error': ['error', { allow: [{ from: 'file', name: 'LoadError', path: 'src/state/profileStore.ts' }] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // the two rules of hooks, for the page's code; the plugin's other rules check code for the
    // React Compiler, which this project does not use (a chart that times its own layout is not a
    // bug here). Browser tests have a useBrowser() that is no React hook.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // tests read oracles and our own JSON output with JSON.parse and index into them: `any` there
    // is checked by the assertions that follow, not by the types
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // stubs stand in for async functions without awaiting; a failed check rethrows in its own words
      '@typescript-eslint/require-await': 'off',
      // it misreads assertions that pick a union member for a literal (and its fix breaks the build)
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      'preserve-caught-error': 'off',
    },
  },
);
