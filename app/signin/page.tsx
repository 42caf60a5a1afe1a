// /signin?next=/path - email + password sign-in for researchers and admins.
import type { Metadata } from "next";
import { safeNextPath } from "@/lib/auth/next-path";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in - Chorus" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const target = safeNextPath(next);
  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      <p className="muted">
        Researchers and admins sign in here. Annotators join through the invite link they were given.
      </p>
      <SignInForm next={target} />
    </section>
  );
}
