import js from '@eslint/js'
import globals from 'globals'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

const pureStages = ['src/parse/**', 'src/facts/**', 'src/report/**']

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tools/', 'coverage/', 'examples/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@actions/core', message: 'Only src/action may talk to the runner.' },
            { name: '@actions/github', message: 'Only src/action may talk to GitHub.' }
          ]
        }
      ]
    }
  },
  {
    files: ['src/action/**'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    files: pureStages,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'node:fs',
            'node:fs/promises',
            'node:child_process',
            '@actions/core',
            '@actions/github'
          ],
          patterns: [
            {
              group: ['**/collect/**', '**/engine/**', '**/cli/**', '**/action/**'],
              message: 'parse, facts and report are pure stages.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['**/*.mjs', 'test/**'],
    ...tseslint.configs.disableTypeChecked
  },
  {
    files: ['scripts/**/*.mjs', '*.mjs'],
    languageOptions: { globals: globals.node }
  },
  prettier
)
