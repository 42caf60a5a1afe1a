// `npm run bench:ferplus [-- --epochs N --limit N --model-size S --batch-size N --seed N --paradigms a,b]`:
// imports FER2013Train and FER2013Valid into a fresh database, trains each paradigm with the same
// model, data and budget on Train, selects the epoch on Valid (FERPlus protocol) and writes
// bench/results/ferplus.md (+ .json). The FER2013Test split is never used (it is not even on disk here).
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/database/embedded";
import { disconnectDb } from "../lib/db";
import { importFerplusFolder } from "../lib/import/ferplus";
import { findProjectByName } from "../lib/projects/projects";
import { initBackend, loadLabeledSet, PARADIGMS, train, trainSettingsSchema, type Paradigm } from "../lib/model";
import { freshDatabase } from "./fresh-database";
import { renderFerplusTable, type ParadigmRow } from "./ferplus-table";

const { values: flags } = parseArgs({
  options: {
    epochs: { type: "string", default: "3" },
    limit: { type: "string", default: "10000" },
    "model-size": { type: "string", default: "small" },
    "batch-size": { type: "string", default: "64" },
    "learning-rate": { type: "string", default: "0.001" },
    seed: { type: "string", default: "1" },
    paradigms: { type: "string", default: PARADIGMS.join(",") },
    "pg-port": { type: "string", default: "54371" },
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
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pgdata"), port: Number(flags["pg-port"]) });
  process.env.DATABASE_URL = server.adminUrl;
  return {
    server,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function main() {
  const root = process.env.FERPLUS_DIR ?? path.resolve("..", "shared", "datasets", "ferplus");
  const base = trainSettingsSchema.parse({
    epochs: Number(flags.epochs),
    limit: Number(flags.limit) > 0 ? Number(flags.limit) : undefined,
    modelSize: flags["model-size"],
    batchSize: Number(flags["batch-size"]),
    learningRate: Number(flags["learning-rate"]),
    seed: Number(flags.seed),
  });
  const paradigms = flags.paradigms.split(",").map((name) => name.trim()) as Paradigm[];
  const own = await ownServer();
  const database = await freshDatabase("ferplus");
  try {
    for (const folder of ["FER2013Train", "FER2013Valid"]) {
      const summary = await importFerplusFolder({ projectName: "bench-ferplus", dir: path.join(root, folder) });
      log(`imported ${folder}: ${summary.images} images, ${summary.votes} votes`);
    }
    const project = await findProjectByName("bench-ferplus");
    if (!project) throw new Error("import created no project");
    const loadStart = Date.now();
    const trainSet = await loadLabeledSet(project.id, "train", { limit: base.limit, seed: base.seed });
    const validSet = await loadLabeledSet(project.id, "valid");
    log(`loaded ${trainSet.set.imageIds.length} train + ${validSet.set.imageIds.length} valid images in ${((Date.now() - loadStart) / 1000).toFixed(1)} s`);
    const backend = await initBackend({ log });
    const rows: ParadigmRow[] = [];
    for (const paradigm of paradigms) {
      const wallStart = Date.now();
      const cpuStart = cpuSeconds();
      const result = await train(
        { train: trainSet.set, valid: validSet.set, classes: trainSet.classes },
        { ...base, paradigm },
        { log },
      );
      rows.push({
        paradigm,
        valid: result.best.valid,
        bestEpoch: result.best.epoch,
        minutes: (Date.now() - wallStart) / 60000,
        cpuMinutes: (cpuSeconds() - cpuStart) / 60,
        epochs: result.epochs.map((epoch) => ({
          epoch: epoch.epoch,
          trainLoss: epoch.trainLoss,
          accuracy: epoch.valid.accuracy,
          klToCrowd: epoch.valid.klToCrowd,
          ece: epoch.valid.ece,
          imagesPerSecond: epoch.imagesPerSecond,
        })),
      });
      result.model.dispose();
      const context = {
        date: new Date().toISOString(),
        machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, load average ${os.loadavg()[0]?.toFixed(1)}`,
        backend,
        settings: base,
        trainImages: trainSet.set.imageIds.length,
        validImages: validSet.set.imageIds.length,
      };
      await mkdir("bench/results", { recursive: true });
      await writeFile("bench/results/ferplus.json", JSON.stringify({ ...context, rows }, null, 2) + "\n");
      await writeFile("bench/results/ferplus.md", renderFerplusTable(context, rows));
      log(`${paradigm}: valid accuracy ${(result.best.valid.accuracy * 100).toFixed(2)}% (epoch ${result.best.epoch})`);
    }
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
