// The real worker process (`node --import tsx workers/main.ts`, as `npm run worker` runs it) for
// integration tests, plus polling and pg-boss lookups they share.
import { spawn, type ChildProcess } from "node:child_process";
import { getBoss } from "../../lib/jobs/queue";

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];

/** Starts a worker on this test file's database; `env` adds variables (e.g. a short staleness). */
export function startWorkerProcess(env: Record<string, string> = {}): WorkerProcess {
  // node with tsx as a loader, one process: the tsx CLI would relay signals to a child.
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** SIGKILLs every worker this file started that is still running (afterEach). */
export function killWorkerProcesses(): void {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** Polls `probe` every 250 ms until it returns something truthy. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A pg-boss job's state, attempts so far and expiry (s), or undefined when it does not exist. */
export async function jobRow(
  id: string,
): Promise<{ state: string; retry_count: number; expire_in: number } | undefined> {
  const { rows } = await (
    await getBoss()
  )
    .getDb()
    .executeSql(
      "SELECT state, retry_count, EXTRACT(epoch FROM expire_in)::float8 AS expire_in FROM pgboss.job WHERE id = $1::uuid",
      [id],
    );
  return rows[0] as { state: string; retry_count: number; expire_in: number } | undefined;
}
