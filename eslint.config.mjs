import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/.nx/**',
      '**/test-output/**',
      '**/*.d.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    // Decorator metadata keeps constructor parameter types as runtime values (NestJS DI needs them):
    // the type-import rule must know, or it would turn injected classes into type-only imports.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      // The dependency rules of docs/architecture.md, enforced: apps may use libs; libs/domain uses
      // none of ours; libs/pki only libs/domain; the browser dashboard only universal (I/O-free) libs.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Every package's bench writes its figures through the one root helper (test-output/bench/<package>.json).
          allow: ['scripts/lib/bench-figures\\.mjs$'],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:pki', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:etk-depot', onlyDependOnLibsWithTags: ['type:domain', 'type:pki'] },
            { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:pki',
                'type:etk-depot',
                'type:persistence',
              ],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:pki',
                'type:etk-depot',
                'type:persistence',
                'type:app',
              ],
            },
            { sourceTag: 'platform:browser', onlyDependOnLibsWithTags: ['platform:universal'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
    },
  },
  prettier,
);
