/**
 * The dependency rule of DESIGN.md: arrows point inwards only. `core` imports no other folder of
 * ours; the renderer imports nothing from src-main but the API contract (types).
 */
module.exports = {
  forbidden: [
    {
      name: "core-is-innermost",
      severity: "error",
      comment: "src-main/core must not import from builtin, tracing, llm, interop, api or hosts",
      from: { path: "^src-main/core/" },
      to: { path: "^src-main/(?!core/)" },
    },
    {
      name: "inner-layers-do-not-import-api-or-hosts",
      severity: "error",
      comment:
        "builtin, tracing, llm, interop, isolation, agent and testing depend on core only, never on api or hosts",
      from: { path: "^src-main/(builtin|tracing|llm|interop|isolation|agent|testing)/" },
      to: { path: "^src-main/(api|hosts)/" },
    },
    {
      name: "inner-layers-do-not-import-each-other",
      severity: "error",
      comment:
        "builtin, tracing, llm, interop, isolation, agent and testing meet only in api (the composition root), never directly",
      from: { path: "^src-main/(builtin|tracing|llm|interop|isolation|agent|testing)/" },
      to: {
        path: "^src-main/(builtin|tracing|llm|interop|isolation|agent|testing)/",
        pathNot: "^src-main/$1/",
      },
    },
    {
      name: "api-does-not-import-hosts",
      severity: "error",
      from: { path: "^src-main/api/" },
      to: { path: "^src-main/hosts/" },
    },
    {
      name: "hosts-import-the-api-only",
      severity: "error",
      comment:
        "hosts (CLI, web, Electron, MCP) are transports and formatting over the Workbench API: they import src-main/api only (inner types reach them re-exported through the contract)",
      from: { path: "^src-main/hosts/" },
      to: { path: "^src-main/(?!api/|hosts/)" },
    },
    {
      name: "renderer-only-imports-the-contract",
      severity: "error",
      comment:
        "the renderer talks only to the Workbench API: it may import its contract, nothing else",
      from: { path: "^src-renderer/" },
      to: { path: "^src-main/", pathNot: "^src-main/api/contract\\.ts$" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
