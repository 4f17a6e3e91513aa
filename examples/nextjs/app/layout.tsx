import type { ReactNode } from "react";
import Link from "next/link";

export const metadata = { title: "Next.js + cookie-session auth" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: "40rem", margin: "2rem auto", padding: "0 1rem" }}>
        <nav style={{ display: "flex", gap: "1rem", marginBottom: "2rem" }}>
          <Link href="/">Home</Link>
          <Link href="/account">Account</Link>
          <Link href="/login">Sign in</Link>
        </nav>
        {children}
      </body>
    </html>
  );
}
