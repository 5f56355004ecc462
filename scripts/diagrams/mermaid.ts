// Mermaid's flowchart syntax, kept to the few forms the state machine diagrams use. Labels are always quoted and
// escaped with Mermaid's entity codes ("#quot;", "#35;"), so a state name with `?`, `:`, `(`, `#` or a quote cannot
// end a label early or be read as syntax; node ids are generated (s1, s2, ...), never taken from a state name.

/** One line of label text, escaped for a quoted Mermaid label. */
export function escapeLabel(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    // `$$...$$` is KaTeX in Mermaid labels; a JSONPath never needs it, but `$$.Map.Item.Value` would.
    .replace(/\$\$/g, '#36;#36;');
}

/** A quoted label of several lines (Mermaid breaks lines at `<br/>`). */
export const label = (lines: readonly string[]): string => `"${lines.map(escapeLabel).join('<br/>')}"`;

export type Shape = 'task' | 'pass' | 'choice' | 'wait' | 'succeed' | 'fail' | 'loop' | 'start' | 'end' | 'connector';

const WRAP: Record<Shape, [string, string]> = {
  task: ['[', ']'],
  pass: ['(', ')'],
  choice: ['{', '}'],
  wait: ['[/', '\\]'],
  succeed: ['([', '])'],
  fail: ['([', '])'],
  loop: ['[[', ']]'],
  start: ['((', '))'],
  end: ['((', '))'],
  connector: ['>', ']'],
};

export const node = (id: string, shape: Shape, lines: readonly string[]): string => `${id}${WRAP[shape][0]}${label(lines)}${WRAP[shape][1]}`;

export type EdgeKind = 'flow' | 'catch';

export function edge(from: string, to: string, kind: EdgeKind, text?: readonly string[]): string {
  const arrow = kind === 'catch' ? '-.->' : '-->';
  return text && text.length ? `${from} ${arrow}|${label(text)}| ${to}` : `${from} ${arrow} ${to}`;
}

/** Splits `parts` into lines of at most about `width` characters, joined by `separator`. */
export function wrap(parts: readonly string[], separator: string, width = 40): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    const next = line ? `${line}${separator}${part}` : part;
    if (line && next.length > width) {
      lines.push(line + separator.trimEnd());
      line = part;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}
