// better-auth plugin: POST /api/auth/join { token, workerId? } joins an invite's project and
// starts a session (signed cookie) for the annotator, who never has a password.
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint, getSessionFromCtx } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { AppError, toHttpError } from "../errors";
import type { Role } from "../generated/prisma/client";
import { joinSchema, joinWithInvite } from "./invites";

const API_STATUS = { 400: "BAD_REQUEST", 404: "NOT_FOUND", 410: "GONE" } as const;

export function joinPlugin() {
  return {
    id: "chorus-join",
    endpoints: {
      joinWithInvite: createAuthEndpoint("/join", { method: "POST", body: joinSchema }, async (ctx) => {
        const current = await getSessionFromCtx(ctx, { disableRefresh: true });
        const currentUser = current
          ? { id: current.user.id, role: (current.user as { role?: Role }).role ?? "annotator" }
          : null;
        let joined;
        try {
          joined = await joinWithInvite({ ...ctx.body, currentUser });
        } catch (error) {
          const { status, body } = toHttpError(error);
          const code = error instanceof AppError ? API_STATUS[status as keyof typeof API_STATUS] : undefined;
          throw new APIError(code ?? "INTERNAL_SERVER_ERROR", { message: body.error.message });
        }
        const { user, projectId } = joined;
        // A signed-in annotator keeps their session; anyone else gets a new annotator session.
        if (current?.user.id !== user.id) {
          const session = await ctx.context.internalAdapter.createSession(user.id);
          await setSessionCookie(ctx, { session, user: { ...user, image: user.image ?? null } });
        }
        return ctx.json({ userId: user.id, projectId, redirect: `/annotate/${projectId}` });
      }),
    },
  } satisfies BetterAuthPlugin;
}
