// A line-by-line check of the Mermaid flowcharts scripts/diagrams writes: each line must be one of the forms the
// generator uses (node, edge, subgraph, end, classDef, class), labels quoted with no raw quote inside, subgraphs
// balanced, every edge between declared ids. Mermaid itself parses only with a browser DOM, and would add ~180 MB of
// packages for this one check: the lint catches what a generator bug would break (a label that ends early, an
// unclosed subgraph, an edge to nothing), and the forms it accepts are ones Mermaid 11 rendered from this output.

const ID = '[A-Za-z][A-Za-z0-9_]*';
const LABEL = '"([^"]*)"';
const SHAPES = ['>', '\\]', '\\[\\[', '\\]\\]', '\\[/', '\\\\\\]', '\\(\\[', '\\]\\)', '\\(\\(', '\\)\\)', '\\{', '\\}', '\\[', '\\]', '\\(', '\\)'];
const OPEN_CLOSE: [string, string][] = [];
for (let i = 0; i < SHAPES.length; i += 2) OPEN_CLOSE.push([SHAPES[i]!, SHAPES[i + 1]!]);
const NODE = new RegExp(`^(${ID})(?:${OPEN_CLOSE.map(([o, c]) => `${o}${LABEL}${c}`).join('|')})$`);
const EDGE = new RegExp(`^(${ID}) (-->|-\\.->)(?:\\|${LABEL}\\|)? (${ID})$`);
const SUBGRAPH = new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`);
const CLASS_DEF = /^classDef [a-z]+ [a-z-]+:[^;,]+(,[a-z-]+:[^;,]+)*$/;
const CLASS = new RegExp(`^class (${ID}(?:,${ID})*) [a-z]+$`);
/** Mermaid's entity codes the generator writes, and the one tag it uses (a line break). */
const ALLOWED_IN_LABEL = /^(?:[^#<>"]|#(?:35|36|quot|amp|lt|gt);|<br\/>)*$/;

export interface FlowchartNode {
  id: string;
  /** The label, decoded, one entry per line. */
  lines: string[];
  /** The shape's opening bracket(s). */
  shape: string;
}

export const decodeLabel = (text: string): string[] =>
  text.split('<br/>').map((line) =>
    line.replace(/#quot;/g, '"').replace(/#amp;/g, '&').replace(/#lt;/g, '<').replace(/#gt;/g, '>').replace(/#36;/g, '$').replace(/#35;/g, '#'),
  );

/** Problems found in `mermaid` (empty when it looks right), and its nodes. */
export function lintFlowchart(mermaid: string): { problems: string[]; nodes: FlowchartNode[]; edges: { from: string; to: string; dashed: boolean; label?: string[] }[] } {
  const problems: string[] = [];
  const nodes: FlowchartNode[] = [];
  const edges: { from: string; to: string; dashed: boolean; label?: string[] }[] = [];
  const declared = new Set<string>();
  const declare = (id: string, line: number): void => {
    if (declared.has(id)) problems.push(`line ${line}: id ${id} declared twice`);
    declared.add(id);
  };
  const labelOk = (text: string, line: number): void => {
    if (!ALLOWED_IN_LABEL.test(text)) problems.push(`line ${line}: label has an unescaped character: ${text}`);
  };
  const lines = mermaid.split('\n');
  if (lines[0] !== 'flowchart TD') problems.push(`line 1: expected "flowchart TD", got ${lines[0]}`);
  let depth = 0;
  for (const [i, raw] of lines.slice(1).entries()) {
    const n = i + 2;
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = NODE.exec(line))) {
      const text = m.slice(2).find((g) => g !== undefined)!;
      declare(m[1]!, n);
      labelOk(text, n);
      nodes.push({ id: m[1]!, lines: decodeLabel(text), shape: line.slice(m[1]!.length, m[1]!.length + 2) });
    } else if ((m = EDGE.exec(line))) {
      if (m[3] !== undefined) labelOk(m[3], n);
      edges.push({ from: m[1]!, to: m[4]!, dashed: m[2] === '-.->', ...(m[3] !== undefined ? { label: decodeLabel(m[3]) } : {}) });
    } else if ((m = SUBGRAPH.exec(line))) {
      declare(m[1]!, n);
      labelOk(m[2]!, n);
      nodes.push({ id: m[1]!, lines: decodeLabel(m[2]!), shape: 'subgraph' });
      depth += 1;
    } else if (line === 'end') {
      depth -= 1;
      if (depth < 0) problems.push(`line ${n}: "end" without a subgraph`);
    } else if (CLASS_DEF.test(line)) {
      // styles only
    } else if ((m = CLASS.exec(line))) {
      for (const id of m[1]!.split(',')) if (!declared.has(id)) problems.push(`line ${n}: class of undeclared id ${id}`);
    } else {
      problems.push(`line ${n}: not a form the diagrams use: ${line}`);
    }
  }
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed`);
  for (const e of edges) for (const id of [e.from, e.to]) if (!declared.has(id)) problems.push(`edge ${e.from} -> ${e.to}: ${id} is not declared`);
  return { problems, nodes, edges };
}
