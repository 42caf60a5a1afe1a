// Issue 13, item 7: one body parser. Every route that takes a JSON body reads it through readJson
// (lib/http/body.ts), so malformed JSON is a 400 naming `body` on every one of them and changes
// nothing; before, eight routes read a garbage body as `{}` (a PATCH answered 200 and did nothing).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { createTestUser, type TestUser } from "../helpers/auth";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface Ids {
  project: number;
  image: number;
  annotator: string;
}

/** Each route that reads a JSON body: [route file under app/api, method, path params]. */
const JSON_ROUTES: [string, string, (ids: Ids) => Record<string, string>][] = [
  ["admin/users/route.ts", "POST", () => ({})],
  ["admin/users/[userId]/route.ts", "PATCH", (i) => ({ userId: i.annotator })],
  ["projects/route.ts", "POST", () => ({})],
  ["projects/[id]/route.ts", "DELETE", (i) => ({ id: String(i.project) })],
  [
    "projects/[id]/images/[imageId]/gold/route.ts",
    "PUT",
    (i) => ({ id: String(i.project), imageId: String(i.image) }),
  ],
  ["projects/[id]/export/jobs/route.ts", "POST", (i) => ({ id: String(i.project) })],
  ["projects/[id]/settings/route.ts", "PATCH", (i) => ({ id: String(i.project) })],
  ["projects/[id]/models/route.ts", "POST", (i) => ({ id: String(i.project) })],
  [
    "projects/[id]/annotators/[userId]/pause/route.ts",
    "POST",
    (i) => ({ id: String(i.project), userId: i.annotator }),
  ],
  ["projects/[id]/invites/route.ts", "POST", (i) => ({ id: String(i.project) })],
  ["projects/[id]/encoders/route.ts", "POST", (i) => ({ id: String(i.project) })],
  ["projects/[id]/votes/route.ts", "POST", (i) => ({ id: String(i.project) })],
  ["projects/[id]/splits/route.ts", "POST", (i) => ({ id: String(i.project) })],
  ["tokens/route.ts", "POST", () => ({})],
];

const API = path.join(__dirname, "../../app/api");

/** Route files under app/api whose source matches `pattern`, relative to app/api. */
function routeFilesMatching(pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && pattern.test(readFileSync(full, "utf8"))) {
        found.push(path.relative(API, full).split(path.sep).join("/"));
      }
    }
  };
  walk(API);
  return found.sort();
}

let admin: TestUser;
let ids: Ids;

beforeAll(async () => {
  admin = await createTestUser("admin");
  const project = await createProject({ name: "json bodies", labels: ["a", "b"], targetVotes: 3 });
  const sha256 = "json".padEnd(64, "0");
  await db.imageBlob.create({
    data: { sha256, data: Buffer.from([1]), width: 1, height: 1, format: "png", byteSize: 1 },
  });
  const image = await db.image.create({
    data: { projectId: project.id, sha256, externalName: "a.png", counts: [0, 0] },
  });
  const annotator = await createTestUser("annotator", { projectId: project.id });
  ids = { project: project.id, image: image.id, annotator: annotator.id };
});

describe("one body parser", () => {
  it("the table lists every route that reads a JSON body, and no route parses a body itself", () => {
    expect(JSON_ROUTES.map(([file]) => file).sort()).toEqual(routeFilesMatching(/\breadJson\(/));
    // request.json(), .text() or .formData() on the request would bypass the cap and the 400.
    expect(routeFilesMatching(/\brequest\.(json|text|formData|arrayBuffer)\(/)).toEqual([]);
  });

  for (const [file, method, params] of JSON_ROUTES) {
    it(`${method} ${file}: malformed JSON is a 400 naming the body, nothing changes`, async () => {
      const before = await db.project.findUniqueOrThrow({ where: { id: ids.project } });
      const projects = await db.project.count();
      const handler = (await import(`../../app/api/${file.replace(/\.ts$/, "")}`))[method] as Handler;
      const headers = new Headers(admin.headers);
      headers.set("content-type", "application/json");
      const response = await handler(
        new Request("http://chorus.test/api/x", { method, headers, body: '{"paused": tru' }),
        { params: Promise.resolve(params(ids)) },
      );
      const body = (await response.json()) as { error: { message: string; fields?: { path: string }[] } };
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(body.error.message).toMatch(/must be JSON/);
      expect(body.error.fields?.map((f) => f.path)).toEqual(["body"]);
      expect(await db.project.findUniqueOrThrow({ where: { id: ids.project } })).toEqual(before);
      expect(await db.project.count()).toBe(projects);
    });
  }
});
