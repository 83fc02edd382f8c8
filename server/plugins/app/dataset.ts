/** Checks the database's integrity and loads (or refreshes) the default dataset before the server answers. */
import fp from 'fastify-plugin';
import { ensureDefaultDataset } from '../../dataset/ensure.js';

export default fp(
  async (app, opts: { dataDir: string }) => {
    // A repair is logged as a warning, so the default LOG_LEVEL (warn) shows it.
    const { loaded, version } = await ensureDefaultDataset(app.db, opts.dataDir, (message, report) =>
      app.log.warn({ removed: report.removed, pending: report.pending }, message),
    );
    app.log.info({ version, loaded }, loaded ? 'default dataset loaded' : 'default dataset up to date');
  },
  { name: 'dataset', dependencies: ['duckdb'] },
);
