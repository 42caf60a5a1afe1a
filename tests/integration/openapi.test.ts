// The OpenAPI document (issue 15): valid OpenAPI 3.1 by a real validator, in step with the route
// files (every exported method of every app/api route documented, nothing else), and the same
// document from GET /api/openapi.json and `chorus openapi`.
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { GET } from "../../app/api/openapi.json/route";
import { openApiDocument } from "../../lib/openapi/document";
import { OPERATIONS } from "../../lib/openapi/operations";

const API = path.resolve("app/api");

/** "METHOD /api/path/{param}" for every handler exported by a route file under app/api. */
async function routeOperations(dir = API): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await routeOperations(full)));
    else if (entry.name === "route.ts") {
      const urlPath = `/api/${path.relative(API, dir)}`.replace(/\[(\w+)\]/g, "{$1}");
      // better-auth serves its own endpoints (sign-in, join, ...) under this catch-all.
      if (urlPath.startsWith("/api/auth/")) continue;
      const source = await readFile(full, "utf8");
      for (const [, method] of source.matchAll(/^export const (GET|POST|PUT|PATCH|DELETE)\b/gm)) {
        found.push(`${method} ${urlPath}`);
      }
    }
  }
  return found.sort();
}

describe("OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // The validator does reject: a parameter "in: body" (OpenAPI 2, not 3).
    const broken = openApiDocument();
    (broken.paths["/api/projects/{id}/votes"]!.get as { parameters: { in: string }[] }).parameters[0]!.in =
      "body";
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it("documents exactly the methods the route files export", async () => {
    const documented = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort();
    expect(documented).toEqual(await routeOperations());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("describes request bodies from the routes' zod schemas", () => {
    const document = openApiDocument();
    const vote = document.paths["/api/projects/{id}/votes"]!.post as {
      requestBody: { content: { "application/json": { schema: { required: string[] } } } };
    };
    expect(vote.requestBody.content["application/json"].schema.required).toEqual([
      "imageId",
      "label",
      "durationMs",
      "idempotencyKey",
    ]);
  });

  it("is served at /api/openapi.json and printed by `chorus openapi`", async () => {
    const expected = JSON.parse(JSON.stringify(openApiDocument()));
    const response = await GET(new Request("http://test/api/openapi.json"), undefined as never);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expected);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "bin/chorus.ts", "openapi"],
      {
        env: { ...process.env },
      },
    );
    expect(JSON.parse(stdout)).toEqual(expected);
  }, 60_000);
});
