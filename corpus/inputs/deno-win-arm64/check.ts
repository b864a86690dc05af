// Shared by the deno test programs: the TAP checks of ../tap/tap.ts (copied beside this file),
// and digests through WebCrypto.
export { attempt, check, failed, finish, pattern } from "./tap.ts";
export const hex = (b: ArrayBuffer | Uint8Array) => Array.from(new Uint8Array(b instanceof Uint8Array ? b : new Uint8Array(b)), (x) => x.toString(16).padStart(2, "0")).join("");
export const sha256 = async (b: Uint8Array | string) => hex(await crypto.subtle.digest("SHA-256", typeof b === "string" ? new TextEncoder().encode(b) : b));
