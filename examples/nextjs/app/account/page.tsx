import { redirect } from "next/navigation";
import { authUrl, currentUser } from "@/lib/auth";
import { SignOutButton } from "./sign-out-button";

// Protected. proxy.ts already sent signed-out visitors to /login; the page
// checks again because it is where the user is used (and a proxy's
// matcher is easy to get wrong).
export default async function AccountPage() {
  const user = await currentUser();
  if (user === null) redirect("/login");
  return (
    <main>
      <h1>Your account</h1>
      <p>
        Signed in as <strong id="account-email">{user.email}</strong>
      </p>
      <p>Rendered on the server: this e-mail is in the HTML the server sent.</p>
      <SignOutButton functionUrl={authUrl()} />
    </main>
  );
}
