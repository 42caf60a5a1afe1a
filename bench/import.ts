// `npm run bench:import`: import all of FER2013Train into a fresh database; images/s and total
// seconds -> bench/results/import.json.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { disconnectDb } from "../lib/db";
import { importFerplusFolder } from "../lib/import/ferplus";
import { freshDatabase } from "./fresh-database";

async function main() {
  const root = process.env.FERPLUS_DIR ?? path.resolve("..", "shared", "datasets", "ferplus");
  const dir = path.join(root, "FER2013Train");
  const database = await freshDatabase("import");
  try {
    let lastPrinted = 0;
    const summary = await importFerplusFolder({
      projectName: "bench-import",
      dir,
      onProgress: ({ done, total }) => {
        if (Date.now() - lastPrinted > 1000 || done === total) {
          lastPrinted = Date.now();
          process.stderr.write(`import: ${done}/${total}\n`);
        }
      },
    });
    const result = {
      benchmark: "import FER2013Train (FERPlus layout) into a fresh database",
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      },
      database: database.server,
      images: summary.images,
      votes: summary.votes,
      skipped: summary.skipped.length,
      seconds: Number(summary.seconds.toFixed(2)),
      imagesPerSecond: Math.round(summary.images / summary.seconds),
      votesPerSecond: Math.round(summary.votes / summary.seconds),
    };
    await mkdir("bench/results", { recursive: true });
    await writeFile("bench/results/import.json", JSON.stringify(result, null, 2) + "\n");
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await disconnectDb();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
