import type { ZeClientShape } from "@ze/client"
import { ZeClient } from "@ze/client"
import { Cause, Effect, Exit, Option } from "effect"
import type { JSX } from "solid-js"
import { createContext, createSignal, useContext } from "solid-js"
import { QueryCache } from "./Cache.js"
import type { Problem } from "./Problem.js"
import { problemOf } from "./Problem.js"
import type { DashboardRuntime } from "./runtime.js"
import { makeRuntime } from "./runtime.js"

export interface Connection {
  readonly down: boolean
  readonly message: string | null
}

export interface Api {
  readonly baseUrl: string
  readonly cache: QueryCache
  readonly connection: () => Connection
  readonly markUp: () => void
  readonly markDown: (message: string) => void
  /** Runs one client call; the answer or the failure as a `Problem`, never a thrown error. */
  readonly call: <A, E>(load: (client: ZeClientShape) => Effect.Effect<A, E>) => Promise<Exit.Exit<A, Problem>>
}

export const makeApi = (baseUrl: string, runtime: DashboardRuntime = makeRuntime(baseUrl)): Api => {
  const [connection, setConnection] = createSignal<Connection>({ down: false, message: null })
  return {
    baseUrl,
    cache: new QueryCache(),
    connection,
    markUp: () => {
      if (connection().down) setConnection({ down: false, message: null })
    },
    markDown: (message) => setConnection({ down: true, message }),
    call: (load) =>
      runtime.runPromiseExit(Effect.flatMap(ZeClient, load)).then((exit) =>
        Exit.isSuccess(exit)
          ? Exit.succeed(exit.value)
          : Exit.fail(
            Option.match(Cause.failureOption(exit.cause), {
              onNone: () => ({ kind: "defect", message: Cause.pretty(exit.cause) }) satisfies Problem,
              onSome: problemOf
            })
          )
      )
  }
}

const ApiContext = createContext<Api>()

export const ApiProvider = (props: { readonly api: Api; readonly children: JSX.Element }) => (
  <ApiContext.Provider value={props.api}>{props.children}</ApiContext.Provider>
)

export const useApi = (): Api => {
  const api = useContext(ApiContext)
  if (!api) throw new Error("useApi needs an <ApiProvider>")
  return api
}
