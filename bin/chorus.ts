// The Chorus CLI: `npm run -s chorus -- <command> [options]`. Each command lives in bin/commands/
// and calls the same lib/ functions as the web app and the worker. Output meant for scripts goes to
// stdout (JSON with --json); progress and logs go to stderr.
import { EmbeddedPostgresError } from "../lib/database/embedded";
import { setupDatabase } from "../lib/database/setup";
import { disconnectDb } from "../lib/db";
import { AppError } from "../lib/errors";

import type { Command } from "./command";

// Lazy so that a command's heavy dependencies (tfjs, sharp) load only when it runs.
const commands: Record<string, () => Promise<{ default: Command }>> = {
  import: () => import("./commands/import"),
  stats: () => import("./commands/stats"),
  seed: () => import("./commands/seed"),
  train: () => import("./commands/train"),
  pretrain: () => import("./commands/pretrain"),
  evaluate: () => import("./commands/evaluate"),
  export: () => import("./commands/export"),
  simulate: () => import("./commands/simulate"),
  openapi: () => import("./commands/openapi"),
};

async function help(): Promise<string> {
  const lines = ["usage: npm run -s chorus -- <command> [options]", "", "commands:"];
  for (const [name, load] of Object.entries(commands)) {
    const command = await load().catch(() => undefined);
    if (command) lines.push(`  ${name.padEnd(10)} ${command.default.summary}`);
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(await help());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`unknown command "${name}"\n\n${await help()}`);
    return 2;
  }
  const command = (await load()).default;
  if (args.includes("--help") || args.includes("-h")) {
    console.log(`${command.summary}\n\nusage: ${command.usage}`);
    return 0;
  }
  if (command.database === false) {
    await command.run(args);
    return 0;
  }
  const database = await setupDatabase({ log: (line) => console.error(line) }).catch((error: unknown) => {
    // A setting to change (a port in use, say): one line, no stack trace.
    if (error instanceof EmbeddedPostgresError) return error;
    throw error;
  });
  if (database instanceof EmbeddedPostgresError) {
    console.error(`chorus ${name}: ${database.message}`);
    return 1;
  }
  try {
    await command.run(args);
    return 0;
  } catch (error) {
    // Ctrl-C or SIGTERM during a command that stops gracefully (training): it has recorded why.
    if ((error as Error).name === "AbortError") {
      console.error(`chorus ${name}: interrupted`);
      return 130;
    }
    if (
      error instanceof AppError ||
      (error as Error).name === "ZodError" ||
      (error as Error).name === "UsageError"
    ) {
      console.error(`chorus ${name}: ${(error as Error).message}`);
      return error instanceof AppError ? 1 : 2;
    }
    throw error;
  } finally {
    await disconnectDb();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
