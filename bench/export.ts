// `npm run bench:export`: import all of FER2013Train into a fresh database, then export it as CSV and
// as JSONL (and, for memory, as Parquet and a FERPlus zip with every image), each in its own process
// so peak RSS is its own; beside `psql \copy` of the same query as the ceiling.
// -> bench/results/export.json
import { spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { disconnectDb } from "../lib/db";
import { startEmbeddedPostgres } from "../lib/database/embedded";
import { withDatabase } from "../lib/database/setup";
import { exportToDisk } from "../lib/export/destination";
import type { ExportFormat } from "../lib/export/options";
import { imageQuerySql } from "../lib/export/sql";
import { importFerplusFolder } from "../lib/import/ferplus";
import { FERPLUS_LABELS } from "../lib/projects/labels";
import { freshDatabase } from "./fresh-database";

const MB = 1e6;
/** Each export runs under this V8 heap limit: finishing at all shows that it does not hold the dataset. */
const HEAP_LIMIT_MB = 128;

/**
 * Child mode: one export, timed inside the process; prints seconds, bytes and memory. A first export
 * that selects no image loads every module and opens the connections, so that the RSS increase
 * after it is the export's own working memory.
 */
async function child(projectId: number, format: ExportFormat, out: string, kind: "file" | "zip") {
  await exportToDisk({ projectId, format, out, kind, filters: { minVotes: 1_000_000 } });
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const result = await exportToDisk({ projectId, format, out, kind });
  const seconds = (performance.now() - started) / 1000;
  await disconnectDb();
  const bytes = (await stat(out)).size;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const rssBeforeMB = rssBefore / 2 ** 20;
  console.log(
    JSON.stringify({
      seconds,
      bytes,
      images: result.summary.images,
      rssBeforeMB,
      peakRssMB,
      exportRssMB: peakRssMB - rssBeforeMB,
    }),
  );
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { env, encoding: "utf8", maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

/** `psql \copy (query) TO file` under /usr/bin/time: elapsed seconds, bytes, peak RSS of psql. */
function psqlCopy(url: string, query: string, out: string) {
  const timed = spawnSync(
    "/usr/bin/time",
    ["-f", "%e %M", "psql", url, "-qc", `\\copy (${query}) TO '${out}' WITH (FORMAT csv)`],
    {
      encoding: "utf8",
    },
  );
  if (timed.status !== 0) throw new Error(`psql failed: ${timed.stderr}`);
  const [elapsed, rssKB] = timed.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { seconds: elapsed!, peakRssMB: rssKB! / 1024 };
}

async function main() {
  const root = process.env.FERPLUS_DIR ?? path.resolve("..", "shared", "datasets", "ferplus");
  const tmp = await mkdtemp(path.join(os.tmpdir(), "chorus-bench-export-"));
  // The embedded server runs as another user, who must reach its data folder.
  await chmod(tmp, 0o755);
  // Its own embedded server (not the import benchmark's port), unless DATABASE_URL names one.
  const server = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(tmp, "pgdata"),
        port: Number(process.env.BENCH_PG_PORT ?? 54373),
      });
  if (server) process.env.DATABASE_URL = withDatabase(server.adminUrl, "postgres");
  const database = await freshDatabase("export");
  const loadAverageAtStart = os.loadavg().map((l) => Number(l.toFixed(1)));
  try {
    const imported = await importFerplusFolder({
      projectName: "bench-export",
      dir: path.join(root, "FER2013Train"),
    });
    process.stderr.write(
      `imported ${imported.images} images, ${imported.votes} votes in ${imported.seconds.toFixed(1)} s\n`,
    );
    const projectId = imported.projectId;
    const env = { ...process.env, DATABASE_URL: database.url };
    const exportOnce = (format: ExportFormat, kind: "file" | "zip") => {
      const out = path.join(tmp, `export.${kind === "zip" ? `${format}.zip` : format}`);
      const line = run(
        process.execPath,
        [
          `--max-old-space-size=${HEAP_LIMIT_MB}`,
          "--import",
          "tsx",
          "bench/export.ts",
          "--child",
          String(projectId),
          format,
          out,
          kind,
        ],
        env,
      );
      const measured = JSON.parse(line.trim().split("\n").pop()!) as {
        seconds: number;
        bytes: number;
        images: number;
        rssBeforeMB: number;
        peakRssMB: number;
      };
      process.stderr.write(
        `${format} (${kind}): ${measured.seconds.toFixed(2)} s, ${(measured.bytes / MB).toFixed(1)} MB\n`,
      );
      return {
        format,
        kind,
        ...measured,
        mbPerSecond: measured.bytes / MB / measured.seconds,
        imagesPerSecond: measured.images / measured.seconds,
      };
    };
    const ceiling = async (format: "csv" | "jsonl") => {
      const { text } = imageQuerySql({
        projectId,
        labels: FERPLUS_LABELS,
        filters: {},
        include: { votes: format === "jsonl" },
      });
      const out = path.join(tmp, `copy.${format}.csv`);
      const timed = psqlCopy(database.url, text.replace(/\$1\b/g, String(projectId)), out);
      const bytes = (await stat(out)).size;
      return { ...timed, bytes, mbPerSecond: bytes / MB / timed.seconds };
    };
    const results = [];
    for (const format of ["csv", "jsonl"] as const) {
      const chorus = exportOnce(format, "file");
      const copy = await ceiling(format);
      results.push({
        format,
        chorus,
        psqlCopy: copy,
        // Same rows: how much of COPY's speed the streamed export keeps (1 = as fast as COPY).
        speedRatio: copy.seconds / chorus.seconds,
        mbPerSecondRatio: chorus.mbPerSecond / copy.mbPerSecond,
      });
    }
    const withImages = [exportOnce("parquet", "file"), exportOnce("ferplus", "zip")];
    const result = {
      benchmark:
        "export FER2013Train (28,558 faces) as CSV and JSONL vs psql \\copy of the same query; Parquet and FERPlus zip with images for memory",
      date: new Date().toISOString(),
      heapLimitMB: HEAP_LIMIT_MB,
      loadAverageAtStart,
      // The machine is shared: its load average says how much the timings can be trusted.
      loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(1))),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      },
      database: server ? "embedded" : "DATABASE_URL",
      images: imported.images,
      votes: imported.votes,
      importSeconds: Number(imported.seconds.toFixed(1)),
      results,
      withImages,
    };
    await mkdir("bench/results", { recursive: true });
    await writeFile("bench/results/export.json", JSON.stringify(result, null, 2) + "\n");
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await disconnectDb();
    await database.close();
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

const [flag, projectId, format, out, kind] = process.argv.slice(2);
(flag === "--child"
  ? child(Number(projectId), format as ExportFormat, out!, kind as "file" | "zip")
  : main()
).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
