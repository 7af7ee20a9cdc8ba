import type { CliConfig, Command } from "@effect/cli"
import { Command as Commands, HelpDoc, Span, Usage } from "@effect/cli"
import { Array as Arr } from "effect"

/** What @effect/cli writes under every text argument and option: it says nothing, so the pages leave it out. */
const genericText = new Set([
  "A user-defined piece of text.",
  "A user-defined piece of text that is confidential.",
  "This setting is optional.",
  "A true or false value.",
  "An integer.",
  "A floating point number."
])

/** "One of the following: table, json" repeats the choices the option's own line already lists. */
const choicesAgain = /^One of the following: /

const isGeneric = (doc: HelpDoc.HelpDoc) =>
  doc._tag === "Paragraph" && doc.value._tag === "Text" &&
  (genericText.has(doc.value.value) || choicesAgain.test(doc.value.value))

const withoutGenericText = (doc: HelpDoc.HelpDoc): HelpDoc.HelpDoc => {
  switch (doc._tag) {
    case "Paragraph":
      return isGeneric(doc) ? HelpDoc.empty : doc
    case "Sequence":
      return HelpDoc.sequence(withoutGenericText(doc.left), withoutGenericText(doc.right))
    case "DescriptionList":
      return HelpDoc.descriptionList(
        Arr.map(doc.definitions, ([term, description]) => [term, withoutGenericText(description)] as const)
      )
    case "Enumeration":
      return HelpDoc.enumeration(Arr.map(doc.elements, withoutGenericText))
    default:
      return doc
  }
}

export interface CommandPage {
  readonly help: (config: CliConfig.CliConfig) => HelpDoc.HelpDoc
  readonly usage: (config: CliConfig.CliConfig) => ReadonlyArray<Span.Span>
}

export const commandPage = <Name extends string, R, E, A>(command: Command.Command<Name, R, E, A>): CommandPage => ({
  help: (config) => withoutGenericText(Commands.getHelp(command, config)),
  usage: (config) => Usage.enumerate(Commands.getUsage(command), config)
})

/** One command's `--help`: its usage as typed (`$ ze runs list ...`), its description, arguments and options. */
export const renderCommandPage = (
  page: CommandPage,
  parents: ReadonlyArray<string>,
  header: string,
  footer: HelpDoc.HelpDoc,
  config: CliConfig.CliConfig
) =>
  HelpDoc.toAnsiText(HelpDoc.blocks([
    HelpDoc.p(header),
    HelpDoc.h1("USAGE"),
    ...page.usage(config).map((span) =>
      HelpDoc.p(Span.spans([Span.text(`$ ze ${parents.join(" ")}${parents.length > 0 ? " " : ""}`), span]))
    ),
    page.help(config),
    footer
  ]))
