import { cpSync, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository's own suites (demo, smoke). */
export const repoSuites = fileURLToPath(new URL("../../../../suites", import.meta.url))

/** A suites folder with a copy of smoke plus scenarios written by the test. */
export const makeSuites = (
  directory: string,
  scenarios: Record<string, { readonly yaml: string; readonly fixture?: boolean }>
) => {
  const root = join(directory, "suites")
  cpSync(join(repoSuites, "smoke"), join(root, "smoke"), { recursive: true })
  for (const [name, { fixture = true, yaml }] of Object.entries(scenarios)) {
    const dir = join(root, "lab", "scenarios", name)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, "scenario.yaml"), yaml)
    if (fixture) {
      mkdirSync(join(dir, "repo-fixture"), { recursive: true })
      writeFileSync(join(dir, "repo-fixture", "index.js"), "export const answer = 42\n")
    }
    mkdirSync(join(root, "lab", "prompts", name), { recursive: true })
    writeFileSync(join(root, "lab", "prompts", name, "L0-minimal.md"), "Do nothing.\n")
  }
  return root
}

export const scenarioYaml = (name: string, extra = "") =>
  `id: ${name}\nsuite: lab\ntitle: "${name}"\nvalidation:\n  commands:\n    test: "node -e 'process.exit(0)'"\n${extra}`
