// The one place that decides whether the CLI colours what it prints. Colour is for a person at a terminal: a pipe, a
// file or a CI log gets plain text (escape codes there are noise a grep or a diff trips on), and so does anyone who
// sets NO_COLOR (https://no-color.org: "when present and not an empty string, prevents the addition of ANSI
// color"). FORCE_COLOR (the convention Node.js and most CLIs follow) asks for colour where there is no terminal.

export interface ColorContext {
  /** `--no-color` makes this false; absent means the command has no such option or it was not given. */
  flag?: boolean;
  /** Whether the stream the coloured text goes to is a terminal. */
  isTTY: boolean | undefined;
  env: Record<string, string | undefined>;
}

const set = (value: string | undefined) => value !== undefined && value !== '';

export function useColor({ flag = true, isTTY, env }: ColorContext): boolean {
  if (!flag || set(env.NO_COLOR)) return false;
  const force = env.FORCE_COLOR;
  // FORCE_COLOR=0 or false means "no colour" in Node.js's and supports-color's reading of it.
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(isTTY);
}
