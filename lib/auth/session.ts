// Browser sessions. Placeholder until the annotation issue wires better-auth here: it must return
// the user id of the session cookie in `headers`, or null.
export async function sessionUserId(_headers: Headers): Promise<string | null> {
  return null;
}
