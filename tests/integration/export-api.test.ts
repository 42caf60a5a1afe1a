// The export routes: researchers stream exports and run background export jobs; annotators and
// strangers are refused; bad parameters are 400s naming the field, before any byte is streamed.
import path from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { parquetReadObjects } from "hyparquet";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportGet } from "../../app/api/projects/[id]/export/route";
import { GET as jobGet } from "../../app/api/projects/[id]/export/jobs/[jobId]/route";
import { GET as jobDownload } from "../../app/api/projects/[id]/export/jobs/[jobId]/download/route";
import { GET as jobsGet, POST as jobsPost } from "../../app/api/projects/[id]/export/jobs/route";
import { db } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { runExportJob } from "../../lib/export/jobs";
import { stopBoss } from "../../lib/jobs/queue";
import { createTestUser, type TestUser } from "../helpers/auth";
import { seedSyntheticProject, type SeededProject } from "./export-fixture";

const GOLDEN = path.resolve("tests/golden/export");

describe("export API", () => {
  let seeded: SeededProject;
  let researcher: TestUser;
  let annotator: TestUser;
  let outsider: TestUser;
  const context = () => ({ params: Promise.resolve({ id: String(seeded.projectId) }) });
  const get = (query: string, user?: TestUser) =>
    exportGet(
      new Request(`http://chorus.test/api/projects/${seeded.projectId}/export?${query}`, {
        headers: user?.headers,
      }),
      context(),
    );

  beforeAll(async () => {
    process.env.CHORUS_HOME = path.resolve("tests/output/export-api-home");
    resetEnv();
    seeded = await seedSyntheticProject("api-faces");
    researcher = await createTestUser("researcher", { projectId: seeded.projectId });
    annotator = await createTestUser("annotator", { projectId: seeded.projectId });
    outsider = await createTestUser("researcher");
  });
  afterAll(async () => {
    await stopBoss({ graceful: false, timeoutMs: 5000 });
  });

  it("refuses annotators (403), non-members (404, as an unknown project) and anonymous callers (401)", async () => {
    expect((await get("format=csv", annotator)).status).toBe(403);
    expect((await get("format=csv", outsider)).status).toBe(404);
    expect((await get("format=csv")).status).toBe(401);
    const post = await jobsPost(
      new Request("http://chorus.test/x", {
        method: "POST",
        headers: annotator.headers,
        body: '{"format":"csv"}',
      }),
      context(),
    );
    expect(post.status).toBe(403);
    expect(await db.exportJob.count()).toBe(0);
  });

  it("streams the CSV export to a researcher, identical to the golden file", async () => {
    const response = await get("format=csv", researcher);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="api-faces-data.csv"');
    expect(await response.text()).toBe(await readFile(path.join(GOLDEN, "csv/data.csv"), "utf8"));
  });

  it("applies filters from the query string", async () => {
    const response = await get("format=jsonl&split=train&minVotes=3&entropyMin=0.1", researcher);
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.name)).toEqual(["face-001.png", "face-002.png"]);
    const majority = await get("format=csv&majority=contempt", researcher);
    expect((await majority.text()).trim().split("\n").slice(1)).toEqual([
      "PrivateTest,face-005.png,0,0,0,0,0,0,0,3,0,0",
    ]);
  });

  it("answers 400 naming the parameter for a bad format, split or majority label", async () => {
    for (const [query, field] of [
      ["format=xml", "format"],
      ["format=csv&split=holdout", "splits"],
      ["format=csv&majority=joy", "majority"],
      ["format=csv&minVotes=-1", "minVotes"],
      ["format=csv&entropyMin=2&entropyMax=1", "entropyMax"],
    ] as const) {
      const response = await get(query, researcher);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { fields: { path: string }[] } };
      expect(body.error.fields.map((f) => f.path.split(".")[0])).toContain(field);
    }
  });

  it("streams the FERPlus layout and bundles as zips, and Parquet readable by hyparquet", async () => {
    const zip = unzipSync(new Uint8Array(await (await get("format=ferplus", researcher)).arrayBuffer()));
    expect(strFromU8(zip["FER2013Train/label.csv"]!)).toBe(
      await readFile(path.join(GOLDEN, "ferplus/FER2013Train/label.csv"), "utf8"),
    );
    expect(zip["FER2013Train/face-001.png"]).toEqual(new Uint8Array(seeded.blobs.get("face-001.png")!));
    expect(strFromU8(zip["README.md"]!)).toContain("## Agreement");
    const jsonlZip = unzipSync(
      new Uint8Array(await (await get("format=jsonl&zip=1", researcher)).arrayBuffer()),
    );
    expect(Object.keys(jsonlZip).sort()).toEqual([
      "README.md",
      "data.jsonl",
      ...[1, 2, 3, 4, 5, 6].map((i) => `images/face-00${i}.png`),
    ]);
    const parquet = await (await get("format=parquet", researcher)).arrayBuffer();
    const rows = await parquetReadObjects({ file: parquet, columns: ["name", "counts", "majority"] });
    expect(rows[4]).toEqual({
      name: "face-005.png",
      counts: [0, 0, 0, 0, 0, 0, 0, 3, 0, 0],
      majority: "contempt",
    });
  });

  it("runs a background export job: queued, done with progress 1, downloadable zip with the card fields", async () => {
    const post = await jobsPost(
      new Request("http://chorus.test/x", {
        method: "POST",
        headers: researcher.headers,
        body: JSON.stringify({
          format: "jsonl",
          filters: { splits: ["train"] },
          license: "CC0-1.0",
          provenance: "Lab study 7",
        }),
      }),
      context(),
    );
    expect(post.status).toBe(202);
    const { job } = (await post.json()) as {
      job: { id: number; status: string; downloadUrl: string | null };
    };
    expect(job).toMatchObject({ status: "queued", downloadUrl: null });
    // The worker's handler, run here directly; twice, as a retry would.
    await runExportJob(job.id);
    await runExportJob(job.id);
    const jobContext = { params: Promise.resolve({ id: String(seeded.projectId), jobId: String(job.id) }) };
    const status = await jobGet(
      new Request("http://chorus.test/x", { headers: researcher.headers }),
      jobContext,
    );
    const done = ((await status.json()) as { job: { status: string; progress: number; downloadUrl: string } })
      .job;
    expect(done).toMatchObject({ status: "done", progress: 1 });
    expect(done.downloadUrl).toBe(`/api/projects/${seeded.projectId}/export/jobs/${job.id}/download`);
    const list = await jobsGet(
      new Request("http://chorus.test/x", { headers: researcher.headers }),
      context(),
    );
    expect(((await list.json()) as { jobs: unknown[] }).jobs).toHaveLength(1);
    expect(
      (await jobDownload(new Request("http://chorus.test/x", { headers: annotator.headers }), jobContext))
        .status,
    ).toBe(403);
    const download = await jobDownload(
      new Request("http://chorus.test/x", { headers: researcher.headers }),
      jobContext,
    );
    expect(download.status).toBe(200);
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    expect(strFromU8(files["data.jsonl"]!).trim().split("\n")).toHaveLength(3);
    const card = strFromU8(files["README.md"]!);
    expect(card).toContain("## License\nCC0-1.0");
    expect(card).toContain("## Provenance\nLab study 7");
    expect(card).toContain("- split: train");
  });

  it("rejects a job for a bad request with 400 and queues nothing", async () => {
    const before = await db.exportJob.count();
    const post = await jobsPost(
      new Request("http://chorus.test/x", {
        method: "POST",
        headers: researcher.headers,
        body: JSON.stringify({ format: "csv", filters: { majority: "joy" } }),
      }),
      context(),
    );
    expect(post.status).toBe(400);
    expect(await db.exportJob.count()).toBe(before);
  });
});
