"use strict"

const isPlainObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value)

/** Merges `override` into `base` deeply and returns a new object: nested plain objects merge, anything else is replaced. */
function merge(base, override) {
  const result = { ...base }
  for (const [key, value] of Object.entries(override)) {
    result[key] = isPlainObject(value) && isPlainObject(base[key]) ? merge(base[key], value) : value
  }
  return result
}

module.exports = { merge }
