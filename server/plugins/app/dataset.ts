/** Loads (or refreshes) the default dataset before the server answers. */
import fp from 'fastify-plugin';
import { ensureDefaultDataset } from '../../dataset/ensure.js';

export default fp(
  async (app, opts: { dataDir: string }) => {
    const { loaded, version } = await ensureDefaultDataset(app.db, opts.dataDir);
    app.log.info({ version, loaded }, loaded ? 'default dataset loaded' : 'default dataset up to date');
  },
  { name: 'dataset', dependencies: ['duckdb'] },
);
