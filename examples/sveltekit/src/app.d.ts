import type { User } from "@appwrite-cookie-auth/web";

declare global {
  namespace App {
    interface Locals {
      /**
       * The signed-in user, or null when signed out: asked of the function
       * once per request, on the first call (hooks.server.ts). It throws
       * when the function cannot say.
       */
      getUser(): Promise<User | null>;
    }
  }
}

export {};
