// GET  /api/admin/users - every user (admins only).
// POST /api/admin/users { email, name, role, password } - create a password account.
import { NextResponse } from "next/server";
import { requireRole } from "@/lib/auth/guard";
import { createUserSchema, createUserWithPassword, listUsers } from "@/lib/auth/users";
import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";

export const GET = route(async (request: Request) => {
  await requireRole(request.headers, ["admin"]);
  const users = await listUsers();
  return NextResponse.json({ users });
});

export const POST = route(async (request: Request) => {
  await requireRole(request.headers, ["admin"]);
  const user = await createUserWithPassword(createUserSchema.parse(await readJson(request)));
  return NextResponse.json(
    { user: { id: user.id, email: user.email, name: user.name, role: user.role } },
    { status: 201 },
  );
});
