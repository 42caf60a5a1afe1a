// `npm run bench:ferplus [-- --epochs N | --minutes M] [--limit N (0: all) --model-size S --batch-size N
//   --seed N --paradigms a,b --threads N --jobs N --settings '{"labelSmoothing":0.1}' --out name]`:
// imports FER2013Train and FER2013Valid into a fresh database, trains each paradigm with the same
// model, data and budget on Train, selects the epoch on Valid (FERPlus protocol) and writes
// bench/results/<out>.md (+ .json), default `ferplus`. The 60-minute runs go one paradigm at a time into
// `ferplus-60min-*` files that bench/ferplus-summary.ts merges into ferplus.md. The FER2013Test split is
// never used (it is not even on disk here).
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/database/embedded";
import { disconnectDb } from "../lib/db";
import { importFerplusFolder } from "../lib/import/ferplus";
import { findProjectByName } from "../lib/projects/projects";
import { PARADIGMS, trainSettingsSchema, type Paradigm, type TrainSettings } from "../lib/model";
import { onShutdownSignal } from "../lib/shutdown-signal";
import { freshDatabase } from "./fresh-database";
import { renderFerplusTable, type ParadigmRow } from "./ferplus-table";

type RunRow = ParadigmRow & { backend: string; trainImages: number; validImages: number };

const children = new Set<ReturnType<typeof spawn>>();

/** Trains one paradigm in a child process (bench/ferplus-run.ts) and returns its result row. */
function runParadigm(projectId: number, settings: TrainSettings): Promise<RunRow> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        path.join("bench", "ferplus-run.ts"),
        String(projectId),
        JSON.stringify(settings),
      ],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    children.add(child);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      children.delete(child);
      const line = output.trim().split("\n").pop();
      if (code !== 0 || !line) return reject(new Error(`${settings.paradigm} run exited with ${code}`));
      resolve(JSON.parse(line) as RunRow);
    });
  });
}

const { values: flags } = parseArgs({
  options: {
    epochs: { type: "string", default: "3" },
    limit: { type: "string", default: "6000" },
    "model-size": { type: "string", default: "small" },
    "batch-size": { type: "string", default: "64" },
    "learning-rate": { type: "string", default: "0.001" },
    seed: { type: "string", default: "1" },
    paradigms: { type: "string", default: PARADIGMS.join(",") },
    "pg-port": { type: "string", default: "54371" },
    // Paradigms trained side by side, one child process each (the wasm backend uses one core).
    jobs: { type: "string", default: "4" },
    // A wall-clock budget per paradigm (replaces --epochs): run one paradigm at a time (--jobs 1) on a
    // quiet machine, or the budget buys less than it says.
    minutes: { type: "string" },
    threads: { type: "string" },
    // Any other training setting, as JSON, validated by trainSettingsSchema like every other caller.
    settings: { type: "string", default: "{}" },
    // Result files: bench/results/<out>.md and .json.
    out: { type: "string", default: "ferplus" },
  },
});

/**
 * Without DATABASE_URL, our own embedded server on a port of our own: freshDatabase's default port
 * (54361) is shared with the other benchmarks, which may be running at the same time.
 */
async function ownServer(): Promise<{ server?: EmbeddedServer; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { stop: async () => {} };
  const dir = await mkdtemp(path.join(os.tmpdir(), "chorus-bench-ferplus-"));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pgdata"),
    port: Number(flags["pg-port"]),
  });
  process.env.DATABASE_URL = server.adminUrl;
  return {
    server,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const log = (message: string) =>
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main() {
  const root = process.env.FERPLUS_DIR ?? path.resolve("..", "shared", "datasets", "ferplus");
  const given = {
    ...(JSON.parse(flags.settings) as object),
    epochs: Number(flags.epochs),
    minutes: flags.minutes ? Number(flags.minutes) : undefined,
    threads: flags.threads ? Number(flags.threads) : undefined,
    limit: Number(flags.limit) > 0 ? Number(flags.limit) : undefined,
    modelSize: flags["model-size"],
    batchSize: Number(flags["batch-size"]),
    learningRate: Number(flags["learning-rate"]),
    seed: Number(flags.seed),
  };
  const paradigms = flags.paradigms.split(",").map((name) => name.trim()) as Paradigm[];
  const unknown = paradigms.filter((name) => !PARADIGMS.includes(name));
  if (unknown.length > 0)
    throw new Error(`--paradigms: unknown ${unknown.join(", ")} (use ${PARADIGMS.join(", ")})`);
  // Validated with each paradigm, once, before anything is imported: some settings depend on it
  // (mixup is refused with pll).
  const settingsBy = new Map(
    paradigms.map((paradigm) => [paradigm, trainSettingsSchema.parse({ ...given, paradigm })]),
  );
  const base = settingsBy.get(paradigms[0]!)!;
  const jobs = Math.max(1, Number(flags.jobs));
  const own = await ownServer();
  const database = await freshDatabase("ferplus");
  // Interrupted: stop the training children and drop the database before exiting.
  onShutdownSignal(() => {
    children.forEach((child) => child.kill("SIGTERM"));
    void database
      .close()
      .catch(() => undefined)
      .then(() => own.stop())
      .finally(() => process.exit(130));
  });
  try {
    for (const folder of ["FER2013Train", "FER2013Valid"]) {
      const summary = await importFerplusFolder({
        projectName: "bench-ferplus",
        dir: path.join(root, folder),
      });
      log(`imported ${folder}: ${summary.images} images, ${summary.votes} votes`);
    }
    const project = await findProjectByName("bench-ferplus");
    if (!project) throw new Error("import created no project");
    const rows: ParadigmRow[] = [];
    let backend = "";
    let trainImages = 0;
    let validImages = 0;
    const queue = [...paradigms];
    const runNext = async (): Promise<void> => {
      const paradigm = queue.shift();
      if (!paradigm) return;
      const row = await runParadigm(project.id, settingsBy.get(paradigm)!);
      ({ backend, trainImages, validImages } = row);
      rows.push(row);
      rows.sort(
        (a, b) => paradigms.indexOf(a.paradigm as Paradigm) - paradigms.indexOf(b.paradigm as Paradigm),
      );
      const context = {
        date: new Date().toISOString(),
        machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, load average ${os.loadavg()[0]?.toFixed(1)}`,
        backend,
        settings: base,
        trainImages,
        validImages,
        jobs,
      };
      await mkdir("bench/results", { recursive: true });
      const out = path.join("bench", "results", path.basename(flags.out));
      await writeFile(`${out}.json`, JSON.stringify({ ...context, rows }, null, 2) + "\n");
      await writeFile(`${out}.md`, renderFerplusTable(context, rows));
      log(`${paradigm}: valid accuracy ${(row.valid.accuracy * 100).toFixed(2)}% (epoch ${row.bestEpoch})`);
      return runNext();
    };
    await Promise.all(Array.from({ length: Math.min(jobs, paradigms.length) }, runNext));
  } finally {
    await disconnectDb();
    await database.close();
    await own.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
