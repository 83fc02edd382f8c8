/** OpenAPI document generated from the route schemas, browsable at /api/docs. */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'X-Pilot Analytics API',
          description: '1+X 证书试点数据：命名查询、导出与导入。Named queries over the 1+X certificate pilot data.',
          version: '0.1.0',
        },
        tags: [{ name: 'queries' }, { name: 'sql', description: 'SQL 控制台：沙箱中的只读 SQL、表结构、历史与保存的查询' }, { name: 'health' }],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
  },
  { name: 'swagger' },
);
