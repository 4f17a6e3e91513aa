declare namespace App {
  interface Locals {
    /**
     * The signed-in user, or null when signed out: asked of the function
     * once per request, on the first call (src/middleware.ts). It throws
     * when the function cannot say.
     */
    getUser(): Promise<import("@appwrite-cookie-auth/web").User | null>;
  }
}
