import Link from "next/link";

// Public: no session needed, so it can be built once as static HTML.
export default function Home() {
  return (
    <main>
      <h1 id="home">Next.js with the cookie-session auth function</h1>
      <p>
        This page is public. <Link href="/account">Your account</Link> is rendered on the server with the
        signed-in user, or sends you to <Link href="/login">sign in</Link>.
      </p>
    </main>
  );
}
