// The one reader of process.env. Validated with zod on first use; a bad value stops the process
// with a message naming the variable.
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // A PostgreSQL server to use. Unset: Chorus starts its own embedded PostgreSQL.
  DATABASE_URL: optionalString.pipe(z.string().url().optional()),
  // Where Chorus keeps its local state (embedded database, exports, test output).
  CHORUS_HOME: z.string().default(".chorus"),
  // Port of the embedded PostgreSQL.
  CHORUS_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  // A FERPlus folder (e.g. .../FER2013Valid) to seed the demo project from; unset: synthetic faces.
  CHORUS_DEMO_DATA: optionalString,
  // The FER+ dataset root (holding FER2013Train/, FER2013Valid/), for tests and benchmarks.
  FERPLUS_DIR: optionalString,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  // Next.js server processes behind PORT (bin/web-server.ts); unset: one per CPU core.
  CHORUS_WEB_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
  // Secret for signing sessions; a development default is derived when unset.
  BETTER_AUTH_SECRET: optionalString,
  // Public URL of the app (invite links, auth callbacks).
  CHORUS_URL: optionalString,
  // How many reverse proxies in front of Chorus append to X-Forwarded-For (0: none; the header is
  // then a client's claim and ignored). The client address is the entry that many from the right:
  // it drives per-address sign-in limits (docs/security.md).
  CHORUS_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // Seconds without a heartbeat after which a running training or job counts as dead (kill -9,
  // lost machine): the worker's reaper fails it and its job is retried. Must exceed the longest
  // stretch a run spends without yielding (one batch, one validation pass).
  CHORUS_WORKER_STALE_SECONDS: z.coerce.number().int().min(2).max(86_400).default(120),
  // The job queues this worker serves, comma-separated (e.g. `train,predict` on a GPU machine,
  // `stats,export` elsewhere); unset: all. Names are checked against the job registry at start.
  CHORUS_WORKER_QUEUES: optionalString.transform((value) =>
    value
      ?.split(",")
      .map((name) => name.trim())
      .filter(Boolean),
  ),
  // Where export files are written and served from; every web process and worker that handles
  // exports must see the same folder (a shared mount when they run on several machines).
  CHORUS_EXPORT_DIR: optionalString,
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Validated environment, parsed once. Call after any code that sets DATABASE_URL for the process. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** Forget the parsed environment (tests and the launcher change process.env). */
export function resetEnv(): void {
  cached = undefined;
}

/** Absolute path inside CHORUS_HOME. */
export function chorusPath(...parts: string[]): string {
  return path.resolve(env().CHORUS_HOME, ...parts);
}

/** The database URL, or a clear error when none has been set up yet. */
export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start Chorus with `npm start` or set DATABASE_URL.");
  }
  return url;
}
