import { HelpDoc, Span } from "@effect/cli"

/** What `ze --help` lists about a command, and what its own `--help` shows above the options. */
export interface CommandHelp {
  readonly usage: string
  readonly summary: string
  readonly details?: string
  readonly examples: ReadonlyArray<string>
}

export const describeCommand = (help: CommandHelp): HelpDoc.HelpDoc =>
  HelpDoc.blocks([
    HelpDoc.p(help.summary),
    ...(help.details === undefined ? [] : [HelpDoc.p(help.details)]),
    HelpDoc.p(Span.strong("Examples:")),
    ...help.examples.map((example) => HelpDoc.p(Span.code(`  $ ${example}`)))
  ])
