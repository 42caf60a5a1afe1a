"use client";
// Create (secret shown once) and revoke API tokens.
import { formatTime } from "@/app/components/format";
import { useState, type FormEvent } from "react";

interface TokenView {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function TokensPanel({ initial }: { initial: TokenView[] }) {
  const [tokens, setTokens] = useState(initial);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = new FormData(form).get("name");
    const response = await fetch("/api/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name }),
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as {
      token?: { id: number; token: string; name: string };
      error?: { message: string };
    } | null;
    if (!body?.token) return setError(body?.error?.message ?? "No connection to the server.");
    setError(null);
    setSecret(body.token.token);
    setTokens([
      {
        id: body.token.id,
        name: body.token.name,
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      },
      ...tokens,
    ]);
    form.reset();
  }

  async function revoke(id: number) {
    const response = await fetch(`/api/tokens/${id}`, { method: "DELETE" }).catch(() => null);
    if (response?.ok)
      setTokens(tokens.map((t) => (t.id === id ? { ...t, revokedAt: new Date().toISOString() } : t)));
    else setError("Could not revoke the token.");
  }

  return (
    <div className="form">
      <form className="form" onSubmit={(event) => void create(event)}>
        <label>
          Name (what the token is for)
          <input name="name" required maxLength={100} />
        </label>
        <button className="button-primary" type="submit">
          Create token
        </button>
      </form>
      {secret ? (
        <div role="status">
          <p>Your new token (copy it now: it will not be shown again):</p>
          <p className="secret">{secret}</p>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="form-error">
          {error}
        </p>
      ) : null}
      <table className="data">
        <thead>
          <tr>
            <th>Name</th>
            <th>Created</th>
            <th>Last used</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{formatTime(token.createdAt)}</td>
              <td>{token.lastUsedAt ? formatTime(token.lastUsedAt) : "never"}</td>
              <td>{token.revokedAt ? "revoked" : "live"}</td>
              <td>
                {token.revokedAt ? null : (
                  <button type="button" className="link-button" onClick={() => void revoke(token.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
