import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['kura-source'] },
  ssr: { resolve: { conditions: ['kura-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
