// PATCH /api/admin/users/{userId} { role?, password? } - change a user's role or password (admins only).
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireRole } from "@/lib/auth/guard";
import { setUserPassword, setUserRole, updateUserRequestSchema as patchSchema } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";

type Context = { params: Promise<{ userId: string }> };

export const PATCH = route(async (request: Request, { params }: Context) => {
  const admin = await requireRole(request.headers, ["admin"]);
  const { userId } = await params;
  const body = patchSchema.parse(await readJson(request));
  // An admin demoting themselves could leave nobody able to manage accounts.
  if (body.role && userId === admin.id && body.role !== "admin") {
    throw new AppError("bad_request", "you cannot remove your own admin role", { field: "role" });
  }
  if (body.password) await setUserPassword(userId, body.password);
  const user = body.role ? await setUserRole(userId, body.role) : null;
  return NextResponse.json({
    user: user ? { id: user.id, role: user.role } : { id: userId },
    passwordChanged: Boolean(body.password),
  });
});
