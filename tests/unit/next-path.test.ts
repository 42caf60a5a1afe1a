// The post-sign-in redirect accepts only paths of this site (issue 11, finding 7: open redirect).
import { isValidElement, type ReactElement } from "react";
import { describe, expect, it } from "vitest";
import SignInPage from "../../app/signin/page";
import { safeNextPath } from "../../lib/auth/next-path";

const LEAVING = [
  "/\\evil.example/",
  "/\\\\evil.example",
  "\\\\evil.example",
  "//evil.example",
  "///evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "https://evil.example/",
  "javascript:alert(1)",
  "evil.example",
  "%2F%2Fevil.example",
  "",
];

describe("safeNextPath", () => {
  it.each(LEAVING)("refuses %j", (next) => {
    expect(safeNextPath(next)).toBe("/");
  });

  it("keeps paths of this site, with their query and fragment", () => {
    expect(safeNextPath("/projects/3/gallery?sort=entropy#top")).toBe("/projects/3/gallery?sort=entropy#top");
    expect(safeNextPath("/")).toBe("/");
    // Encoded slashes stay encoded: the browser requests this path on our own host.
    expect(safeNextPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeNextPath("/a/../b")).toBe("/b");
  });

  it("uses the fallback for anything that is not one string", () => {
    expect(safeNextPath(undefined, "/home")).toBe("/home");
    expect(safeNextPath(["/a", "/b"])).toBe("/");
    expect(safeNextPath(`/${"a".repeat(3000)}`)).toBe("/");
  });
});

/** The `next` prop the sign-in page hands to its form for `?next=...`. */
async function pageTarget(next: string): Promise<unknown> {
  const page = (await SignInPage({ searchParams: Promise.resolve({ next }) })) as ReactElement<{
    children: unknown;
  }>;
  const children = [page.props.children].flat(2);
  const form = children.find(
    (child): child is ReactElement<{ next: string }> =>
      isValidElement(child) &&
      typeof child.props === "object" &&
      child.props !== null &&
      "next" in child.props,
  );
  return form?.props.next;
}

describe("the sign-in page", () => {
  it("sends the browser only to paths of this site after sign-in", async () => {
    expect(await pageTarget("/\\evil.example/")).toBe("/");
    expect(await pageTarget("//evil.example")).toBe("/");
    expect(await pageTarget("/projects/1")).toBe("/projects/1");
  });
});
