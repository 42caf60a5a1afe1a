// The integration project's set-up (global database server, a fresh database per file) around one
// fixture test: scripts/check-test-exit.sh runs it to prove the exit status is honest.
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: {
    alias: { "@": root, "server-only": path.join(root, "tests/setup/server-only.ts") },
  },
  test: {
    include: ["tests/exit-status/exit-status.fixture.ts"],
    environment: "node",
    globalSetup: ["tests/setup/global-database.ts"],
    setupFiles: ["tests/setup/file-database.ts"],
    hookTimeout: 180_000,
  },
});
