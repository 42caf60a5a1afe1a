// DELETE /api/projects/{id}/invites/{inviteId} - revoke an invite link (annotators who joined stay).
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { revokeInvite } from "@/lib/auth/invites";
import { idParam, route } from "@/lib/http/route";

type Context = { params: Promise<{ id: string; inviteId: string }> };

export const DELETE = route(async (request: Request, { params }: Context) => {
  const { id, inviteId } = await params;
  const projectId = idParam(id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const invite = await revokeInvite(projectId, idParam(inviteId, "invite"));
  return NextResponse.json({ invite: { id: invite.id, revokedAt: invite.revokedAt } });
});
