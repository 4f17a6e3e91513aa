// Every request learns who is signed in before any load function runs:
// locals.user is the user, or null. Protected paths redirect here, so no
// page under them can forget to.
import { error, redirect, type Handle } from "@sveltejs/kit";
import { AuthError } from "@appwrite-cookie-auth/web/server";
import { authServer } from "$lib/server/auth";

const protectedPaths = ["/account"];

export const handle: Handle = async ({ event, resolve }) => {
  try {
    event.locals.user = await authServer().getUserFromRequest(event.request);
  } catch (err) {
    // Unreachable or misconfigured: say so, never "signed out".
    console.error("auth check failed:", err);
    error(503, `Sign-in is unavailable right now (${err instanceof AuthError ? err.type : "unknown"}).`);
  }
  const path = event.url.pathname;
  if (event.locals.user === null && protectedPaths.some((p) => path === p || path.startsWith(p + "/"))) {
    redirect(303, `/login?next=${encodeURIComponent(path)}`);
  }
  return resolve(event);
};
