// Every route of app/api (but better-auth's own /api/auth/*) with the zod schemas its handler
// parses. tests/integration/openapi.test.ts fails when a route file's methods and this list differ.
import { createTokenSchema } from "../auth/tokens";
import { createUserSchema, updateUserRequestSchema } from "../auth/users";
import { deleteProjectRequestSchema } from "../images/delete";
import { createProjectRequestSchema } from "../projects/schemas";
import { pauseRequestSchema } from "../projects/paused-annotators";
import { json, type Operation } from "./operation";
import { PROJECT_OPERATIONS } from "./project-operations";

export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    tag: "meta",
    access: "public",
    success: json(200, "the OpenAPI 3.1 document"),
  },
  {
    method: "get",
    path: "/api/admin/users",
    summary: "Every user",
    tag: "admin",
    access: "admin",
    success: json(200, "{ users }"),
  },
  {
    method: "post",
    path: "/api/admin/users",
    summary: "Create a password account",
    tag: "admin",
    access: "admin",
    body: createUserSchema,
    success: json(201, "{ user }"),
    errors: [409],
  },
  {
    method: "patch",
    path: "/api/admin/users/{userId}",
    summary: "Change a user's role or password",
    tag: "admin",
    access: "admin",
    body: updateUserRequestSchema,
    success: json(200, "{ user }"),
  },
  {
    method: "get",
    path: "/api/images/{id}/file",
    summary: "An image's bytes (members of its project)",
    tag: "images",
    access: "annotator",
    success: { status: 200, description: "the image file", contentType: "image/*" },
  },
  {
    method: "post",
    path: "/api/projects",
    summary: "Create a project",
    tag: "projects",
    access: "researcher",
    body: createProjectRequestSchema,
    success: json(201, "{ project }"),
    errors: [409],
  },
  {
    method: "delete",
    path: "/api/projects/{id}",
    summary: "Delete the project and all its data (confirm with its exact name)",
    tag: "projects",
    access: "researcher",
    body: deleteProjectRequestSchema,
    success: json(200, "{ deleted: { images, votes, blobs } }"),
  },
  {
    method: "delete",
    path: "/api/projects/{id}/images/{imageId}",
    summary: "Delete an image with its votes",
    tag: "projects",
    access: "researcher",
    success: json(200, "{ deleted: { images, votes, blobs } }"),
  },
  {
    method: "post",
    path: "/api/projects/{id}/annotators/{userId}/pause",
    summary: "Pause or unpause an annotator",
    tag: "quality",
    access: "researcher",
    body: pauseRequestSchema,
    success: json(200, "{ annotator }"),
  },
  ...PROJECT_OPERATIONS,
  {
    method: "get",
    path: "/api/tokens",
    summary: "The caller's API tokens (no secrets)",
    tag: "tokens",
    access: "researcher",
    success: json(200, "{ tokens }"),
  },
  {
    method: "post",
    path: "/api/tokens",
    summary: "Create an API token (the secret is in this response only)",
    tag: "tokens",
    access: "researcher",
    body: createTokenSchema,
    success: json(201, "{ token }"),
  },
  {
    method: "delete",
    path: "/api/tokens/{tokenId}",
    summary: "Revoke one of the caller's tokens",
    tag: "tokens",
    access: "researcher",
    success: json(200, "{ token }"),
  },
];
