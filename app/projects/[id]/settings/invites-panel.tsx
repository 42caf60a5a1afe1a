"use client";
// Invite links of a project: make one, copy it, revoke it.
import { formatTime } from "@/app/components/format";
import { useState, useSyncExternalStore } from "react";

interface InviteView {
  id: number;
  url: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export function InvitesPanel({ projectId, initial }: { projectId: number; initial: InviteView[] }) {
  const [invites, setInvites] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  // The origin is only known in the browser; the first (server) render shows the path.
  const origin = useSyncExternalStore(
    () => () => undefined,
    () => window.location.origin,
    () => "",
  );
  const absolute = (url: string) => (url.startsWith("/") ? `${origin}${url}` : url);

  async function create() {
    setError(null);
    const response = await fetch(`/api/projects/${projectId}/invites`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as {
      invite?: InviteView;
      error?: { message: string };
    } | null;
    if (body?.invite) setInvites([body.invite, ...invites]);
    else setError(body?.error?.message ?? "No connection to the server.");
  }

  async function revoke(id: number) {
    const response = await fetch(`/api/projects/${projectId}/invites/${id}`, { method: "DELETE" }).catch(
      () => null,
    );
    if (response?.ok)
      setInvites(
        invites.map((invite) =>
          invite.id === id ? { ...invite, revokedAt: new Date().toISOString() } : invite,
        ),
      );
    else setError("Could not revoke the link.");
  }

  return (
    <div className="form">
      <button type="button" className="button-primary" onClick={() => void create()}>
        New invite link
      </button>
      {error ? (
        <p role="alert" className="form-error">
          {error}
        </p>
      ) : null}
      <table className="data">
        <thead>
          <tr>
            <th>Link</th>
            <th>Created</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {invites.map((invite) => (
            <tr key={invite.id}>
              <td className="secret">{absolute(invite.url)}</td>
              <td>{formatTime(invite.createdAt)}</td>
              <td>
                {invite.revokedAt
                  ? "revoked"
                  : invite.expiresAt && new Date(invite.expiresAt) < new Date()
                    ? "expired"
                    : "live"}
              </td>
              <td>
                {invite.revokedAt ? null : (
                  <>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void navigator.clipboard.writeText(absolute(invite.url))}
                    >
                      Copy
                    </button>{" "}
                    <button type="button" className="link-button" onClick={() => void revoke(invite.id)}>
                      Revoke
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
