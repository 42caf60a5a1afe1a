import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // `server-only` throws outside Next's react-server build; lib/ code is plain server code in tests.
  "server-only": path.resolve(import.meta.dirname, "tests/setup/server-only.ts"),
};

// CHORUS_E2E_REBUILD=1 forces one build per run, not one per test file (tests/helpers/app-server.ts):
// a file rebuilding while another file's server serves from the same folder breaks that server.
process.env.CHORUS_E2E_RUN_STARTED ??= String(Date.now());

export default defineConfig({
  resolve: { alias },
  test: {
    // Two cores: more parallel files only thrash. Set once for all projects (vitest requires it).
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-database.ts"],
          // Each test file gets its own fresh database, cloned from a migrated template.
          setupFiles: ["tests/setup/file-database.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
