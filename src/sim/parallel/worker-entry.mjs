// Worker thread entry: registers the tsx loader in this thread (as bin/fedrec.js does for the main thread),
// then runs the TypeScript worker. Needs no build step, so it works from a fresh clone.
import { register } from "tsx/esm/api";
register();
await import("./worker.ts");
