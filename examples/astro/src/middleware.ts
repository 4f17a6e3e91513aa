// Every server-rendered request learns who is signed in before its page
// renders: Astro.locals.user is the user, or null. Protected paths
// redirect here, so no page under them can forget to.
import { defineMiddleware } from "astro:middleware";
import { AuthError } from "@appwrite-cookie-auth/web/server";
import { authServer } from "./lib/auth";

const protectedPaths = ["/account"];

export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next(); // built once: no visitor, no cookie
  try {
    context.locals.user = await authServer().getUserFromRequest(context.request);
  } catch (err) {
    // Unreachable or misconfigured: say so, never "signed out".
    console.error("auth check failed:", err);
    const why = err instanceof AuthError ? err.type : "unknown";
    return new Response(`Sign-in is unavailable right now (${why}).`, { status: 503 });
  }
  const path = context.url.pathname;
  if (context.locals.user === null && protectedPaths.some((p) => path === p || path.startsWith(p + "/"))) {
    return context.redirect(`/login?next=${encodeURIComponent(path)}`, 303);
  }
  return next();
});
