// The policy simulation on a tiny synthetic project built with direct inserts: loads counts and the
// published model's predictions, and repeats exactly with the same seed.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { loadReplayData, replaySettledSavings, runPolicy } from "../../lib/tasks/simulation/project-replay";

const PATTERNS = [
  [4, 0, 0],
  [2, 2, 0],
  [1, 1, 2],
  [3, 1, 0],
];

beforeAll(async () => {
  const project = await createProject({ name: "replay", labels: ["a", "b", "c"], targetVotes: 4 });
  await db.imageBlob.create({
    data: { sha256: "r".repeat(64), data: Buffer.from([1]), width: 1, height: 1, format: "png", byteSize: 1 },
  });
  for (let i = 0; i < 12; i++) {
    const image = await db.image.create({
      data: { projectId: project.id, sha256: "r".repeat(64), externalName: `r${i}.png`, counts: [0, 0, 0] },
    });
    const labels = PATTERNS[i % 4]!.flatMap((count, label) => Array.from({ length: count }, () => label));
    await db.vote.createMany({
      data: labels.map((label, v) => ({
        projectId: project.id,
        imageId: image.id,
        label,
        source: "import" as const,
        externalAnnotatorId: `x${v}`,
      })),
    });
  }
  // One unvoted image: not part of the replay.
  await db.image.create({
    data: { projectId: project.id, sha256: "r".repeat(64), externalName: "empty.png", counts: [0, 0, 0] },
  });
});

describe("policy replay on a synthetic project", () => {
  it("loads the voted images and uses the label prior without a model", async () => {
    const data = await loadReplayData("replay");
    expect(data.images).toHaveLength(12);
    expect(data.images[1]!.counts).toEqual([2, 2, 0]);
    expect(data.modelId).toBeNull();
    // Label totals 30/12/6 over 48 votes, add-one smoothed: (31, 13, 7) / 51.
    expect(data.policy.labelPrior[0]).toBeCloseTo(31 / 51, 12);
  });

  it("repeats a run exactly with the same seed", async () => {
    const data = await loadReplayData("replay");
    for (const policy of ["fixed", "settled", "active"] as const) {
      const first = runPolicy(data, policy, 20, 9);
      expect(runPolicy(await loadReplayData("replay"), policy, 20, 9)).toEqual(first);
      expect(first.spent).toBeLessThanOrEqual(20);
    }
    expect(replaySettledSavings(data, 9)).toEqual(replaySettledSavings(data, 9));
  });

  it("picks up the latest published model's predictions for the active policy", async () => {
    const project = (await db.project.findUnique({ where: { name: "replay" } }))!;
    const model = await db.modelVersion.create({
      data: {
        projectId: project.id,
        paradigm: "test",
        settings: {},
        voteCount: 48,
        status: "published",
        publishedAt: new Date(),
      },
    });
    const images = await db.image.findMany({
      where: { projectId: project.id, voteCount: { gt: 0 } },
      orderBy: { id: "asc" },
    });
    await db.prediction.createMany({
      data: images.map((image) => ({ modelId: model.id, imageId: image.id, distribution: [0.2, 0.3, 0.5] })),
    });
    const data = await loadReplayData("replay");
    expect(data.modelId).toBe(model.id);
    expect(data.images[0]!.prediction).toEqual([0.2, 0.3, 0.5]);
  });

  it("names the project when it does not exist", async () => {
    await expect(loadReplayData("missing")).rejects.toThrow(/no project named "missing"/);
  });
});

describe("chorus simulate", () => {
  async function run(args: string[]): Promise<string> {
    const { default: command } = await import("../../bin/commands/simulate");
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      await command.run(args);
    } finally {
      log.mockRestore();
    }
    return lines.join("\n");
  }

  it("prints the same JSON for the same seed", async () => {
    const args = ["--project", "replay", "--policy", "all", "--budget", "30", "--seed", "5", "--json"];
    const first = JSON.parse(await run(args)) as {
      runs: { policy: string; spent: number }[];
      settledSavings: unknown;
    };
    expect(first.runs.map((r) => r.policy)).toEqual(["fixed", "settled", "active"]);
    expect(first.settledSavings).not.toBeNull();
    expect(await run(args)).toEqual(JSON.stringify(first));
  });

  it("names the option in usage errors", async () => {
    await expect(run(["--project", "replay", "--policy", "all", "--budget", "-3"])).rejects.toThrow(
      /--budget/,
    );
    await expect(run(["--project", "replay", "--policy", "best", "--budget", "3"])).rejects.toThrow(
      /--policy/,
    );
    await expect(run(["--policy", "all", "--budget", "3"])).rejects.toThrow(/--project/);
  });
});
