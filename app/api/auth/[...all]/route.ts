// /api/auth/* - better-auth: sign-in/email, sign-out, get-session, join (invite links).
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";

// The auth instance is built on first request (DATABASE_URL is set up by the launcher, not at import).
export const { GET, POST } = toNextJsHandler((request: Request) => getAuth().handler(request));
