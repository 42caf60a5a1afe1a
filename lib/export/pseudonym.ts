// Pseudonymous annotator ids for exports. An export must let a reader group votes by annotator
// without revealing who they are: never the account id, never a crowd worker id. Each export draws
// its own secret, and the pseudonym is HMAC-SHA256(secret, project id + annotator key), truncated,
// so ids are stable within one export, differ between exports and between projects, and cannot be
// reversed or joined with another export without the secret (which is never stored).
import { createHmac, randomBytes } from "node:crypto";

/** Hex characters kept from the HMAC: 64 bits, so collisions within a project are negligible. */
const PSEUDONYM_HEX = 16;

export type Pseudonymizer = (annotatorKey: string | null) => string | null;

/** A fresh secret for one export. */
export function newExportSecret(): string {
  return randomBytes(32).toString("hex");
}

/**
 * Maps internal annotator keys (`u:<user id>`, `x:<external id>`) of project `projectId` to
 * pseudonyms `a-<16 hex>`; unknown annotators (imported votes without an id) stay null.
 */
export function createPseudonymizer(secret: string, projectId: number): Pseudonymizer {
  // Bounded by the number of distinct annotators of the project, not by the number of votes.
  const cache = new Map<string, string>();
  return (annotatorKey) => {
    if (annotatorKey === null) return null;
    let pseudonym = cache.get(annotatorKey);
    if (!pseudonym) {
      const digest = createHmac("sha256", secret).update(`${projectId}\u0000${annotatorKey}`).digest("hex");
      pseudonym = `a-${digest.slice(0, PSEUDONYM_HEX)}`;
      cache.set(annotatorKey, pseudonym);
    }
    return pseudonym;
  };
}
