// The colours of highlighted code: GitHub's dark theme, as Lezer highlight tags. Each rule's
// "class" is the colour itself, so a tag resolves straight to what the scene paints.
import { tagHighlighter, tags as t } from '@lezer/highlight';

export const CODE_FOREGROUND = '#e1e4e8';

const COMMENT = '#6a737d';
const KEYWORD = '#f97583';
const STRING = '#9ecbff';
const CONSTANT = '#79b8ff';
const ENTITY = '#b392f0';
const TAG = '#85e89d';
const VARIABLE = '#ffab70';
const REGEXP = '#dbedff';
const INVALID = '#fdaeb7';

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
