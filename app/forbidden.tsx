// 403 page: shown (with status 403) when a signed-in user opens a page their role may not see.
import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="card narrow">
      <h1>Not for your role</h1>
      <p>
        This page is not available to your account. Annotators see only the annotation page of their projects.
      </p>
      <p>
        <Link href="/">Back to the start page</Link>
      </p>
    </section>
  );
}
