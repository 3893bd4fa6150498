/** Process entry point: runs the CLI on this process's arguments. */
import { main } from "./index.js";

await main(process.argv);
