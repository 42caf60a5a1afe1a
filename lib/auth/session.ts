// Browser sessions: better-auth's signed session cookie, looked up in the sessions table.
import "server-only";
import { getAuth } from "./auth";

/** The user id of the session cookie in `headers`, or null (no cookie, bad signature, expired). */
export async function sessionUserId(headers: Headers): Promise<string | null> {
  const cookie = headers.get("cookie");
  if (!cookie || !cookie.includes("session_token")) return null;
  const result = await getAuth().api.getSession({ headers });
  return result?.user.id ?? null;
}
