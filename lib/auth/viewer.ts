// Who is asking: the user behind a session cookie or an API token, as every guard and page sees it.
// Its own module (types only) so that the session, its cache and the guards share one definition
// without importing one another: session.ts imports session-cache.ts, never the other way round.
import type { User } from "../generated/prisma/client";

/** The signed-in user (or API-token holder) as the guards, pages and the session cache hold it. */
export type Viewer = Pick<User, "id" | "name" | "email" | "role" | "workerId">;
