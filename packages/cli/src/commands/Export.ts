import { Command, Options } from "@effect/cli"
import { FileSystem } from "@effect/platform"
import { ZeClient } from "@ze/client"
import type { BatchDetail } from "@ze/domain"
import { Console, Effect, Option } from "effect"
import { stripAnsi } from "../Ansi.js"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { BatchDetailDocument } from "../Documents.js"
import { FileError } from "../Errors.js"
import { batchToCsv } from "../exporters/Csv.js"
import { batchToJunit } from "../exporters/Junit.js"
import { batchToMarkdown } from "../exporters/Markdown.js"
import { encodeJson } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import { batchIdArg } from "./BatchesShow.js"

const exportFormats = ["json", "csv", "junit", "markdown"] as const
type ExportFormat = (typeof exportFormats)[number]

const render = (format: ExportFormat, batch: BatchDetail) =>
  Effect.gen(function*() {
    switch (format) {
      case "json":
        return `${yield* encodeJson(BatchDetailDocument, batch)}\n`
      case "csv":
        return batchToCsv(batch)
      case "junit":
        return batchToJunit(batch)
      case "markdown":
        return batchToMarkdown(batch)
    }
  })

export const outOption = Options.text("out").pipe(
  Options.withAlias("o"),
  Options.withPseudoName("FILE"),
  Options.withDescription("Write to this file instead of stdout."),
  Options.optional
)

/** To stdout, or to `--out FILE` (without colours). */
export const writeOutput = (text: string, out: Option.Option<string>) =>
  Option.match(out, {
    onNone: () => Console.log(text.endsWith("\n") ? text.slice(0, -1) : text),
    onSome: (path) =>
      Effect.flatMap(FileSystem.FileSystem, (fs) => fs.writeFileString(path, stripAnsi(text))).pipe(
        Effect.mapError((error) => new FileError({ message: `Cannot write ${path}: ${error.message}`, path })),
        Effect.zipRight(Console.error(`Wrote ${path}`))
      )
  })

export const exportHelp: CommandHelp = {
  usage: "export BATCH_ID",
  summary:
    "Export one batch: json (the batch with its runs), csv (a row per run), junit (a test case per run) or markdown.",
  examples: ["ze export BATCH_ID --format junit --out ze-results.xml", "ze export BATCH_ID --format markdown"]
}

export const exportBatch = Command.make(
  "export",
  {
    batchId: batchIdArg,
    format: Options.choice("format", exportFormats).pipe(
      Options.withAlias("f"),
      Options.withDescription(
        "json (the batch with its runs), csv (one row per run), junit (one test case per run) or markdown."
      ),
      Options.withDefault("json" as ExportFormat)
    ),
    out: outOption,
    store: storeOptions
  },
  ({ batchId, format, out, store }) =>
    Effect.gen(function*() {
      const ze = yield* ZeClient
      const batch = yield* ze.batches.get({ path: { batchId } })
      yield* writeOutput(yield* render(format, batch), out)
    }).pipe(withStore(store, "read"))
).pipe(Command.withDescription(describeCommand(exportHelp)))
