// Runs `prisma generate` offline. Prisma 7's client needs no native engine, but the CLI still
// checks for a schema-engine binary; any existing file satisfies that check (generate never runs it).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
execFileSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
