// The Python interpreter the JS tests run kbgen with: the one scripts/test set up.
// A bare `python3` on a fresh machine has none of the project's packages.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";

import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

function projectPython() {
  if (process.env.KBGEN_PYTHON) return process.env.KBGEN_PYTHON;
  const venv = path.join(REPO, ".venv", "bin", "python");
  if (fs.existsSync(venv)) return venv;
  throw new Error("no project interpreter: run the tests with ./scripts/test (it sets KBGEN_PYTHON)");
}

/** Run `code` with the project's Python in the repository folder; return what it printed, parsed as JSON. */
function pythonJson(code) {
  const out = execFileSync(projectPython(), ["-c", code], { cwd: REPO, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" });
  return JSON.parse(out);
}

export { REPO, pythonJson };
