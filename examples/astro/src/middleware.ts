// Protected paths learn who is signed in before their page renders, and a
// signed-out visitor is sent to /login, so no page under them can forget
// to. Other pages ask only if they need to (Astro.locals.getUser), so they
// keep working, signed in or not, while the function is down.
import { defineMiddleware } from "astro:middleware";
import { AuthError, type User } from "@appwrite-cookie-auth/web/server";
import { authServer } from "./lib/auth";

const protectedPaths = ["/account"];

export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next(); // built once: no visitor, no cookie
  let asked: Promise<User | null> | undefined;
  context.locals.getUser = () => (asked ??= authServer().getUserFromRequest(context.request));
  const path = context.url.pathname;
  if (protectedPaths.some((p) => path === p || path.startsWith(p + "/"))) {
    let user: User | null;
    try {
      user = await context.locals.getUser();
    } catch (err) {
      // Unreachable or misconfigured: say so, never "signed out".
      console.error("auth check failed:", err);
      const why = err instanceof AuthError ? err.type : "unknown";
      return new Response(`Sign-in is unavailable right now (${why}).`, { status: 503 });
    }
    if (user === null) return context.redirect("/login", 303);
  }
  return next();
});
