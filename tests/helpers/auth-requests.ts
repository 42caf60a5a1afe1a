// Requests to better-auth's endpoints (/api/auth/*) as a browser on the app's own origin sends
// them, and the session cookie of a response.
export const ORIGIN = "http://localhost:3999";

/** A JSON POST to /api/auth{path}; `headers` add to or replace the browser-like defaults. */
export function authRequest(
  path: string,
  body: unknown,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Request {
  const headers = new Headers({ "content-type": "application/json", origin: ORIGIN });
  if (options.cookie) headers.set("cookie", options.cookie);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  return new Request(`${ORIGIN}/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}
