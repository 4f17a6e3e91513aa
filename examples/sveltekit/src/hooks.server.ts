// Protected paths learn who is signed in before any load function runs,
// and a signed-out visitor is sent to /login, so no page under them can
// forget to. Other pages ask only if they need to (locals.getUser), so
// they keep working, signed in or not, while the function is down.
import { error, redirect, type Handle } from "@sveltejs/kit";
import { AuthError, type User } from "@appwrite-cookie-auth/web/server";
import { authServer } from "$lib/server/auth";

const protectedPaths = ["/account"];

export const handle: Handle = async ({ event, resolve }) => {
  let asked: Promise<User | null> | undefined;
  event.locals.getUser = () => (asked ??= authServer().getUserFromRequest(event.request));
  const path = event.url.pathname;
  if (protectedPaths.some((p) => path === p || path.startsWith(p + "/"))) {
    let user: User | null;
    try {
      user = await event.locals.getUser();
    } catch (err) {
      // Unreachable or misconfigured: say so, never "signed out".
      console.error("auth check failed:", err);
      error(503, `Sign-in is unavailable right now (${err instanceof AuthError ? err.type : "unknown"}).`);
    }
    if (user === null) redirect(303, "/login");
  }
  return resolve(event);
};
