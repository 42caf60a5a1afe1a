// Top-bar indicator: who is signed in, links for their role, and sign-out.
import Link from "next/link";
import { pageViewer } from "@/lib/auth/page";
import { SignOutButton } from "./sign-out-button";

export async function UserMenu() {
  const viewer = await pageViewer();
  if (!viewer) {
    return (
      <nav className="topbar-user">
        <Link href="/signin">Sign in</Link>
      </nav>
    );
  }
  return (
    <nav className="topbar-user" aria-label="Account">
      {viewer.role !== "annotator" ? <Link href="/projects/new">New project</Link> : null}
      {viewer.role !== "annotator" ? <Link href="/tokens">API tokens</Link> : null}
      {viewer.role === "admin" ? <Link href="/admin">Admin</Link> : null}
      <span className="muted" data-testid="signed-in-as">
        {viewer.role === "annotator" ? viewer.name : viewer.email} ({viewer.role})
      </span>
      <SignOutButton />
    </nav>
  );
}
