// One documented API operation: its method and path (as the route file's folder spells it) and the
// zod schemas its handler parses, so the OpenAPI document is generated from the very schemas that
// validate requests (lib/openapi/document.ts) and tests/integration/openapi.test.ts can check that
// every route file's methods are documented and nothing else is.
import type { z } from "zod";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type Access = "public" | "signed-in" | "annotator" | "researcher" | "admin";

export interface Operation {
  method: HttpMethod;
  /** OpenAPI path, e.g. /api/projects/{id}/votes. */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it (project roles are checked against the project in the path). */
  access: Access;
  /** Query parameters: an object schema, one parameter per key. */
  query?: z.ZodObject;
  /** JSON request body. */
  body?: z.ZodType;
  /** Request body that is not JSON (uploads). */
  rawBody?: { contentType: string; description: string };
  /** Success status and what it returns (JSON unless contentType says otherwise). */
  success: { status: number; description: string; contentType?: string; schema?: z.ZodType };
  /** Error statuses beyond 400/401/403/404 that this operation returns. */
  errors?: number[];
}

/** A JSON success response. */
export const json = (status: number, description: string) => ({ status, description });
