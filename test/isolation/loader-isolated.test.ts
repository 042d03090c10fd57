// The loader's whole suite again, with every plugin imported and run in a worker plugin host:
// the report (status, tools, reasons, messages), reloads and watch mode must not change.
process.env.AGENTIC_TEST_ISOLATION = "1";
await import("../core/loader.test.ts");
