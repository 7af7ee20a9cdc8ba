/** Files of a new scenario: upstream's template fields, a fixture placeholder and L0..L2 prompts. */
export const scenarioYaml = (suite: string, name: string) =>
  `# ${suite}/${name}: see packages/harness/README.md for every field.
id: ${name}
suite: ${suite}
title: "TODO: one line that says what the agent must do"
description: |
  TODO: the task in a few sentences: what is wrong or missing, what a good result looks like,
  and what must not change. The LLM judge reads this.
timeout_minutes: 30

workspace:
  node: "20.x"
  manager: auto
  managers_allowed: [npm, pnpm]

# The starter fixture runs offline with plain node: replace it with your codebase (and add an
# install command, e.g. install: "npm install", if it has dependencies).
validation:
  commands:
    test: "node --test"

oracle:
  answers_file: "./oracle-answers.json"

heuristic_checks:
  enabled: false
  commands: []
  files: []
  patterns: []

llm_judge:
  enabled: true
  categories:
    - "Correctness (50%): does the change do what the task asks? Score 1-5: 1=wrong, 5=fully correct."
    - "Scope (30%): only what the task needs changes. Score 1-5: 1=unrelated edits, 5=minimal and focused."
    - "Code quality (20%): readable, idiomatic, tested. Score 1-5: 1=poor, 5=excellent."

rubric_overrides:
  weights:
    tests_nonregression: 2.0
    llm_judge: 1.0
`

/** A starter fixture that runs offline: its test fails until \`add\` is written; solution/ holds the answer. */
export const starterFixture: ReadonlyArray<readonly [string, string]> = [
  [
    "repo-fixture/package.json",
    `{ "name": "starter", "private": true, "type": "module", "scripts": { "test": "node --test" } }\n`
  ],
  [
    "repo-fixture/src/add.js",
    "// TODO (the agent's task): return the sum of a and b.\nexport const add = (a, b) => {\n  throw new Error(\"not implemented\")\n}\n"
  ],
  [
    "repo-fixture/test/add.test.js",
    "import assert from \"node:assert/strict\"\nimport { test } from \"node:test\"\nimport { add } from \"../src/add.js\"\n\ntest(\"adds two numbers\", () => {\n  assert.equal(add(2, 3), 5)\n})\n"
  ],
  ["solution/src/add.js", "export const add = (a, b) => a + b\n"]
]

export const fixtureReadme = (suite: string, name: string) =>
  `# ${suite}/${name}: repository fixture

Put the starting codebase of this scenario here. Each run copies this folder (without README.md files, as
upstream did) into a fresh git workspace, lets the agent work in it, then runs the validation commands of
scenario.yaml. A reference solution for the \`oracle\` agent goes in ../solution/ (files laid over the
fixture) or ../solution.patch.
`

export const prompts: ReadonlyArray<readonly [string, (name: string) => string]> = [
  ["L0-minimal.md", () => "TODO: the bare request, as a user would type it in one line.\n"],
  [
    "L1-basic.md",
    () =>
      "TODO: a typical request with basic context: what to change, which package manager to use, and that tests and lint must keep passing.\n"
  ],
  [
    "L2-directed.md",
    () =>
      "TODO: explicit, step-by-step instructions with constraints and targets. Ask before any risky or breaking change.\n"
  ]
]
