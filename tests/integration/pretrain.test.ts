// Pretraining end to end on the real database: `chorus pretrain` publishes an encoder (faces outside the
// test split only, loss curve, picture), `chorus train --init pretrained` fine-tunes from it and records the
// use, `auto` picks it only for its model size and input scaling, the `pretrain` job reads the test split's pixels only on
// opt-in, and bad input is refused naming the flag before anything is opened.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pretrainPayloadSchema } from "@/lib/model-store/pretrain-schedule";
import { runTraining } from "@/lib/model-store/training-run";
import { pretrainJob } from "@/workers/jobs/pretrain";
import { createVotedProject } from "../helpers/voted-project";

const exec = promisify(execFile);
const NAME = "cli-pretrain";

function chorus(command: string, ...args: string[]) {
  return exec("npx", ["tsx", "bin/chorus.ts", command, "--project", NAME, ...args], {
    env: { ...process.env },
    cwd: path.resolve(import.meta.dirname, "../.."),
  });
}
const lastLine = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
const train = [
  "--paradigm",
  "soft",
  "--epochs",
  "1",
  "--batch-size",
  "4",
  "--threads",
  "1",
  "--skip-predictions",
  "--json",
];
const failure = (error: unknown) => error as { code: number; stderr: string };

let projectId: number;
beforeAll(async () => {
  projectId = (await createVotedProject({ name: NAME, perSplit: 8, unvoted: 6, realImages: true })).project
    .id;
});

describe("pretraining", () => {
  it("--init pretrained without an encoder fails with the reason and the fix", async () => {
    const failed = failure(
      await chorus("train", ...train, "--model-size", "tiny", "--init", "pretrained").catch(
        (e: unknown) => e,
      ),
    );
    expect(failed.code).toBeGreaterThan(0);
    expect(failed.stderr).toMatch(/no pretrained encoder for model size tiny.*Run pretraining first/s);
  }, 120_000);

  it("chorus pretrain publishes an encoder of the non-test faces; train --init pretrained fine-tunes from it", async () => {
    const { stdout } = await chorus(
      "pretrain",
      "--epochs",
      "1",
      "--batch-size",
      "8",
      "--model-size",
      "tiny",
      "--json",
    );
    const result = lastLine(stdout);
    const encoder = await db.encoderVersion.findUniqueOrThrow({ where: { id: result.encoderId as number } });
    // Unvoted images were placed into splits first, so the count is settled when pretraining reads it.
    const nonTest = await db.image.count({ where: { projectId, split: { not: "test" } } });
    expect(await db.image.count({ where: { projectId, split: null } })).toBe(0);
    expect(encoder).toMatchObject({ status: "published", faceCount: nonTest, projectId });
    expect(result).toMatchObject({ faces: nonTest, steps: Math.ceil(nonTest / 8), epochsDone: 1 });
    expect(encoder.settings).toMatchObject({ modelSize: "tiny", maskRatio: 0.6, includeTest: false });
    expect((encoder.lossCurve as unknown[]).length).toBeGreaterThan(0);
    expect(Buffer.from(encoder.samplesPng!).subarray(1, 4).toString()).toBe("PNG");
    expect(encoder.weights!.byteLength).toBeGreaterThan(1000);

    // PLL: the encoder's features also set the first candidate weights (feature-prior.ts).
    const pll = train.map((arg) => (arg === "soft" ? "pll" : arg));
    const run = await chorus("train", ...pll, "--model-size", "tiny", "--init", "pretrained");
    expect(run.stderr).toMatch(new RegExp(`fine-tuning from pretrained encoder ${encoder.id}`));
    expect(run.stderr).toMatch(/pretrained-feature prior mixed into the initial weights at 0.5/);
    const tuned = lastLine(run.stdout);
    expect(tuned.encoderId).toBe(encoder.id);
    const model = await db.modelVersion.findUniqueOrThrow({ where: { id: tuned.modelId as number } });
    expect(model).toMatchObject({ status: "published", encoderId: encoder.id });

    // auto: the encoder fits tiny models only; a small model starts from scratch.
    const small = lastLine(
      (await chorus("train", ...train, "--model-size", "small", "--init", "auto")).stdout,
    );
    expect(small.encoderId).toBeNull();
    expect(await db.modelVersion.count({ where: { encoderId: encoder.id } })).toBe(1);

    // The encoder scales its input per image (the default, as a run's): a run with [-1, 1] scaling
    // never starts from it (architecture.ts): auto trains from scratch, pretrained refuses.
    expect(encoder.settings).toMatchObject({ inputNorm: "perImage" });
    const range = ["--model-size", "tiny", "--settings", '{"inputNorm":"range"}'];
    const rangeAuto = await chorus("train", ...train, ...range, "--init", "auto");
    expect(lastLine(rangeAuto.stdout).encoderId).toBeNull();
    expect(rangeAuto.stderr).toMatch(/no pretrained encoder for model size tiny, \[-1, 1\] input scaling/);
    const refused = failure(
      await chorus("train", ...train, ...range, "--init", "pretrained").catch((e: unknown) => e),
    );
    expect(refused.code).toBeGreaterThan(0);
    expect(refused.stderr).toMatch(
      /model size tiny, \[-1, 1\] input scaling.*same model size and input scaling/s,
    );
    expect(await db.modelVersion.count({ where: { encoderId: encoder.id } })).toBe(1);

    // An automatic retrain (warm start, init auto): the tiny model already descends from the newest
    // encoder, so it warm-starts from that model and inherits the encoder in its lineage. The newer tiny
    // model scales to [-1, 1], so it is passed over: a warm start needs the run's own architecture.
    const retrain = await runTraining({
      projectId,
      settings: { paradigm: "soft", epochs: 1, batchSize: 4, threads: 1, modelSize: "tiny" },
      warmStart: true,
      init: "auto",
    });
    expect(retrain).toMatchObject({ warmStartFrom: tuned.modelId, encoderId: encoder.id });
    expect(await db.modelVersion.count({ where: { encoderId: encoder.id } })).toBe(2);
  }, 300_000);

  it("the pretrain job reads the test split's faces only when asked to", async () => {
    const payload = pretrainPayloadSchema.parse({
      projectId,
      settings: { epochs: 1, batchSize: 16, modelSize: "tiny", includeTest: true },
    });
    const lines: string[] = [];
    const context = {
      id: "00000000-0000-0000-0000-0000000000aa",
      signal: new AbortController().signal,
      log: (l: string) => void lines.push(l),
    };
    const done = (await pretrainJob.handle(payload, context)) as { encoderId: number; reused: boolean };
    const encoder = await db.encoderVersion.findUniqueOrThrow({ where: { id: done.encoderId } });
    expect(encoder.faceCount).toBe(await db.image.count({ where: { projectId } }));
    expect(encoder.jobId).toBe(context.id);
    expect(lines.join("\n")).toMatch(/test split included/);
    // A retry of the same job after its publish reuses the encoder instead of pretraining again.
    expect(await pretrainJob.handle(payload, context)).toMatchObject({
      encoderId: done.encoderId,
      reused: true,
    });
  }, 120_000);

  it.each([
    ["--mask-ratio", "2", /--mask-ratio/],
    ["--minutes", "abc", /--minutes must be a number/],
    ["--model-size", "huge", /--model-size/],
    ["--input-norm", "zscore", /--input-norm/],
  ])(
    "%s %s is refused naming the flag and opens no encoder",
    async (flag, value, message) => {
      const before = await db.encoderVersion.count({ where: { projectId } });
      const failed = failure(await chorus("pretrain", flag, value).catch((e: unknown) => e));
      expect(failed.code).toBeGreaterThan(0);
      expect(failed.stderr).toMatch(message);
      expect(await db.encoderVersion.count({ where: { projectId } })).toBe(before);
    },
    60_000,
  );

  it("a bad payload is refused by the job's schema", () => {
    expect(pretrainPayloadSchema.safeParse({ projectId, settings: { maskRatio: 0 } }).success).toBe(false);
    expect(pretrainPayloadSchema.safeParse({ projectId: -1 }).success).toBe(false);
  });
});
