// `chorus stats --json` on a small imported FERPlus-layout project, and the cached refresh.
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entropy, krippendorffAlpha } from "@/lib/ambiguity";
import { refreshProjectStats } from "@/lib/analytics/refresh";
import { readStat } from "@/lib/analytics/stats-cache";
import type { ReliabilityStats } from "@/lib/analytics/refresh";
import { importFerplusFolder } from "@/lib/import/ferplus";
import { statsJob } from "@/workers/jobs/stats";

const run = promisify(execFile);

// Wikipedia's Fleiss' kappa example (14 votes x 10 images, kappa 0.20993070442195522) on the first
// five FER+ labels, split 6 train / 4 valid, plus one valid image voted only unknown / not_a_face.
// prettier-ignore
const WIKIPEDIA = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
].map((row) => [...row, 0, 0, 0, 0, 0]);
const NON_EMOTION = [0, 0, 0, 0, 0, 0, 0, 0, 3, 1];

let root: string;
let projectId: number;

async function writeFolder(dir: string, rows: number[][], offset: number) {
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (const [i, counts] of rows.entries()) {
    const name = `fer${String(offset + i).padStart(7, "0")}.png`;
    const pixels = Buffer.alloc(48 * 48, (offset + i) * 20);
    await sharp(pixels, { raw: { width: 48, height: 48, channels: 1 } })
      .png()
      .toFile(path.join(dir, name));
    lines.push(`${name},"(0, 0, 48, 48)",${counts.join(",")}`);
  }
  await writeFile(path.join(dir, "label.csv"), lines.join("\n") + "\n");
}

async function stats(...args: string[]) {
  const { stdout } = await run("npx", ["tsx", "bin/chorus.ts", "stats", "--project", "wiki", ...args], {
    env: { ...process.env },
    cwd: path.resolve(import.meta.dirname, "../.."),
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "chorus-stats-"));
  await writeFolder(path.join(root, "FER2013Train"), WIKIPEDIA.slice(0, 6), 0);
  await writeFolder(path.join(root, "FER2013Valid"), [...WIKIPEDIA.slice(6), NON_EMOTION], 6);
  projectId = (await importFerplusFolder({ projectName: "wiki", dir: path.join(root, "FER2013Train") }))
    .projectId;
  await importFerplusFolder({ projectName: "wiki", dir: path.join(root, "FER2013Valid") });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("chorus stats --json", () => {
  it("prints one JSON object with the contract's keys", async () => {
    const all = await stats("--json");
    expect(all).toMatchObject({ images: 11, votes: 144, fleissVotesPerImage: 14, fleissImages: 10 });
    // Fleiss over the 10 images with the modal count (14): Wikipedia's 0.20993070442195522.
    expect(all.fleissKappa as number).toBeCloseTo(0.20993070442195522, 12);
    // Alpha and mean entropy over every image, by the (reference-tested) pure functions.
    const rows = [...WIKIPEDIA, NON_EMOTION];
    expect(all.krippendorffAlpha as number).toBeCloseTo(krippendorffAlpha(rows), 12);
    expect(all.meanEntropy as number).toBeCloseTo(
      rows.map(entropy).reduce((a, b) => a + b) / rows.length,
      12,
    );
    expect(Object.keys(all.perClassAgreement as object)).toHaveLength(10);
  }, 120_000);

  it("filters by split and drops unknown / not_a_face with --emotions-only", async () => {
    const valid = await stats("--json", "--split", "valid");
    expect(valid).toMatchObject({ images: 5, votes: 60, split: "valid" });
    const emotions = await stats("--json", "--emotions-only");
    expect(emotions).toMatchObject({ images: 11, votes: 140, emotionsOnly: true });
    expect(emotions.labels).toHaveLength(8);
    expect(emotions.krippendorffAlpha as number).toBeCloseTo(krippendorffAlpha(WIKIPEDIA), 12);
    expect(emotions.meanEntropy as number).toBeCloseTo(
      WIKIPEDIA.map(entropy).reduce((a, b) => a + b) / 10,
      12,
    );
  }, 120_000);

  it("refuses a bad --split, naming the option", async () => {
    const failure = await stats("--json", "--split", "holdout").catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/--split must be one of train, valid, test/);
  }, 120_000);
});

describe("refreshProjectStats", () => {
  it("caches bootstrap intervals stamped with the vote count, repeatably for a seed", async () => {
    await refreshProjectStats(projectId, { resamples: 200, seed: 5 });
    const first = await readStat<ReliabilityStats>(projectId, "reliability");
    expect(first?.voteCount).toBe(144);
    expect(first?.data.all.kappa.estimate).toBeCloseTo(0.20993070442195522, 12);
    expect(first!.data.all.alpha.low).toBeLessThan(first!.data.all.alpha.estimate);
    // The job runs the same refresh (default 1000 resamples); running twice is harmless.
    await statsJob.handle(
      { projectId },
      { id: "test", signal: new AbortController().signal, log: () => undefined },
    );
    await refreshProjectStats(projectId, { resamples: 200, seed: 5 });
    const again = await readStat<ReliabilityStats>(projectId, "reliability");
    expect(again?.data).toEqual(first?.data);
  }, 120_000);
});
