// GET  /api/projects/{id}/invites - the project's invite links (researchers of the project, admins).
// POST /api/projects/{id}/invites { expiresInDays? } - make a new invite link.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import {
  createInvite,
  createInviteRequestSchema as createSchema,
  inviteUrl,
  listInvites,
} from "@/lib/auth/invites";
import { idParam, route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import type { Invite } from "@/lib/generated/prisma/client";

type Context = { params: Promise<{ id: string }> };

function view(invite: Invite) {
  return {
    id: invite.id,
    url: inviteUrl(invite.token),
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
    revokedAt: invite.revokedAt,
  };
}

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  return NextResponse.json({ invites: (await listInvites(projectId)).map(view) });
});

export const POST = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer } = await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const { expiresInDays } = createSchema.parse(await readJson(request));
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : undefined;
  return NextResponse.json(
    { invite: view(await createInvite(projectId, viewer.id, expiresAt)) },
    { status: 201 },
  );
});
