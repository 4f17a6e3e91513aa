import { connection } from "next/server";
import { authUrl } from "@/lib/auth";
import { LoginForm } from "./login-form";

// Rendered per request, so AUTH_URL is read when the app runs, not built.
export default async function LoginPage() {
  await connection();
  return (
    <main>
      <h1>Sign in</h1>
      <LoginForm functionUrl={authUrl()} />
    </main>
  );
}
