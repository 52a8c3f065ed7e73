import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const UI_LIBS = [
  'react',
  'react-dom',
  'react-dom/*',
  'zustand',
  'zustand/*',
  'zundo',
  '@xyflow/react',
  'mermaid',
];

/** The engine is framework-free and reaches the task-worker runtime only by `import type`. */
function engineRestrictions(...extra) {
  return {
    paths: UI_LIBS.filter((p) => !p.includes('*')).map((name) => ({
      name,
      message: 'The engine is framework-free: no React, zustand, @xyflow/react or mermaid.',
    })),
    patterns: [
      { group: UI_LIBS.filter((p) => p.includes('*')), message: 'The engine is framework-free.' },
      { group: ['**/ui/**'], message: 'The engine never imports the UI.' },
      {
        group: ['**/worker/**', '!**/worker/protocol', '!**/worker/protocol.ts'],
        message: 'The engine may only `import type` the worker protocol.',
        allowTypeImports: true,
      },
      ...extra,
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-*',
      'node_modules',
      'test-results',
      'test-results-*',
      'playwright-report',
      'public',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx', 'src/cli/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/*/**', '!**/engine/index', '!**/engine/index.ts'],
              message: 'The UI reaches the engine only through src/engine/index.ts.',
            },
            {
              group: ['**/worker/**', '!**/*.worker.ts?worker'],
              message: 'The UI never imports the worker runtime; the engine owns the pool.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/model/**/*.ts', 'src/engine/worker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', engineRestrictions()] },
  },
  {
    // The model is the bottom layer: executors build on it, never the other way round.
    files: ['src/engine/model/**/*.ts'],
    ignores: ['src/engine/model/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        engineRestrictions({
          group: ['**/execute/**'],
          message: 'The model never imports an executor (only `import type` of their interfaces).',
          allowTypeImports: true,
        }),
      ],
    },
  },
  {
    files: ['src/engine/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: UI_LIBS.filter((p) => !p.includes('*')).map((name) => ({
            name,
            message: 'Workers hold no UI code.',
          })),
          patterns: [{ group: ['**/ui/**'], message: 'Workers never import the UI.' }],
        },
      ],
    },
  },
  {
    files: ['src/runner/**/*.ts'],
    // Tests may stand the real task runtime up behind a fake sandbox page.
    ignores: ['src/runner/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: UI_LIBS.filter((p) => !p.includes('*')).map((name) => ({
            name,
            message: 'The run worker holds no UI code.',
          })),
          patterns: [
            { group: ['**/ui/**'], message: 'The run worker never imports the UI.' },
            {
              group: ['**/engine/*/**', '!**/engine/index', '!**/engine/index.ts'],
              message: 'The run worker reaches the engine only through src/engine/index.ts.',
            },
            {
              group: ['**/worker/**'],
              message: 'The engine owns the task worker pool; the run worker never imports it.',
            },
          ],
        },
      ],
    },
  },
);
