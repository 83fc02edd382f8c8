/** Types for the parts of subset-font (harfbuzz hb-subset in wasm, CommonJS, ships no types) that server/charts/render.ts uses. */
declare module 'subset-font' {
  interface SubsetFontOptions {
    /** Output format; 'sfnt' and 'truetype' both mean a plain TTF/OTF. Default: the input's format. */
    targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2';
    /** OpenType layout features to keep; default: all of them. */
    keepFeatures?: string[];
  }
  /** A font with only the glyphs needed for `text` (and what GSUB can reach from them). Calls are serialised. */
  function subsetFont(font: Buffer, text: string, options?: SubsetFontOptions): Promise<Buffer>;
  export default subsetFont;
}
