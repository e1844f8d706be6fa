// The colours of highlighted code (GitHub's dark theme), and what each style a stream mode
// names is painted in. Plain data, so code in stream-mode languages is coloured without
// loading Lezer (80 KB of modules); code-theme.ts gives Lezer's parsers the same colours as
// highlight tags, and a test checks that both agree on every style.

export const CODE_FOREGROUND = '#e1e4e8';
export const COMMENT = '#6a737d';
export const KEYWORD = '#f97583';
export const STRING = '#9ecbff';
export const CONSTANT = '#79b8ff';
export const ENTITY = '#b392f0';
export const TAG = '#85e89d';
export const VARIABLE = '#ffab70';
export const REGEXP = '#dbedff';
export const INVALID = '#fdaeb7';

/**
 * Stream-mode styles in CodeMirror 5's words (`variable-2`, `def`, `builtin`) and Lezer's tag
 * names (`typeName`, `variableName.function`), with the colour code-theme.ts gives the tag
 * each stands for. A style not listed is painted in the foreground; `base.modifier` not listed
 * takes the colour of its base.
 */
const STYLE_COLOURS = new Map<string, string>([
  ...words(COMMENT, 'comment lineComment blockComment docComment'),
  ...words(KEYWORD, 'keyword qualifier modifier operatorKeyword controlKeyword definitionKeyword moduleKeyword operator arithmeticOperator logicOperator bitwiseOperator compareOperator updateOperator definitionOperator typeOperator controlOperator'),
  ...words(STRING, 'string string-2 docString character attributeValue'),
  ...words(REGEXP, 'regexp url link'),
  ...words(CONSTANT, 'builtin header property propertyName number integer float bool escape self null atom unit heading heading1 heading2 heading3 heading4 heading5 heading6 monospace processingInstruction name.constant name.standard variableName.constant variableName.standard labelName.constant labelName.standard'),
  ...words(ENTITY, 'attribute type typeName attributeName className namespace macroName meta documentMeta annotation variableName.function propertyName.function'),
  ...words(TAG, 'tag tagName quote inserted'),
  ...words(VARIABLE, 'variable-2 changed variableName.special'),
  ...words(INVALID, 'error deleted invalid'),
]);

function words(colour: string, list: string): Array<[string, string]> {
  return list.split(' ').map((w) => [w, colour]);
}

function colourOfWord(word: string): string | undefined {
  const colour = STYLE_COLOURS.get(word);
  if (colour !== undefined || !word.includes('.')) return colour;
  return STYLE_COLOURS.get(word.slice(0, word.indexOf('.')));
}

/** A stream mode's style ("keyword", "variable-2", "tag bracket") → its colour; of several
 * words, the last one that has a colour wins (the innermost, as Lezer's highlighter orders them). */
export function colourOfStyle(style: string | null): string {
  if (!style) return CODE_FOREGROUND;
  let colour = styleCache.get(style);
  if (colour === undefined) {
    for (const word of style.split(' ')) colour = colourOfWord(word) ?? colour;
    colour ??= CODE_FOREGROUND;
    styleCache.set(style, colour);
  }
  return colour;
}

const styleCache = new Map<string, string>();
