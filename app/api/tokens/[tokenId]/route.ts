// DELETE /api/tokens/{tokenId} - revoke one of the caller's tokens.
import { NextResponse } from "next/server";
import { requireRole } from "@/lib/auth/guard";
import { revokeApiToken } from "@/lib/auth/tokens";
import { idParam, route } from "@/lib/http/route";

type Context = { params: Promise<{ tokenId: string }> };

export const DELETE = route(async (request: Request, { params }: Context) => {
  const viewer = await requireRole(request.headers, ["researcher"]);
  return NextResponse.json({
    token: await revokeApiToken(viewer.id, idParam((await params).tokenId, "token")),
  });
});
