// The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas the route handlers parse
// (lib/openapi/operations.ts) with zod 4's JSON Schema output (draft 2020-12, OpenAPI 3.1's dialect).
// Served at /api/openapi.json and written by `npm run -s chorus -- openapi`.
import { z } from "zod";
import type { Operation } from "./operation";
import { OPERATIONS } from "./operations";

type JsonSchema = Record<string, unknown>;

/** The JSON Schema of what a client sends (the input side of transforms and defaults). */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

const STRING_IDS = new Set(["userId"]);

function parameters(operation: Operation) {
  const path = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name: name!,
    in: "path",
    required: true,
    schema: STRING_IDS.has(name!) ? { type: "string" } : { type: "integer", minimum: 1 },
  }));
  const query = Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(schema as z.ZodType),
  }));
  return [...path, ...query];
}

const ERROR_TEXT: Record<number, string> = {
  400: "bad input: `error.fields` names each bad field",
  401: "not signed in (no session cookie, no valid API token)",
  403: "signed in, but your role (in the project) may not do this",
  404: "no such project or resource, or a project you are no member of",
  409: "conflicts with the current state",
  410: "gone",
  413: "too large",
};

function responses(operation: Operation) {
  const { success } = operation;
  const content = success.contentType
    ? { [success.contentType]: { schema: { type: "string", format: "binary" } } }
    : { "application/json": { schema: success.schema ? jsonSchema(success.schema) : { type: "object" } } };
  const errors = [
    400,
    ...(operation.access === "public" ? [] : [401, 403, 404]),
    ...(operation.errors ?? []),
  ];
  return {
    [String(success.status)]: { description: success.description, content },
    ...Object.fromEntries(
      errors.map((status) => [
        String(status),
        {
          description: ERROR_TEXT[status] ?? "error",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      ]),
    ),
  };
}

function operationObject(operation: Operation) {
  const params = parameters(operation);
  return {
    operationId: `${operation.method}${operation.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: operation.summary,
    tags: [operation.tag],
    description: `Access: ${operation.access}.`,
    ...(operation.access === "public" ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(operation.body) } },
          },
        }
      : {}),
    ...(operation.rawBody
      ? {
          requestBody: {
            required: true,
            description: operation.rawBody.description,
            content: { [operation.rawBody.contentType]: { schema: { type: "object" } } },
          },
        }
      : {}),
    responses: responses(operation),
  };
}

/** The whole document. */
export function openApiDocument(operations: readonly Operation[] = OPERATIONS) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method] = operationObject(operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Chorus API",
      version: "1",
      description:
        "Crowdsourcing ambiguous labels. Authenticate with an API token (`Authorization: Bearer chorus_...`, " +
        "made on /tokens) or the browser's session cookie. Errors are `{ error: { code, message, fields? } }`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "an API token from /tokens" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "better-auth.session_token" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                fields: {
                  type: "array",
                  items: {
                    type: "object",
                    properties: { path: { type: "string" }, message: { type: "string" } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
