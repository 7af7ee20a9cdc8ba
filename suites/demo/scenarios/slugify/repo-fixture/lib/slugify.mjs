/** A URL slug for `text`. */
export function slugify(text) {
  // TODO: lower case, strip accents, collapse separators
  return text
}
