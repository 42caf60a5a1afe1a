// npm run bench:dashboard [-- --requests 20]
// Server time of each researcher dashboard page at FER+ scale: imports all of FER2013Train and
// FER2013Valid (~32k faces, ~321k votes) into a fresh database, adds a stand-in model with seeded
// synthetic predictions for every image (so the model panels render), then measures
//   1. the data loaders in-process (cold = first view after the import, warm = cached),
//   2. each page through the production build (next build && next start): full response time of
//      GET requests on 127.0.0.1 (median and p95 over --requests after one warm-up request).
// Writes bench/results/dashboard.json. Needs FERPLUS_DIR or ../shared/datasets/ferplus.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { seededRng } from "../lib/random";
import { loadAnnotatorTable } from "../lib/analytics/annotator-table";
import { loadGallery } from "../lib/analytics/gallery";
import { loadImageDetail } from "../lib/analytics/image-detail";
import { loadOverview } from "../lib/analytics/overview";
import { computeProjectSummary } from "../lib/analytics/project-summary";
import { refreshProjectStats } from "../lib/analytics/refresh";
import { createApiToken } from "../lib/auth/api-tokens";
import { db, disconnectDb } from "../lib/db";
import { importFerplusFolder } from "../lib/import/ferplus";
import { stopBoss } from "../lib/jobs/queue";
import { startAppServer } from "../tests/helpers/app-server";
import { freshDatabase } from "./fresh-database";

const { values } = parseArgs({ options: { requests: { type: "string", default: "20" } } });
const REQUESTS = Number(values.requests);
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (ms: number) => Math.round(ms * 10) / 10;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, round(performance.now() - started)];
}

/** A published stand-in model with a seeded random distribution per image (the bench measures pages, not models). */
async function standInPredictions(projectId: number, labels: number): Promise<number> {
  const model = await db.modelVersion.create({
    data: {
      projectId,
      paradigm: "bench-stand-in",
      settings: {},
      status: "published",
      voteCount: 0,
      publishedAt: new Date(),
    },
  });
  const images = await db.image.findMany({
    where: { projectId },
    select: { id: true, counts: true },
    orderBy: { id: "asc" },
  });
  const random = seededRng(2026);
  for (let start = 0; start < images.length; start += 2000) {
    const data = images.slice(start, start + 2000).map((image) => {
      // Crowd distribution blurred with noise: a plausible, imperfect model.
      const total = image.counts.reduce((a, b) => a + b, 0) || 1;
      const raw = image.counts.map((count) => count / total + 0.3 * random() ** 3);
      const sum = raw.reduce((a, b) => a + b, 0);
      return { modelId: model.id, imageId: image.id, distribution: raw.map((p) => p / sum).slice(0, labels) };
    });
    await db.prediction.createMany({ data });
  }
  return model.id;
}

async function main() {
  const root = [process.env.FERPLUS_DIR, path.resolve("..", "shared", "datasets", "ferplus")].find(
    (dir) => dir && existsSync(path.join(dir, "FER2013Train", "label.csv")),
  );
  if (!root)
    throw new Error(
      "FER+ data not found: set FERPLUS_DIR to the folder holding FER2013Train/ and FER2013Valid/",
    );
  const database = await freshDatabase("dashboard");
  try {
    const result: Record<string, unknown> = {
      date: new Date().toISOString(),
      host: { cpus: os.cpus().length, load: os.loadavg() },
    };
    const imports = [];
    for (const split of ["FER2013Train", "FER2013Valid"]) {
      const [summary, ms] = await timed(() =>
        importFerplusFolder({ projectName: "ferplus", dir: path.join(root, split) }),
      );
      imports.push({ split, images: summary.images, votes: summary.votes, ms });
      log(`imported ${split}: ${summary.images} images, ${summary.votes} votes in ${ms} ms`);
    }
    const project = await db.project.findUniqueOrThrow({ where: { name: "ferplus" } });
    const modelId = await standInPredictions(project.id, project.labels.length);
    const totals = await db.image.aggregate({
      where: { projectId: project.id },
      _count: { _all: true },
      _sum: { voteCount: true },
    });
    result.scale = {
      images: totals._count._all,
      votes: totals._sum.voteCount,
      imports,
      standInModel: modelId,
    };

    const loaders: Record<string, number> = {};
    [, loaders.cliSummary] = await timed(() => computeProjectSummary(project.id));
    [, loaders.overviewCold] = await timed(() => loadOverview(project.id));
    const [refresh, refreshMs] = await timed(() => refreshProjectStats(project.id, { log }));
    loaders.statsJobRefresh = refreshMs;
    [, loaders.overviewWarm] = await timed(() => loadOverview(project.id));
    [, loaders.galleryFirstPage] = await timed(() => loadGallery(project.id, {}));
    [, loaders.galleryLabelFilter] = await timed(() => loadGallery(project.id, { label: 6, split: "train" }));
    [, loaders.galleryDivergenceSort] = await timed(() => loadGallery(project.id, { sort: "divergence" }));
    [, loaders.annotators] = await timed(() => loadAnnotatorTable(project.id));
    const someImage = await db.image.findFirstOrThrow({
      where: { projectId: project.id },
      orderBy: { entropy: "desc" },
    });
    [, loaders.imageDetail] = await timed(() => loadImageDetail(someImage.id));
    result.loadersMs = loaders;
    result.refresh = refresh;
    log(`loaders (ms): ${JSON.stringify(loaders)}`);
    await stopBoss();

    const researcher = await db.user.create({
      data: {
        id: "bench-researcher",
        name: "Bench",
        email: "bench-dashboard@chorus.local",
        role: "researcher",
        projects: { connect: { id: project.id } },
      },
    });
    const { token } = await createApiToken(researcher.id, "bench");
    const app = await startAppServer({ databaseUrl: database.url });
    try {
      const pages: Record<string, string> = {
        overview: `/projects/${project.id}`,
        gallery: `/projects/${project.id}/gallery`,
        galleryFiltered: `/projects/${project.id}/gallery?split=train&label=6&minEntropy=0.5&page=2`,
        annotators: `/projects/${project.id}/annotators`,
        image: `/images/${someImage.id}`,
      };
      const http: Record<string, { minMs: number; medianMs: number; p95Ms: number; bytes: number }> = {};
      for (const [name, pagePath] of Object.entries(pages)) {
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i <= REQUESTS; i++) {
          const started = performance.now();
          const response = await fetch(`${app.url}${pagePath}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const body = await response.text();
          if (response.status !== 200) throw new Error(`${pagePath}: HTTP ${response.status}`);
          if (i > 0) times.push(performance.now() - started);
          bytes = body.length;
        }
        times.sort((a, b) => a - b);
        http[name] = {
          minMs: round(times[0] ?? NaN),
          medianMs: round(percentile(times, 0.5)),
          p95Ms: round(percentile(times, 0.95)),
          bytes,
        };
        log(`${name}: ${JSON.stringify(http[name])}`);
      }
      result.http = { requests: REQUESTS, pages: http };
    } finally {
      await app.stop();
    }
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/dashboard.json", JSON.stringify(result, null, 2) + "\n");
    log("wrote bench/results/dashboard.json");
  } finally {
    await disconnectDb();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
