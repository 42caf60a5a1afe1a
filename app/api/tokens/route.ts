// GET  /api/tokens - the caller's API tokens (no secrets). Researchers and admins.
// POST /api/tokens { name } - create a token; the secret is in this response only.
import { NextResponse } from "next/server";
import { requireRole } from "@/lib/auth/guard";
import { createNamedToken, listApiTokens } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";

export const GET = route(async (request: Request) => {
  const viewer = await requireRole(request.headers, ["researcher"]);
  return NextResponse.json({ tokens: await listApiTokens(viewer.id) });
});

export const POST = route(async (request: Request) => {
  const viewer = await requireRole(request.headers, ["researcher"]);
  const token = await createNamedToken(viewer.id, await readJson(request));
  return NextResponse.json({ token }, { status: 201 });
});
