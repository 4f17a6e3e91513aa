"use client";

// Sign-up, sign-in and GitHub with the browser client. The function sets
// its httpOnly session cookie; the page then loads /account, whose server
// render sees that cookie.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { createClient, AuthError } from "@appwrite-cookie-auth/web";

export function LoginForm({ functionUrl }: { functionUrl: string }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  // The buttons stay disabled until React runs here: a form sent before
  // that would go to the app as a plain GET, password in the URL.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const auth = useMemo(() => createClient({ baseUrl: functionUrl, timeout: 15_000 }), [functionUrl]);

  async function submit(event: FormEvent<HTMLFormElement>, action: (email: string, password: string) => Promise<unknown>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError("");
    try {
      await action(String(form.get("email")), String(form.get("password")));
      window.location.assign("/account");
    } catch (err) {
      setError(err instanceof AuthError ? err.message : String(err));
      setBusy(false);
    }
  }

  const signUp = (email: string, password: string) => auth.signUp({ email, password });
  const signIn = async (email: string, password: string) => {
    const result = await auth.signIn({ email, password });
    if (result.mfaRequired) throw new Error(`This account needs a second factor (${result.factors.join(", ")}).`);
  };
  const github = () =>
    auth.startOAuth2("github", {
      redirect: `${window.location.origin}/account`,
      failure: `${window.location.origin}/login`,
    });

  return (
    <div data-busy={busy || undefined}>
      <p id="error" role="alert" hidden={!error}>{error}</p>
      <form id="signup-form" onSubmit={(e) => submit(e, signUp)}>
        <h2>Create an account</h2>
        <input id="signup-email" name="email" type="email" placeholder="E-mail" autoComplete="email" required />
        <input id="signup-password" name="password" type="password" placeholder="Password (8+ characters)" autoComplete="new-password" minLength={8} required />
        <button id="signup-submit" type="submit" disabled={!ready || busy}>Sign up</button>
      </form>
      <form id="signin-form" onSubmit={(e) => submit(e, signIn)}>
        <h2>Sign in</h2>
        <input id="signin-email" name="email" type="email" placeholder="E-mail" autoComplete="email" required />
        <input id="signin-password" name="password" type="password" placeholder="Password" autoComplete="current-password" required />
        <button id="signin-submit" type="submit" disabled={!ready || busy}>Sign in</button>
      </form>
      <button id="oauth-github" type="button" onClick={github} disabled={!ready || busy}>Continue with GitHub</button>
    </div>
  );
}
