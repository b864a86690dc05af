// Shared by the bun test programs: the TAP checks of ../tap/tap.ts (copied beside this file),
// and what only bun has.
export { attempt, check, failed, finish, pattern } from "./tap.ts";
export const sha256 = (b: string | Uint8Array | ArrayBuffer) => new Bun.CryptoHasher("sha256").update(b).digest("hex");
