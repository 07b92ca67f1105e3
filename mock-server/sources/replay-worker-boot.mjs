// Worker threads do not inherit the parent's `--import tsx`: load tsx here, then the TypeScript
// worker itself (replay-worker.ts), in `npm start` and in the tests alike.
import { register } from "tsx/esm/api";

register();
await import("./replay-worker.ts");
