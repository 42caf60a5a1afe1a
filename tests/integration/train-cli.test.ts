// `chorus train` with the learning flags on the real database: --threads splits batches over worker
// threads, --minutes fits the run to a budget and reports the epochs it managed, --warm-start starts
// from the last published model; bad values are refused naming the flag, before any run is opened.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createVotedProject } from "../helpers/voted-project";

const exec = promisify(execFile);

async function chorusTrain(...args: string[]) {
  return exec("npx", ["tsx", "bin/chorus.ts", "train", "--project", "cli-learning", ...args], {
    env: { ...process.env },
    cwd: path.resolve(import.meta.dirname, "../.."),
  });
}

type Output = {
  modelId: number;
  threads: number;
  steps: number;
  epochs: number;
  warmStartFrom: number | null;
};
const lastLine = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!) as Output;
const common = [
  "--paradigm",
  "soft",
  "--model-size",
  "tiny",
  "--batch-size",
  "4",
  "--skip-predictions",
  "--json",
];

let projectId: number;
beforeAll(async () => {
  projectId = (await createVotedProject({ name: "cli-learning", perSplit: 8, realImages: true })).project.id;
});

describe("chorus train learning flags", () => {
  it("--threads 2 --epochs 1, then --warm-start --minutes: threads, steps and epochs reported", async () => {
    const first = lastLine((await chorusTrain(...common, "--epochs", "1", "--threads", "2")).stdout);
    expect(first).toMatchObject({ threads: 2, steps: 2, epochs: 1, warmStartFrom: null });
    const { stdout, stderr } = await chorusTrain(
      ...common,
      "--minutes",
      "0.1",
      "--threads",
      "1",
      "--warm-start",
    );
    const second = lastLine(stdout);
    expect(second).toMatchObject({ threads: 1, warmStartFrom: first.modelId });
    expect(second.steps).toBeGreaterThan(8);
    expect(second.epochs).toBeCloseTo(second.steps / 2, 3);
    expect(stderr).toMatch(/budget: .* -> \d+ steps/);
    const stored = await db.modelVersion.findUniqueOrThrow({ where: { id: second.modelId } });
    expect(stored.settings).toMatchObject({ minutes: 0.1, threads: 1 });
  }, 180_000);

  it.each([
    ["--threads", "0", /--threads/],
    ["--minutes", "abc", /--minutes must be a number/],
    ["--dropout", "1", /--dropout/],
    ["--settings", "{batchNorm", /--settings must be a JSON object/],
    ["--settings", '{"labelSmoothing":0.9}', /--label-smoothing/],
  ])(
    "%s %s is refused naming the flag and opens no run",
    async (flag, value, message) => {
      const before = await db.modelVersion.count({ where: { projectId } });
      const failed = await chorusTrain(...common, flag, value).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed).toMatchObject({ code: expect.any(Number) });
      expect((failed as { stderr: string }).stderr).toMatch(message);
      expect(await db.modelVersion.count({ where: { projectId } })).toBe(before);
    },
    60_000,
  );
});
