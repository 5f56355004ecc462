// The plan plan init drafted, as commented YAML: the `yaml` package's Document keeps a comment on any node, so each
// note lands above the field it is about, or at the end of its line.
import { Document, isMap, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { PlanDraft } from './draft';

const commentText = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? ` ${line}` : ''))
    .join('\n');

/** The key node of a map entry, where a comment above the entry goes. */
function keyOf(doc: Document, path: readonly (string | number)[]): Scalar | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p: Pair) => (p.key as Scalar | undefined)?.value === path[path.length - 1]);
  return pair?.key as Scalar | undefined;
}

export function renderPlan(draft: PlanDraft): string {
  const doc = new Document(draft.plan);
  doc.commentBefore = commentText(draft.header.join('\n'));
  for (const note of draft.notes) {
    const node = doc.getIn(note.path, true) as Node | undefined;
    if (!node) throw new Error(`plan init: no node at ${note.path.join('.')} for a note`);
    if (note.before) {
      // An entry of a list carries its comment itself; an entry of a map on its key.
      const target = typeof note.path[note.path.length - 1] === 'number' ? node : keyOf(doc, note.path);
      if (!target) throw new Error(`plan init: no key at ${note.path.join('.')} for a note`);
      target.commentBefore = commentText(note.before);
      // A blank line between top-level blocks and between targets, none right under `targets:`.
      target.spaceBefore = note.path.length === 1 || (typeof note.path[note.path.length - 1] === 'number' && note.path[note.path.length - 1] !== 0);
    }
    if (note.after) node.comment = commentText(note.after);
  }
  // Short lists of ids stay on one line: [eu-west-1, eu-west-2].
  for (const path of [['residency', 'allowedRegions']]) {
    const node = doc.getIn(path, true);
    if (isSeq(node)) node.flow = true;
  }
  const restore = doc.getIn(['defaults', 'restore'], true);
  if (isMap(restore)) {
    for (const typePair of restore.items) {
      if (!isMap(typePair.value)) continue;
      for (const field of typePair.value.items) if (isSeq(field.value)) field.value.flow = true;
    }
  }
  if (draft.footer.length) doc.comment = commentText(draft.footer.join('\n'));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
