// Issue 11, finding 9, against the built app: protected pages answer HTTP 403 (not 200 with a
// "Forbidden" body) to members without the role, an unknown project (or one the caller is no member
// of) 404 with a way home, and every response carries the
// security headers. Also finding 4 end to end: a chunked oversized body to the real server is a 413.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject } from "../../lib/projects/projects";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createTestUser, type TestUser } from "../helpers/auth";

let app: AppServer | undefined;
let projectId = 0;
let researcher: TestUser;
let annotator: TestUser;
let otherResearcher: TestUser;

beforeAll(async () => {
  projectId = (await createProject({ name: "pages", labels: ["a", "b"] })).id;
  const otherId = (await createProject({ name: "other pages", labels: ["a", "b"] })).id;
  researcher = await createTestUser("researcher", { projectId });
  annotator = await createTestUser("annotator", { projectId });
  otherResearcher = await createTestUser("researcher", { projectId: otherId });
  app = await startAppServer();
}, 900_000);

afterAll(() => app?.stop());

const get = (path: string, user?: TestUser) =>
  fetch(`${app!.url}${path}`, { headers: user?.headers, redirect: "manual" });

describe("page statuses", () => {
  it("a researcher of the project gets 200", async () => {
    expect((await get(`/projects/${projectId}`, researcher)).status).toBe(200);
  });

  it.each(["", "/gallery", "/annotators", "/models", "/export", "/settings"])(
    "/projects/{id}%s: 403 for an annotator of the project, 404 for another project's researcher",
    async (suffix) => {
      const response = await get(`/projects/${projectId}${suffix}`, annotator);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("Forbidden");
      // Issue 13 item 7: a non-member cannot tell someone else's project from no project.
      const outsider = await get(`/projects/${projectId}${suffix}`, otherResearcher);
      expect(outsider.status).toBe(404);
      expect(await outsider.text()).toContain("Not found");
    },
  );

  it.each(["/projects/987654", "/projects/0x10", "/projects/2147483648", "/annotate/987654"])(
    "%s: 404 with a way home",
    async (path) => {
      const response = await get(path, researcher);
      expect(response.status).toBe(404);
      const html = await response.text();
      // Next streams the page: the 404 page's content travels in the RSC payload of the document.
      expect(html).toContain("Not found");
      expect(html).toContain("Back to the start page");
    },
  );
});

describe("security headers", () => {
  it.each(["/", "/signin", `/api/projects/${987654}/models`])("%s", async (path) => {
    const response = await get(path, researcher);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
  });
});

describe("body cap on the running server", () => {
  it("a chunked 256 MiB body to /api/auth/sign-in/email is a 413 well before it is all sent", async () => {
    const url = new URL("/api/auth/sign-in/email", app!.url);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const result = await new Promise<{ status: number; sentMiB: number }>((resolve, reject) => {
      let sentMiB = 0;
      const request = http.request(
        url,
        { method: "POST", headers: { "content-type": "application/json" } },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, sentMiB });
          request.destroy();
        },
      );
      request.on("error", (error) => (sentMiB > 0 ? resolve({ status: -1, sentMiB }) : reject(error)));
      const write = () => {
        while (sentMiB < 256) {
          sentMiB++;
          if (!request.write(chunk)) return void request.once("drain", write);
        }
        request.end();
      };
      write();
    });
    expect(result.status).toBe(413);
    expect(result.sentMiB).toBeLessThan(256);
  });
});
