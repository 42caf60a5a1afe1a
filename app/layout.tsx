import type { Metadata } from "next";
import Link from "next/link";
import { UserMenu } from "./components/user-menu";
import "./globals.css";

export const metadata: Metadata = {
  title: "Chorus",
  description: "Crowdsourcing ambiguous labels: keep every vote, measure disagreement, learn from it.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            Chorus
          </Link>
          <UserMenu />
        </header>
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
