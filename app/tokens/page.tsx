// /tokens - a researcher's API tokens for scripts (`Authorization: Bearer chorus_...`).
import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/page";
import { listApiTokens } from "@/lib/auth/tokens";
import { TokensPanel } from "./tokens-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens - Chorus" };

export default async function TokensPage() {
  const viewer = await requirePageRole("/tokens", ["researcher"]);
  const tokens = await listApiTokens(viewer.id);
  return (
    <section className="card">
      <h1>API tokens</h1>
      <p className="muted">
        Scripts send a token as <code>Authorization: Bearer chorus_…</code> and act as you. A token is shown
        once, when it is made; revoke it when it is no longer needed.
      </p>
      <TokensPanel
        initial={tokens.map((token) => ({
          id: token.id,
          name: token.name,
          createdAt: token.createdAt.toISOString(),
          lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
          revokedAt: token.revokedAt?.toISOString() ?? null,
        }))}
      />
    </section>
  );
}
