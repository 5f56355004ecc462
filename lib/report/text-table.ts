// Plain-text building blocks shared by the summary's sections: optional ANSI colour and aligned columns.

export type Style = 'green' | 'red' | 'yellow' | 'bold';
export type Cell = { text: string; style?: Style };
export type Paint = (text: string, style?: Style) => string;

const ANSI: Record<Style, string> = { green: '32', red: '31', yellow: '33', bold: '1' };

export function painter(color: boolean): Paint {
  return (text, style) => (color && style ? `\x1b[${ANSI[style]}m${text}\x1b[0m` : text);
}

/**
 * Left-aligned columns, two spaces apart, a dashed rule under the header. Cells are padded before they are painted
 * so escape codes never count towards a column's width; the last column is not padded, so lines have no trailing blanks.
 */
export function table(header: string[], rows: Cell[][], paint: Paint): string[] {
  const headerRow: Cell[] = header.map((text) => ({ text, style: 'bold' }));
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col]?.text.length ?? 0)));
  const render = (cells: Cell[]) =>
    cells.map((c, col) => paint(col === cells.length - 1 ? c.text : c.text.padEnd(widths[col] ?? 0), c.style)).join('  ');
  return [render(headerRow), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)];
}
