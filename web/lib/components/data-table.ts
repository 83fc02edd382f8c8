/** A chart's data as a plain table of display strings (what "查看数据" shows). */
export interface DataTableColumn {
  label: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

export interface DataTable {
  /** Suffix of the test id of a second, third… table of a card (`table-<card>-<key>`). */
  key?: string;
  caption?: string;
  columns: DataTableColumn[];
  /** Cells already formatted for display. */
  rows: string[][];
  /** Rows drawn as a footer (e.g. 合计). */
  footer?: string[][];
  /** Per body row: draw it in the warning colour (e.g. a total that disagrees with the document). */
  warnRows?: boolean[];
  /** Per body cell, parallel to `rows`: a link for the cell's text (e.g. a certificate's page). */
  cellHrefs?: (string | null | undefined)[][];
}
