"use client";
// The project's navigation tabs; the current one is highlighted.
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { path: "", name: "Overview" },
  { path: "/gallery", name: "Gallery" },
  { path: "/annotators", name: "Annotators" },
  { path: "/models", name: "Models" },
  { path: "/export", name: "Export" },
  { path: "/settings", name: "Settings" },
];

export function ProjectTabs({ projectId }: { projectId: number }) {
  const pathname = usePathname();
  const base = `/projects/${projectId}`;
  return (
    <nav className="tabs" aria-label="project sections">
      {TABS.map((tab) => {
        const href = `${base}${tab.path}`;
        const active = tab.path === "" ? pathname === base : pathname.startsWith(href);
        return (
          <Link
            key={tab.name}
            href={href}
            className={active ? "tab active" : "tab"}
            aria-current={active ? "page" : undefined}
          >
            {tab.name}
          </Link>
        );
      })}
    </nav>
  );
}
