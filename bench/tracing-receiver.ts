/**
 * The Langfuse stand-in (test/tracing/langfuse-receiver.ts) in a child process for the tracing
 * benchmark, so parsing what it receives does not run on the benchmarked process's thread.
 * Messages: "count" → { received } (observations so far; the list is emptied as it is counted),
 * "stop" → exits.
 */
import { LangfuseReceiver } from "../test/tracing/langfuse-receiver.ts";

const receiver = new LangfuseReceiver("pk-lf-bench", "sk-lf-bench");
const url = await receiver.start();
let received = 0;
process.on("message", (message) => {
  if (message === "count") {
    received += receiver.observations.splice(0).length;
    process.send?.({ received });
  } else if (message === "stop") {
    void receiver.stop().then(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
process.send?.({ url });
