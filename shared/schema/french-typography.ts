/**
 * French typography for template and demo text, so source strings can be typed plainly
 * (`Objet : la charte`, `l'École`) and still reach the document correctly set:
 * - a no-break space (U+00A0) before `:` and inside `« »`;
 * - a narrow no-break space (U+202F) before `;`, `!`, `?` (Imprimerie nationale usage);
 * - the typographic apostrophe `’` instead of `'`;
 * - a narrow no-break space between digit groups (`60 000`) and a no-break space before `%`.
 * Only text nodes are touched: attributes such as link targets keep their exact value.
 */
import type { PmDoc, PmElement, PmNode, PmText } from './prosemirror-json.js';

/** No-break space, before `:` and inside guillemets. */
export const NBSP = '\u00a0';
/** Narrow no-break space, before `;`, `!` and `?`. */
export const NNBSP = '\u202f';

/** Applies French spacing and apostrophes to one string. Idempotent. */
export function frenchTypography(text: string): string {
  return text
    .replace(/'/g, '’')
    .replace(/[ \u00a0\u202f]*:(?=\s|$)/g, `${NBSP}:`)
    .replace(/[ \u00a0\u202f]*([;!?])(?=\s|$|»)/g, `${NNBSP}$1`)
    .replace(/«[ \u00a0]*/g, `«${NBSP}`)
    .replace(/[ \u00a0]*»/g, `${NBSP}»`)
    .replace(/(\d)[ \u00a0](?=\d{3}(?!\d))/g, `$1${NNBSP}`)
    .replace(/(\d)[ \u202f]*%/g, `$1${NBSP}%`);
}

function fix(node: PmNode): PmNode {
  if (node.type === 'text') {
    const text = node as PmText;
    return { ...text, text: frenchTypography(text.text) };
  }
  const el = node as PmElement;
  return el.content === undefined ? el : { ...el, content: el.content.map(fix) };
}

/** A copy of `json` with French typography applied to every text node. */
export function frenchDoc(json: PmDoc): PmDoc {
  return fix(json) as PmDoc;
}
