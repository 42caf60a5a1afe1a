// 404 page: an unknown project, image or address (notFound() in pages, and unmatched URLs).
import Link from "next/link";

export default function NotFound() {
  return (
    <section className="card narrow" role="alert">
      <h1>Not found</h1>
      <p>There is nothing at this address: the project or image may not exist, or the link is mistyped.</p>
      <p>
        <Link href="/">Back to the start page</Link>
      </p>
    </section>
  );
}
