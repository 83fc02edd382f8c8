import { describe, expect, it } from 'vitest';
import { cssString, escapeHtml, richSpan, richText, unescapeHtml, unescapeRich } from './escape';
import { BLNS } from './fixtures/hostile';

describe('escapeHtml', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&#60;img src=x onerror=alert(1)&#62;'],
    ['"a" & \'b\'', '&#34;a&#34; &#38; &#39;b&#39;'],
    ['广州城市职业学院', '广州城市职业学院'],
    [null, ''],
    [42, '42'],
  ])('%s → %s', (input, out) => expect(escapeHtml(input)).toBe(out));

  it(`leaves no markup character in any of ${BLNS.length} blns strings, and unescapes to the string`, () => {
    for (const s of BLNS) {
      const e = escapeHtml(s);
      expect(e).not.toMatch(/[<>"']/);
      expect(unescapeHtml(e)).toBe(s);
    }
  });
});

describe('richText / richSpan (canvas labels with a rich table)', () => {
  it.each([
    ['{b|x}', '{\u200db|x}'],
    ['{b}', '{b}'],
    ['a{city|红}b', 'a{\u200dcity|红}b'],
  ])('richText(%s) breaks style tokens only', (input, out) => expect(richText(input)).toBe(out));

  it('richSpan keeps a } inside the text as plain text between two tokens', () => {
    expect(richSpan('city', '北京}x')).toBe('{city|北京}}{city|x}');
    expect(unescapeRich(richSpan('city', '北京}x'))).toBe('北京}x');
  });

  it('every blns string draws literally', () => {
    for (const s of BLNS) {
      expect(unescapeRich(richText(s))).toBe(s);
      expect(unescapeRich(richSpan('city', s))).toBe(s);
    }
  });
});

describe('cssString (the report’s print header)', () => {
  it('cannot end the string, the rule or the <style> element', () => {
    const css = cssString('a"; } </style><script>window.__pwned=1</script>');
    expect(css).toBe('"a\\22 \\3b  \\7d  \\3c /style\\3e \\3c script\\3e window.__pwned=1\\3c /script\\3e "');
    expect(css.slice(1, -1)).not.toMatch(/["<>{};]/);
  });
  it('leaves Chinese text as it is', () => expect(cssString('2020 年度报告')).toBe('"2020 年度报告"'));
});
