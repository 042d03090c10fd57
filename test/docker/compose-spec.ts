/**
 * The Compose Specification's JSON Schema, as docker-compose 1.29.2 ships it on PyPI
 * (compose/config/compose_spec.json, Apache-2.0). Docker cannot run here, so the compose file is
 * checked against the specification instead; the wheel is downloaded once into a cache folder.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CACHE = fileURLToPath(new URL("../../node_modules/.cache/compose-spec", import.meta.url));
const WHEEL_VERSION = "1.29.2";

/** Downloads (once) and returns the Compose Specification schema. */
export function composeSpecSchema(): Record<string, unknown> {
  const target = path.join(CACHE, "compose_spec.json");
  if (!existsSync(target)) {
    mkdirSync(CACHE, { recursive: true });
    execFileSync(
      "python3",
      [
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--quiet",
        "-d",
        CACHE,
        `docker-compose==${WHEEL_VERSION}`,
      ],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    execFileSync("python3", [
      "-c",
      "import glob, sys, zipfile; w = glob.glob(sys.argv[1] + '/docker_compose-*.whl')[0]; open(sys.argv[2], 'wb').write(zipfile.ZipFile(w).read('compose/config/compose_spec.json'))",
      CACHE,
      target,
    ]);
  }
  return JSON.parse(readFileSync(target, "utf8")) as Record<string, unknown>;
}
