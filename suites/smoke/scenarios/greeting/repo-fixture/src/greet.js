/** A greeting. */
export const greet = () => "Hello!"
