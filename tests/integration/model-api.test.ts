// The model API: researchers list versions and queue retrains (validated by trainSettingsSchema);
// annotators get 403, outsiders 404 (as an unknown project), and neither queues anything.
import { afterAll, describe, expect, it } from "vitest";
import { GET, POST } from "../../app/api/projects/[id]/models/route";
import { getBoss, stopBoss } from "../../lib/jobs/queue";
import { createTestUser } from "../helpers/auth";
import { createVotedProject } from "../helpers/voted-project";

afterAll(() => stopBoss());

function call(handler: typeof GET, projectId: number, headers: Headers, body?: unknown) {
  const request = new Request(`http://test/api/projects/${projectId}/models`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? headers : new Headers([...headers, ["content-type", "application/json"]]),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve({ id: String(projectId) }) });
}

async function queuedTrainJobs(): Promise<number> {
  const { rows } = await (
    await getBoss()
  )
    .getDb()
    .executeSql("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'train'", []);
  return (rows[0] as { n: number }).n;
}

describe("model API", () => {
  it("lets researchers queue a retrain once per request and list it", async () => {
    const { project } = await createVotedProject({ name: "api-models" });
    const researcher = await createTestUser("researcher", { projectId: project.id });

    const first = await call(POST, project.id, researcher.headers, { paradigm: "soft", epochs: 3 });
    expect(first.status).toBe(202);
    const body = (await first.json()) as {
      jobId: string;
      settings: { paradigm: string; epochs: number; batchSize: number };
    };
    expect(body.jobId).toEqual(expect.any(String));
    expect(body.settings).toMatchObject({ paradigm: "soft", epochs: 3, batchSize: 64 });
    const again = await call(POST, project.id, researcher.headers, { paradigm: "soft", epochs: 3 });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ jobId: null, alreadyQueued: true });
    expect(await queuedTrainJobs()).toBe(1);

    // Where it starts is part of the request: the same settings from an encoder queue a second run.
    const fromEncoder = await call(POST, project.id, researcher.headers, {
      paradigm: "soft",
      epochs: 3,
      init: "pretrained",
    });
    expect(fromEncoder.status).toBe(202);
    const queued = (await fromEncoder.json()) as { jobId: string; init: string };
    expect(queued.init).toBe("pretrained");
    const job = await (await getBoss()).getJobById("train", queued.jobId);
    expect(job?.data).toMatchObject({ init: "pretrained", settings: { paradigm: "soft", epochs: 3 } });
    expect(await queuedTrainJobs()).toBe(2);
    await (await getBoss()).deleteJob("train", queued.jobId);

    const list = await call(GET, project.id, researcher.headers);
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({
      versions: [],
      jobs: [{ id: body.jobId, state: "created", paradigm: "soft", reason: "manual" }],
    });
  });

  it("rejects bad settings with 400 naming the field and queues nothing", async () => {
    const { project } = await createVotedProject({ name: "api-bad", perSplit: 1 });
    const researcher = await createTestUser("researcher", { projectId: project.id });
    const before = await queuedTrainJobs();
    for (const [settings, field] of [
      [{ paradigm: "vote" }, "paradigm"],
      [{ paradigm: "pll", epochs: 0 }, "epochs"],
      [{ paradigm: "pll", epoch: 3 }, ""],
      [{ paradigm: "pll", init: "encoder" }, "init"],
    ] as const) {
      const response = await call(POST, project.id, researcher.headers, settings);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { message: string; fields: { path: string }[] } };
      expect(error.fields[0]?.path).toBe(field);
      if (!field) expect(error.message).toMatch(/epoch/);
    }
    expect(await queuedTrainJobs()).toBe(before);
  });

  it("answers 403 to annotators of the project and 404 to researchers of other projects", async () => {
    const { project } = await createVotedProject({ name: "api-forbidden", perSplit: 1 });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const stranger = await createTestUser("researcher");
    const before = await queuedTrainJobs();
    // A member without the role: 403. A non-member: 404, as for an unknown project (issue 13 item 7).
    for (const [user, status] of [
      [annotator, 403],
      [stranger, 404],
    ] as const) {
      expect((await call(GET, project.id, user.headers)).status).toBe(status);
      expect((await call(POST, project.id, user.headers, { paradigm: "pll" })).status).toBe(status);
    }
    expect((await call(GET, project.id, new Headers())).status).toBe(401);
    expect(await queuedTrainJobs()).toBe(before);
  });
});
