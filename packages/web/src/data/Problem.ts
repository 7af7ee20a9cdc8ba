/** What went wrong with a request, as the page says it. `transient` problems are retried by themselves. */
export interface Problem {
  readonly kind: "unavailable" | "timeout" | "not-found" | "invalid" | "response" | "defect"
  readonly message: string
}

const tagOf = (error: unknown) =>
  typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : undefined

const messageOf = (error: unknown) =>
  typeof error === "object" && error !== null && "message" in error && typeof error.message === "string"
    ? error.message
    : String(error)

/** The client's typed errors (`ZeUnavailable`, `ZeTimeout`, `ZeResponseError`) and the API's own, by tag. */
export const problemOf = (error: unknown): Problem => {
  const tag = tagOf(error)
  const message = messageOf(error)
  switch (tag) {
    case "ZeUnavailable":
      return { kind: "unavailable", message }
    case "ZeTimeout":
      return { kind: "timeout", message }
    case "RunNotFound":
    case "BatchNotFound":
    case "ArtifactNotFound":
      return { kind: "not-found", message }
    case "InvalidRequest":
    case "Unauthorized":
    case "Forbidden":
      return { kind: "invalid", message }
    case "ZeResponseError":
      return { kind: "response", message }
    default:
      return { kind: "defect", message }
  }
}

export const isTransient = (problem: Problem) => problem.kind === "unavailable" || problem.kind === "timeout"
