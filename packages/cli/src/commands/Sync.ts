import { Command, Options } from "@effect/cli"
import { Spool } from "@ze/harness"
import { Console, Effect, Option } from "effect"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { GateFailed } from "../Errors.js"
import { storeOptions, withStore } from "../Store.js"

export const syncHelp: CommandHelp = {
  usage: "sync",
  summary:
    "Send the results kept in the spool (.ze/spool, or ZE_SPOOL_DIR) while the server could not be reached; each one the server accepts is removed.",
  examples: ["ze sync --server https://ze.example.workers.dev", "ZE_SERVER_URL=http://127.0.0.1:8787 ze sync"]
}

const spoolOption = Options.directory("spool").pipe(
  Options.withPseudoName("DIR"),
  Options.withDescription("The spool folder (default .ze/spool, or ZE_SPOOL_DIR)."),
  Options.optional
)

export const sync = Command.make(
  "sync",
  { spool: spoolOption, store: storeOptions },
  ({ spool, store }) =>
    Effect.gen(function*() {
      const pending = yield* Spool
      const report = yield* pending.sync.pipe(withStore(store, "write"))
      yield* Console.log(`Sent ${report.sent.length} result(s) from ${pending.directory}.`)
      for (const { file, reason } of report.kept) yield* Console.error(`Kept ${file}: ${reason}`)
      if (report.kept.length > 0) {
        return yield* new GateFailed({
          message: `${report.kept.length} result(s) were not accepted and stay in the spool`
        })
      }
    }).pipe(Effect.provide(Option.match(spool, { onNone: () => Spool.layer, onSome: Spool.make })))
).pipe(Command.withDescription(describeCommand(syncHelp)))
