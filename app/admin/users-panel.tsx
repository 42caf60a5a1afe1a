"use client";
// Accounts table with a create form; role changes and password resets go to /api/admin/users.
import { useState, type FormEvent } from "react";

type Role = "annotator" | "researcher" | "admin";

interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  workerId: string | null;
  votes: number;
}

export function UsersPanel({ initial, selfId }: { initial: UserView[]; selfId: string }) {
  const [users, setUsers] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);

  async function call(url: string, method: string, body: unknown) {
    const response = await fetch(url, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    const json = (await response?.json().catch(() => null)) as {
      user?: UserView;
      error?: { message: string };
    } | null;
    if (!response?.ok) setMessage(json?.error?.message ?? "No connection to the server.");
    return response?.ok ? json : null;
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form));
    const created = await call("/api/admin/users", "POST", data);
    if (created?.user) {
      setUsers([...users, { ...created.user, workerId: null, votes: 0 }]);
      setMessage(`Created ${created.user.email}.`);
      form.reset();
    }
  }

  async function changeRole(id: string, role: Role) {
    if (await call(`/api/admin/users/${id}`, "PATCH", { role })) {
      setUsers(users.map((user) => (user.id === id ? { ...user, role } : user)));
      setMessage("Role changed.");
    }
  }

  async function resetPassword(id: string) {
    const password = window.prompt("New password (at least 8 characters)");
    if (password && (await call(`/api/admin/users/${id}`, "PATCH", { password })))
      setMessage("Password changed.");
  }

  return (
    <div className="form">
      <form className="form" onSubmit={(event) => void create(event)}>
        <h2>New account</h2>
        <label>
          Email <input name="email" type="email" required />
        </label>
        <label>
          Name <input name="name" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="researcher">
            <option value="researcher">researcher</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          Password{" "}
          <input name="password" type="password" minLength={8} required autoComplete="new-password" />
        </label>
        <button className="button-primary" type="submit">
          Create account
        </button>
      </form>
      {message ? <p role="status">{message}</p> : null}
      <table className="data">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email / worker id</th>
            <th>Role</th>
            <th className="num">Votes</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email || user.workerId || ""}</td>
              <td>
                <select
                  aria-label={`Role of ${user.name}`}
                  value={user.role}
                  disabled={user.id === selfId}
                  onChange={(event) => void changeRole(user.id, event.target.value as Role)}
                >
                  <option value="annotator">annotator</option>
                  <option value="researcher">researcher</option>
                  <option value="admin">admin</option>
                </select>
              </td>
              <td className="num">{user.votes}</td>
              <td>
                {user.role !== "annotator" ? (
                  <button type="button" className="link-button" onClick={() => void resetPassword(user.id)}>
                    Reset password
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
