import { RunBaseline } from "@ze/domain"
import { Option, Schema } from "effect"
import { dim, green, red } from "../Ansi.js"
import { formatDuration } from "../Display.js"
import { heading, renderTable } from "../Table.js"

const HeuristicCheck = Schema.Struct({
  name: Schema.String,
  weight: Schema.Number,
  passed: Schema.Boolean,
  description: Schema.optional(Schema.NullOr(Schema.String)),
  error: Schema.optional(Schema.NullOr(Schema.String))
})

const CommandRun = Schema.Struct({
  kind: Schema.String,
  command: Schema.String,
  required: Schema.Boolean,
  passed: Schema.Boolean,
  exitCode: Schema.NullOr(Schema.Number),
  timedOut: Schema.Boolean,
  durationMs: Schema.Number
})

const Finding = Schema.Struct({ kind: Schema.String, file: Schema.String, detail: Schema.String })

/** The parts of a harness run's metadata that `runs show` prints; runs from other tools simply lack them. */
const RunMetadata = Schema.parseJson(Schema.Struct({
  commands: Schema.optionalWith(Schema.Array(CommandRun), { default: () => [] }),
  heuristicChecks: Schema.optionalWith(Schema.Array(HeuristicCheck), { default: () => [] }),
  integrityFindings: Schema.optionalWith(Schema.Array(Finding), { default: () => [] }),
  baseline: Schema.optionalWith(Schema.NullOr(RunBaseline), { default: () => null })
}))

const renderBaseline = (baseline: RunBaseline) => [
  ...heading("Baseline (the untouched fixture, no agent)"),
  `  fails there, so it can tell: ${
    baseline.discriminating.length === 0 ? red("nothing") : baseline.discriminating.join(", ")
  }`,
  `  passes there already:        ${
    baseline.passingOnBaseline.length === 0 ? dim("none") : baseline.passingOnBaseline.join(", ")
  }`,
  `  passed in this run:          ${
    baseline.passedDiscriminating.length === 0
      ? dim("none of those that can tell")
      : baseline.passedDiscriminating.join(", ")
  }`
]

const mark = (passed: boolean) => (passed ? green("✓") : red("✗"))

/** Validation commands, heuristic checks (as upstream's table) and integrity findings, when the run has them. */
export const renderRunMetadata = (metadata: string | null, width: number | undefined): ReadonlyArray<string> => {
  const decoded = Schema.decodeUnknownOption(RunMetadata)(metadata)
  if (Option.isNone(decoded)) return []
  const { baseline, commands, heuristicChecks, integrityFindings } = decoded.value
  const passedWeight = heuristicChecks.filter((c) => c.passed).reduce((sum, c) => sum + c.weight, 0)
  const totalWeight = heuristicChecks.reduce((sum, c) => sum + c.weight, 0)
  return [
    ...(commands.length === 0 ? [] : [
      ...heading("Validation commands"),
      ...renderTable(
        [
          {
            header: "",
            value: (c: typeof CommandRun.Type) => (c.passed ? "✓" : "✗"),
            style: (c) => (c.passed ? green : red)
          },
          { header: "KIND", value: (c) => `${c.kind}${c.required ? "" : dim(" (optional)")}` },
          { header: "COMMAND", value: (c) => c.command, shrinkable: true },
          { header: "EXIT", value: (c) => (c.timedOut ? "timeout" : String(c.exitCode ?? "–")), align: "right" },
          { header: "TIME", value: (c) => formatDuration(c.durationMs), align: "right" }
        ],
        commands,
        width
      )
    ]),
    ...(heuristicChecks.length === 0 ? [] : [
      ...heading("Heuristic checks"),
      ...renderTable(
        [
          {
            header: "",
            value: (c: typeof HeuristicCheck.Type) => (c.passed ? "✓" : "✗"),
            style: (c) => (c.passed ? green : red)
          },
          { header: "CHECK", value: (c) => c.name },
          { header: "WEIGHT", value: (c) => String(c.weight), align: "right" },
          { header: "DETAIL", value: (c) => c.error ?? c.description ?? "", shrinkable: true }
        ],
        heuristicChecks,
        width
      ),
      dim(
        `${heuristicChecks.filter((c) => c.passed).length}/${heuristicChecks.length} checks passed, ` +
          `score ${totalWeight === 0 ? "–" : `${((passedWeight / totalWeight) * 100).toFixed(1)}%`}`
      )
    ]),
    ...(baseline === null ? [] : renderBaseline(baseline)),
    ...(integrityFindings.length === 0 ? [] : [
      ...heading("Integrity findings"),
      ...integrityFindings.map((f) =>
        `  ${mark(false)} ${f.kind} ${f.file}${f.detail === "" ? "" : dim(`: ${f.detail}`)}`
      )
    ])
  ]
}
