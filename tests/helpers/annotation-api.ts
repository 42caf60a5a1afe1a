// Calls the annotation route handlers directly, as Next.js would, with a user's headers.
import { GET as nextGet } from "../../app/api/projects/[id]/tasks/next/route";
import { DELETE as undoDelete } from "../../app/api/projects/[id]/votes/last/route";
import { GET as votesGet, POST as votesPost } from "../../app/api/projects/[id]/votes/route";

const BASE = "http://chorus.test";

function params<T extends Record<string, string>>(value: T) {
  return { params: Promise.resolve(value) };
}

function withJson(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.set("content-type", "application/json");
  return copy;
}

export interface NextTaskBody {
  task: { imageId: number; imageUrl: string; leaseExpiresAt: string } | null;
  labels: string[];
  myVotes: number;
}

/** GET /api/projects/{id}/tasks/next */
export function fetchNext(projectId: number, headers: Headers, exclude: number[] = []): Promise<Response> {
  const query = exclude.length ? `?exclude=${exclude.join(",")}` : "";
  return nextGet(
    new Request(`${BASE}/api/projects/${projectId}/tasks/next${query}`, { headers }),
    params({ id: String(projectId) }),
  );
}

/** POST /api/projects/{id}/votes */
export function postVote(projectId: number, headers: Headers, body: unknown): Promise<Response> {
  const request = new Request(`${BASE}/api/projects/${projectId}/votes`, {
    method: "POST",
    headers: withJson(headers),
    body: JSON.stringify(body),
  });
  return votesPost(request, params({ id: String(projectId) }));
}

/** GET /api/projects/{id}/votes */
export function getVotes(projectId: number, headers: Headers, query = ""): Promise<Response> {
  return votesGet(
    new Request(`${BASE}/api/projects/${projectId}/votes${query}`, { headers }),
    params({ id: String(projectId) }),
  );
}

/** DELETE /api/projects/{id}/votes/last */
export function undoLast(projectId: number, headers: Headers): Promise<Response> {
  const request = new Request(`${BASE}/api/projects/${projectId}/votes/last`, { method: "DELETE", headers });
  return undoDelete(request, params({ id: String(projectId) }));
}
