import type { User } from "@appwrite-cookie-auth/web";

declare global {
  namespace App {
    interface Locals {
      /** The signed-in user, from hooks.server.ts; null when signed out. */
      user: User | null;
    }
  }
}

export {};
