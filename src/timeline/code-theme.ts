// The colours of highlighted code (code-colours.ts) as Lezer highlight tags, for Lezer's
// parsers. Each rule's "class" is the colour itself, so a tag resolves straight to what the
// scene paints.
import { tagHighlighter, tags as t } from '@lezer/highlight';
import { CODE_FOREGROUND, COMMENT, CONSTANT, ENTITY, INVALID, KEYWORD, REGEXP, STRING, TAG, VARIABLE } from './code-colours.js';

export const codeTheme = tagHighlighter([
  { tag: t.comment, class: COMMENT },
  { tag: [t.keyword, t.operator, t.modifier], class: KEYWORD },
  // `.` and `?.` read as punctuation, not as operators.
  { tag: t.derefOperator, class: CODE_FOREGROUND },
  { tag: [t.string, t.character, t.attributeValue], class: STRING },
  { tag: [t.regexp, t.url, t.link], class: REGEXP },
  {
    tag: [t.number, t.bool, t.null, t.atom, t.self, t.unit, t.escape, t.constant(t.name), t.standard(t.name), t.propertyName, t.heading, t.monospace],
    class: CONSTANT,
  },
  {
    tag: [t.function(t.variableName), t.function(t.propertyName), t.typeName, t.className, t.namespace, t.macroName, t.attributeName, t.meta],
    class: ENTITY,
  },
  // Markdown's marks (`#`, `*`, `>`) take the colour of what they mark up least loudly.
  { tag: t.processingInstruction, class: CONSTANT },
  { tag: [t.tagName, t.quote, t.inserted], class: TAG },
  { tag: [t.special(t.variableName), t.changed], class: VARIABLE },
  { tag: [t.deleted, t.invalid], class: INVALID },
]);
