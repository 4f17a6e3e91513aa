"use client";

import { useEffect, useState } from "react";
import { createClient, AuthError } from "@appwrite-cookie-auth/web";

// Sign-out goes from the browser to the function, which clears its cookie.
export function SignOutButton({ functionUrl }: { functionUrl: string }) {
  const [error, setError] = useState("");
  const [ready, setReady] = useState(false); // enabled once React runs here
  useEffect(() => setReady(true), []);
  async function signOut() {
    try {
      await createClient({ baseUrl: functionUrl, timeout: 15_000 }).signOut();
      window.location.assign("/");
    } catch (err) {
      setError(err instanceof AuthError ? err.message : String(err));
    }
  }
  return (
    <>
      <button id="signout" type="button" onClick={signOut} disabled={!ready}>Sign out</button>
      <p id="error" role="alert" hidden={!error}>{error}</p>
    </>
  );
}
