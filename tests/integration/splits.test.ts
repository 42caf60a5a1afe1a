// Splits that always exist (lib/splits): uploads without a split are placed by the content-hash
// rule, an upload may name one, images left unplaced are placed lazily, and a re-split needs an
// explicit confirmation and only the project's researchers may ask for it.
import { describe, expect, it } from "vitest";
import { POST as createProjectPost } from "../../app/api/projects/route";
import { POST as uploadRoute } from "../../app/api/projects/[id]/images/route";
import { PATCH as settingsPatch } from "../../app/api/projects/[id]/settings/route";
import { GET as splitsGet, POST as splitsPost } from "../../app/api/projects/[id]/splits/route";
import { db } from "../../lib/db";
import { assignSplit, DEFAULT_SPLIT_RATIOS } from "../../lib/splits/assign";
import { assignMissingSplits } from "../../lib/splits/store";
import { createProjectWithImages, syntheticFace } from "../helpers/annotation-fixtures";
import { createTestUser, type TestUser } from "../helpers/auth";

const context = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

function jsonRequest(url: string, method: string, user: TestUser, body: unknown) {
  const headers = new Headers(user.headers);
  headers.set("content-type", "application/json");
  return new Request(url, { method, headers, body: JSON.stringify(body) });
}

async function newProject(researcher: TestUser, name: string): Promise<number> {
  const response = await createProjectPost(
    jsonRequest("http://t/api/projects", "POST", researcher, { name, labels: ["yes", "no"] }),
    {},
  );
  return ((await response.json()) as { project: { id: number } }).project.id;
}

async function upload(researcher: TestUser, projectId: number, seeds: number[], split?: string) {
  const form = new FormData();
  for (const seed of seeds) {
    form.append("files", new File([new Uint8Array(await syntheticFace(seed))], `f${seed}.png`));
  }
  if (split !== undefined) form.append("split", split);
  const url = `http://t/api/projects/${projectId}/images`;
  return uploadRoute(
    new Request(url, { method: "POST", headers: researcher.headers, body: form }),
    context(projectId),
  );
}

describe("splits", () => {
  it("places uploads without a split by their content hash, and keeps a split the upload names", async () => {
    const researcher = await createTestUser("researcher");
    const projectId = await newProject(researcher, "auto-split");
    const auto = await upload(researcher, projectId, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(auto.status).toBe(200);
    await auto.text();
    const images = await db.image.findMany({ where: { projectId } });
    expect(images).toHaveLength(12);
    for (const image of images) {
      expect(image.split).toBe(assignSplit(image.sha256, { ratios: DEFAULT_SPLIT_RATIOS, seed: 0 }));
    }
    await (await upload(researcher, projectId, [101, 102], "test")).text();
    const named = await db.image.findMany({
      where: { projectId, externalName: { in: ["f101.png", "f102.png"] } },
    });
    expect(named.map((image) => image.split)).toEqual(["test", "test"]);
  });

  it("refuses an unknown split with a 400 naming the field, adding nothing", async () => {
    const researcher = await createTestUser("researcher");
    const projectId = await newProject(researcher, "bad-split");
    const response = await upload(researcher, projectId, [1], "training");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fields: { path: string }[] } };
    expect(body.error.fields[0]!.path).toBe("split");
    expect(await db.image.count({ where: { projectId } })).toBe(0);
  });

  it("places images that have no split yet, once", async () => {
    const { project } = await createProjectWithImages({ name: "lazy", labels: ["a", "b"], images: 20 });
    expect(await db.image.count({ where: { projectId: project.id, split: null } })).toBe(20);
    expect(await assignMissingSplits(project.id)).toBe(20);
    expect(await assignMissingSplits(project.id)).toBe(0);
    const images = await db.image.findMany({ where: { projectId: project.id } });
    for (const image of images) {
      expect(image.split).toBe(assignSplit(image.sha256, { ratios: DEFAULT_SPLIT_RATIOS, seed: 0 }));
    }
  });

  it("re-splits only with confirm: true, by the saved ratios, for the project's researchers only", async () => {
    const researcher = await createTestUser("researcher");
    const projectId = await newProject(researcher, "resplit");
    await (await upload(researcher, projectId, [1, 2, 3, 4, 5, 6, 7, 8], "train")).text();
    const url = `http://t/api/projects/${projectId}/splits`;

    const unconfirmed = await splitsPost(jsonRequest(url, "POST", researcher, {}), context(projectId));
    expect(unconfirmed.status).toBe(400);
    expect(JSON.stringify(await unconfirmed.json())).toMatch(/confirm.*evaluated on the old split/);
    expect(await db.image.count({ where: { projectId, split: "train" } })).toBe(8);

    const badRatios = await settingsPatch(
      jsonRequest(`http://t/api/projects/${projectId}/settings`, "PATCH", researcher, {
        splitRatios: { train: 50, valid: 10, test: 10 },
      }),
      context(projectId),
    );
    expect(badRatios.status).toBe(400);
    expect(JSON.stringify(await badRatios.json())).toContain("splitRatios");
    const ratios = { train: 50, valid: 25, test: 25 };
    const saved = await settingsPatch(
      jsonRequest(`http://t/api/projects/${projectId}/settings`, "PATCH", researcher, {
        splitRatios: ratios,
      }),
      context(projectId),
    );
    expect(saved.status).toBe(200);

    const outsider = await createTestUser("researcher");
    const refused = await splitsPost(
      jsonRequest(url, "POST", outsider, { confirm: true }),
      context(projectId),
    );
    expect(refused.status).toBeGreaterThanOrEqual(403);
    expect(await db.image.count({ where: { projectId, split: "train" } })).toBe(8);

    const done = await splitsPost(
      jsonRequest(url, "POST", researcher, { confirm: true, seed: 5 }),
      context(projectId),
    );
    expect(done.status).toBe(200);
    const result = (await done.json()) as { counts: Record<string, number>; seed: number; moved: number };
    expect(result.seed).toBe(5);
    const images = await db.image.findMany({ where: { projectId } });
    const expected = images.map((image) => assignSplit(image.sha256, { ratios, seed: 5 }));
    expect(images.map((image) => image.split)).toEqual(expected);
    expect(result.moved).toBe(expected.filter((split) => split !== "train").length);
    const listed = await splitsGet(new Request(url, { headers: researcher.headers }), context(projectId));
    const overview = (await listed.json()) as {
      counts: { train: number; valid: number; test: number };
      ratios: object;
    };
    expect(overview.ratios).toEqual(ratios);
    expect(overview.counts.train + overview.counts.valid + overview.counts.test).toBe(8);
  });
});
