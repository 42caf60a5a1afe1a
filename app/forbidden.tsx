// 403 page: shown (with HTTP status 403, through forbidden() in lib/auth/page.ts) when a signed-in
// user opens a page their role or membership does not allow.
import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="card narrow forbidden" role="alert">
      <h1>Forbidden</h1>
      <p>
        This page is not available to your account. Annotators see only the annotation page of their projects;
        a project&apos;s dashboards are for its researchers (ask its owner to add you).
      </p>
      <p>
        <Link href="/">Back to the start page</Link>
      </p>
    </section>
  );
}
