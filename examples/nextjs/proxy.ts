// Next.js 16's proxy (the file convention called middleware before 16):
// every request to /account is checked against the function before any
// page renders, and a signed-out visitor is sent to /login.
import { NextResponse, type NextRequest } from "next/server";
import { AuthError } from "@appwrite-cookie-auth/web/server";
import { authServer } from "./lib/auth";

export async function proxy(request: NextRequest) {
  try {
    const user = await authServer().getUserFromRequest(request);
    if (user === null) {
      return NextResponse.redirect(new URL("/login", request.url), 303);
    }
  } catch (err) {
    // Unreachable or misconfigured: say so, never "signed out".
    console.error("auth check failed:", err);
    const why = err instanceof AuthError ? err.type : "unknown";
    return new NextResponse(`Sign-in is unavailable right now (${why}).`, { status: 503 });
  }
  return NextResponse.next();
}

export const config = { matcher: ["/account/:path*"] };
